"""Rules for ``data/clients.yml`` and for people's ``employer``: a client (mode ``provider``) or
the provider itself (mode ``in-house``).

A client's SIRET is held to the same check as the provider's. Each client's documents go to a
folder of its own (``report/clients.py``), so two spellings of employers that would share a
folder are an error: the folder sent to one company must never hold another's staff.
"""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawProject
from ..model import Client, Person, Provider
from ..report.clients import client_key, named, normalized
from . import identifiers


def check_clients(clients: dict[str, Client], source: Source | None, mode: str | None,
                  diag: Diagnostics) -> None:
    if source is None:
        return
    if mode == "in-house":
        diag.warning(source.path, 1, "", "clients are only used in mode 'provider': this file is ignored")
    for client_id, client in clients.items():
        if client.siret is not None and (problem := identifiers.siret_problem(client.siret)):
            diag.error(source.path, source.line(client_id, "siret"), f"{client_id}.siret", problem)


def check_employers(mode: str | None, provider: Provider | None, clients: dict[str, Client], raw: RawProject,
                    people: dict[str, Person], diag: Diagnostics) -> None:
    """People's employers: clients in mode provider, the provider itself in mode in-house."""
    if mode == "provider":
        check_client_employers(clients, raw.clients is not None, raw.people, people, diag)
    elif mode == "in-house" and provider is not None:
        check_in_house_employers(provider, raw.people, people, diag)


def check_client_employers(clients: dict[str, Client], clients_file: bool, people_src: Source | None,
                           people: dict[str, Person], diag: Diagnostics) -> None:
    """Employers that would share a client folder, and (with clients.yml) employers not in it."""
    if people_src is None:
        return
    seen: dict[str, tuple[tuple[str, str], str, int]] = {}  # slug -> (identity, as written, line)
    for index, row in enumerate(people_src.data):
        person_id = row.get("id") if isinstance(row, dict) else None
        person = people.get(person_id) if isinstance(person_id, str) else None
        if person is None or person.employer is None:
            continue
        line = people_src.line(index, "employer")
        slug, client_id = client_key(clients, person.employer)
        identity = ("id", client_id) if client_id else ("text", normalized(person.employer))
        if not _in_clients_file(clients, clients_file, person.employer, slug, client_id,
                                (people_src.path, line), diag):
            continue
        previous = seen.setdefault(slug, (identity, person.employer, line))
        if previous[0] != identity:
            diag.error(people_src.path, line, "employer",
                       f"'{person.employer}' and '{previous[1]}' (line {previous[2]}) would share the folder "
                       f"clients/{slug}/: write the same employer the same way, or give each company "
                       "its own id in data/clients.yml")


def _in_clients_file(clients: dict[str, Client], clients_file: bool, employer: str, slug: str,
                     client_id: str | None, where: tuple[str, int], diag: Diagnostics) -> bool:
    """Whether ``employer`` names one client, or none and has a folder of its own; an employer
    named as two clients, or whose folder is named after another client's id, is an error (the
    folder sent to that client would hold this company's staff), and ``False``."""
    if employer not in clients and len(matches := named(clients, employer)) > 1:
        ids = ", ".join(f"'{client}'" for client in matches)
        diag.error(*where, "employer", f"'{employer}' is the legal_name of several clients in data/clients.yml "
                   f"({ids}): write the id of the one that employs this person")
        return False
    if client_id is None and slug in clients:
        diag.error(*where, "employer", f"'{employer}' is not in data/clients.yml, yet its folder would be "
                   f"clients/{slug}/, the folder of client '{slug}' ({clients[slug].legal_name}): write that id "
                   "if it is the same company, or give this one an id of its own in data/clients.yml")
        return False
    if clients_file and client_id is None:
        diag.warning(*where, "employer", f"'{employer}' is neither a client id nor a legal_name in "
                     f"data/clients.yml: its documents go to clients/{slug}/")
    return True


def check_in_house_employers(provider: Provider, people_src: Source | None, people: dict[str, Person],
                             diag: Diagnostics) -> None:
    """Mode in-house: the attestation is the employer's own (docs/certificates.md); a trainee
    recorded as another company's employee would get one naming two employers. Said once per
    employer, at its first line."""
    if people_src is None:
        return
    own = normalized(provider.legal_name)
    others: dict[str, tuple[str, int, int]] = {}  # normalized employer -> (as written, first line, people)
    for index, row in enumerate(people_src.data):
        person = people.get(row.get("id")) if isinstance(row, dict) and isinstance(row.get("id"), str) else None
        if person is None or person.employer is None or normalized(person.employer) == own:
            continue
        written, line, count = others.get(normalized(person.employer),
                                          (person.employer, people_src.line(index, "employer"), 0))
        others[normalized(person.employer)] = (written, line, count + 1)
    for written, line, count in others.values():
        who = "1 person" if count == 1 else f"{count} people"
        diag.warning(people_src.path, line, "employer",
                     f"'{written}' ({who}) is not the provider, {provider.legal_name}: in mode in-house the "
                     "attestation is issued by the employer to its own staff and would name both; leave "
                     "employer out for the provider's staff, or train another company's staff in mode provider")
