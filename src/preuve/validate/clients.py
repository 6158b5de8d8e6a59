"""Rules for ``data/clients.yml`` and for employers, people's and those a session records for a
trainee who changed employer since: a client (mode ``provider``) or the provider itself (mode
``in-house``).

A client's SIRET is held to the same check as the provider's. Each client's documents go to a
folder of its own (``report/clients.py``), so two spellings of employers that would share a
folder are an error: the folder sent to one company must never hold another's staff.

A trainee's ``status`` says whether they train as an employee (the default) or not: only an
employee has an employer, so only theirs is checked as a client (a self-employed trainee's
``employer`` is their own business); a job seeker's or a private person's ``employer`` is an error,
as documents would have to print a false "employee of" or silently drop a recorded fact. In mode
in-house everyone trained is the company's staff, so a status other than ``employee`` is an error.
Rules for users: docs/records.md, "Trainees who are not employees".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawProject
from ..model import Client, Participant, Person, Provider
from ..report.clients import client_key, named, normalized
from . import identifiers
from .schema import field_name


def check_clients(clients: dict[str, Client], source: Source | None, mode: str | None,
                  diag: Diagnostics) -> None:
    if source is None:
        return
    if mode == "in-house":
        diag.warning(source.path, 1, "", "clients are only used in mode 'provider': this file is ignored")
    first_with: dict[str, str] = {}  # SIRET -> the first client id that has it
    for client_id, client in clients.items():
        if client.siret is not None and (problem := identifiers.siret_problem(client.siret)):
            diag.error(source.path, source.line(client_id, "siret"), f"{client_id}.siret", problem)
        elif client.siret is not None and (other := first_with.setdefault(client.siret, client_id)) != client_id:
            diag.warning(source.path, source.line(client_id, "siret"), f"{client_id}.siret",
                         f"the same as client '{other}' (line {source.line(other, 'siret')}): one establishment under "
                         "two ids splits its documents between two folders; keep one id")


@dataclass(frozen=True, slots=True)
class Employer:
    """One employer as written: a person's in people.yml, or a participant's in a session's
    attendance (their employer at that session, when they changed employer since)."""

    written: str
    path: str
    line: int
    field: str


def _listed(raw: RawProject, people: dict[str, Person]) -> list[tuple[int, Person]]:
    """``(index in people.yml, person)`` of every valid person, in the file's order."""
    rows = raw.people.data if raw.people is not None else ()
    return [(index, people[row["id"]]) for index, row in enumerate(rows)
            if isinstance(row, dict) and isinstance(row.get("id"), str) and row["id"] in people]


def _status_at(participant: Participant, people: dict[str, Person]) -> str | None:
    """A participant's status at their session (``Records.status_in``), None for an unknown person."""
    person = people.get(participant.person_id)
    return participant.status or person.status if person is not None else None


def employers(raw: RawProject, people: dict[str, Person], recorded: list, status: str = "employee") -> list[Employer]:
    """Every ``employer`` written for a trainee of ``status`` (an employee's employer, or a
    self-employed trainee's own business), people.yml's first (in its order), then the sessions'
    participants'."""
    found = []
    people_src = raw.people
    for index, person in _listed(raw, people):
        if person.employer is not None and person.status == status:
            found.append(Employer(person.employer, people_src.path, people_src.line(index, "employer"), "employer"))
    for rs, _session, attendance in recorded:
        for index, participant in enumerate(attendance.participants):
            if participant.employer is not None and _status_at(participant, people) == status:
                loc = ("participants", index, "employer")
                found.append(Employer(participant.employer, rs.attendance.path, rs.attendance.line(*loc),
                                      field_name(loc)))
    return found


def check_employers(mode: str | None, provider: Provider | None, clients: dict[str, Client], raw: RawProject,
                    people: dict[str, Person], recorded: list, diag: Diagnostics) -> None:
    """Employers, people's and sessions' participants' (``recorded``: (raw session, session,
    attendance) of each session with attendance): clients in mode provider, the provider itself
    in mode in-house."""
    check_statuses(mode, raw, people, recorded, diag)
    written = employers(raw, people, recorded)
    if mode == "provider":
        check_client_employers(clients, raw.clients is not None, written, diag)
        check_businesses(clients, employers(raw, people, recorded, "self-employed"), diag)
    elif mode == "in-house" and provider is not None:
        check_in_house_employers(provider, written, diag)


def check_businesses(clients: dict[str, Client], written: list[Employer], diag: Diagnostics) -> None:
    """A self-employed trainee's business that is a client of data/clients.yml: most likely its
    employee, whose documents would then be missing from the client's folder and dossier."""
    for use in written:
        _slug, client_id = client_key(clients, use.written)
        if client_id is not None:
            name = clients[client_id].legal_name
            diag.warning(use.path, use.line, use.field,
                         f"'{use.written}' is client '{client_id}' ({name}) of data/clients.yml, given as a "
                         f"self-employed trainee's own business: documents say \"self-employed ({name})\" and "
                         f"clients/{client_id}/ holds nothing of theirs; if they are its employee, correct status")


def check_client_employers(clients: dict[str, Client], clients_file: bool, written: list[Employer],
                           diag: Diagnostics) -> None:
    """Employers that would share a client folder, and (with clients.yml) employers not in it."""
    seen: dict[str, tuple[tuple[str, str], Employer]] = {}  # slug -> (identity, first written)
    for use in written:
        slug, client_id = client_key(clients, use.written)
        identity = ("id", client_id) if client_id else ("text", normalized(use.written))
        if not _in_clients_file(clients, clients_file, use, slug, client_id, diag):
            continue
        previous = seen.setdefault(slug, (identity, use))
        if previous[0] != identity:
            first = previous[1]
            where = f"line {first.line}" if first.path == use.path else f"{first.path}:{first.line}"
            diag.error(use.path, use.line, use.field,
                       f"'{use.written}' and '{first.written}' ({where}) would share the folder "
                       f"clients/{slug}/: write the same employer the same way, or give each company "
                       "its own id in data/clients.yml")


def _in_clients_file(clients: dict[str, Client], clients_file: bool, use: Employer, slug: str,
                     client_id: str | None, diag: Diagnostics) -> bool:
    """Whether ``use`` names one client, or none and has a folder of its own; an employer
    named as two clients, or whose folder is named after another client's id, is an error (the
    folder sent to that client would hold this company's staff), and ``False``."""
    employer, where = use.written, (use.path, use.line, use.field)
    if employer not in clients and len(matches := named(clients, employer)) > 1:
        ids = ", ".join(f"'{client}'" for client in matches)
        diag.error(*where, f"'{employer}' is the legal_name of several clients in data/clients.yml "
                   f"({ids}): write the id of the one that employs this person")
        return False
    if client_id is None and slug in clients:
        diag.error(*where, f"'{employer}' is not in data/clients.yml, yet its folder would be "
                   f"clients/{slug}/, the folder of client '{slug}' ({clients[slug].legal_name}): write that id "
                   "if it is the same company, or give this one an id of its own in data/clients.yml")
        return False
    if clients_file and client_id is None:
        diag.warning(*where, f"'{employer}' is neither a client id nor a legal_name in "
                     f"data/clients.yml: its documents go to clients/{slug}/")
    return True


def check_in_house_employers(provider: Provider, written: list[Employer], diag: Diagnostics) -> None:
    """Mode in-house: the attestation is the employer's own (docs/certificates.md); a trainee
    recorded as another company's employee would get one naming two employers. Said once per
    employer and file, at its first line."""
    own = normalized(provider.legal_name)
    others: dict[tuple[str, str], tuple[Employer, int]] = {}  # (file, normalized) -> (first written, people)
    for use in written:
        if normalized(use.written) != own:
            first, count = others.get((use.path, normalized(use.written)), (use, 0))
            others[(use.path, normalized(use.written))] = (first, count + 1)
    for first, count in others.values():
        who = "1 person" if count == 1 else f"{count} people"
        diag.warning(first.path, first.line, first.field,
                     f"'{first.written}' ({who}) is not the provider, {provider.legal_name}: in mode in-house the "
                     "attestation is issued by the employer to its own staff and would name both; leave "
                     "employer out for the provider's staff, or train another company's staff in mode provider")


NO_EMPLOYER = {"job-seeker": "a job seeker", "individual": "a private person"}


def check_statuses(mode: str | None, raw: RawProject, people: dict[str, Person], recorded: list,
                   diag: Diagnostics) -> None:
    """People's and participants' ``status`` against the mode and their ``employer``; the
    employer people.yml lacks for an employee is reported with provider.yml's rules."""
    src = raw.people
    for index, person in _listed(raw, people):
        _status_fits(mode, person.status, person.employer, (src.path, src.line(index, "status")),
                     (src.path, src.line(index, "employer"), "employer"), "", diag)
    for rs, _session, attendance in recorded:
        for index, participant in enumerate(attendance.participants):
            _participant_fits(mode, rs.attendance, index, participant, people, diag)


def _participant_fits(mode: str | None, src: Source, index: int, participant: Participant,
                      people: dict[str, Person], diag: Diagnostics) -> None:
    """A participant's own ``status`` or ``employer`` (their situation at the session, when it is
    not people.yml's) against the mode and the status they had then."""
    status = _status_at(participant, people)
    if status is None or (participant.status is None and participant.employer is None):
        return
    loc = ("participants", index)
    at = (src.path, src.line(*loc, "employer"), field_name((*loc, "employer")))
    own = participant.status is not None
    _status_fits(mode if own else None, status, participant.employer, (src.path, src.line(*loc, "status")), at,
                 "" if own else " in data/people.yml", diag, field_name((*loc, "status")))
    if own and mode == "provider" and status == "employee" and participant.employer is None:
        diag.error(*at, "required in mode 'provider' for an employee (status: employee): the trainee's "
                   "employer company at this session")


def _status_fits(mode: str | None, status: str, employer: str | None, stated: tuple[str, int],
                 at: tuple[str, int, str], origin: str, diag: Diagnostics, status_field: str = "status") -> None:
    """Whether a status may be used in this mode, and whether an ``employer`` may go with it."""
    if mode == "in-house" and status != "employee":
        diag.error(*stated, status_field, f"'{status}' is for mode 'provider': in mode in-house everyone trained "
                   "is the company's own staff, to whom it issues an internal attestation; leave status out")
    elif employer is not None and status in NO_EMPLOYER:
        hint = ("add status: employee to this participant if they were an employee at this session"
                if origin else "leave employer out, or correct status")
        diag.error(*at, f"'{employer}' is given for {NO_EMPLOYER[status]} (status: {status}{origin}), who has "
                   f"no employer: documents would name one; {hint}")
