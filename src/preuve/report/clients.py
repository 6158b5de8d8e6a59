"""A provider's clients: which trainees belong to which client company, and the folder of each.

In mode ``provider`` each person's ``employer`` is either the id of a client described in
``data/clients.yml`` or free text (the company's name, as written before clients.yml existed).
Free text written exactly as a client's ``legal_name`` (case and spacing aside) is that client,
so a repository can add clients.yml without rewriting people.yml. Every client gets a folder
``clients/<slug>/`` in the version: its id, or for free text a slug of the name that never changes
as long as the name does not. Two spellings that would share a folder are an error, reported by
the validate stage, because one folder per client is what keeps one client's staff out of the
documents sent to another. A trainee who is not an employee (``status``: self-employed, job
seeker, private person) belongs to no client, even when ``employer`` names a self-employed
trainee's own business: their documents stay in the session's folder. The rules, for users:
docs/literacy.md, "Clients and employers".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Client, Participant, Person
from ..naming import collate
from ..portable import windows_reserved
from ..records import Records
from ..values import SLUG_RE

# A client's folder name, which its archive's path holds twice once extracted (``clients/<slug>.zip``
# into ``<slug>\\<slug>-<version>\\``): a longer one left too little of Windows' 259 characters for
# the session's folder and the person's id (``validate/paths.py``).
MAX_SLUG = 40


@dataclass(frozen=True, slots=True)
class ClientGroup:
    slug: str
    legal_name: str
    siret: str | None
    contact: str | None
    described: bool            # found in data/clients.yml
    people: tuple[str, ...]    # person ids, in French order


# Apostrophes as typed by a keyboard, a word processor or a phone: one and the same in a name.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def normalized(text: str) -> str:
    """A name compared with another: spacing folded, case and the kind of apostrophe ignored."""
    return " ".join(text.translate(APOSTROPHES).split()).casefold()


def name_slug(name: str) -> str:
    """``Boulangeries Réunies SAS`` → ``boulangeries-reunies-sas``, ``Mutuelle de l’Ouest`` (either
    apostrophe) → ``mutuelle-de-l-ouest``; a long name is cut after its last whole word within
    :data:`MAX_SLUG` characters; a name without any Latin letter or digit, or whose slug
    Windows reserves for a device (``Aux``, ``NUL``: ``portable``), gets ``client-`` and a short hash
    of the name, which is just as stable."""
    plain = unicodedata.normalize("NFKD", name.translate(APOSTROPHES)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > MAX_SLUG:  # cut after a whole word when one ends past half the length
        cut = slug[:MAX_SLUG + 1].rfind("-")
        slug = slug[:cut if cut > MAX_SLUG // 2 else MAX_SLUG].strip("-")
    if not slug or not SLUG_RE.match(slug) or windows_reserved(slug):
        slug = "client-" + hashlib.sha256(normalized(name).encode()).hexdigest()[:10]
    return slug


def named(clients: dict[str, Client], employer: str) -> list[str]:
    """The ids of the clients whose ``legal_name`` is ``employer`` (case and spacing aside), sorted;
    more than one is an error of the validate stage (two establishments of one company)."""
    wanted = normalized(employer)
    return [client_id for client_id in sorted(clients) if normalized(clients[client_id].legal_name) == wanted]


def client_key(clients: dict[str, Client], employer: str) -> tuple[str, str | None]:
    """``(slug, client id or None)`` for an employer as written in people.yml."""
    if employer in clients:
        return employer, employer
    if matches := named(clients, employer):
        return matches[0], matches[0]
    return name_slug(employer), None


def client_groups(clients: dict[str, Client], people: list[Person],
                  former: Iterable[str] = ()) -> tuple[ClientGroup, ...]:
    """One group per client that employs at least one of ``people`` (already in French order), or
    that is one of the ``former`` employers a session records for a trainee who changed employer
    since (a group whose ``people`` may be empty: its folder holds that session's documents), in
    French order of their names. Free-text employers keep their first spelling as the name shown."""
    groups: dict[str, dict] = {}
    employers = [(person.employer, person.id) for person in people
                 if person.employer is not None and person.status == "employee"]
    for employer, person_id in [*employers, *((employer, None) for employer in former)]:
        slug, client_id = client_key(clients, employer)
        client = clients.get(client_id or "")
        group = groups.setdefault(slug, {
            "legal_name": client.legal_name if client else " ".join(employer.split()),
            "siret": client.siret if client else None, "contact": client.contact if client else None,
            "described": client is not None, "people": []})
        if person_id is not None:
            group["people"].append(person_id)
    return tuple(ClientGroup(slug, g["legal_name"], g["siret"], g["contact"], g["described"], tuple(g["people"]))
                 for slug, g in sorted(groups.items(), key=lambda item: (collate(item[1]["legal_name"]), item[0])))


def provider_clients(records: Records) -> tuple[ClientGroup, ...]:
    """The client groups of a provider's records (everyone, current or not, and the employers
    sessions record for trainees who changed employer since); none in-house."""
    if records.settings.mode != "provider":
        return ()
    former = (employer for s in records.sessions for p in s.participants
              if p.employer is not None and (employer := records.client_employer_in(p)) is not None)
    return client_groups(records.clients, sorted(records.people.values(), key=lambda p: p.sort_key), former)


def session_client(records: Records, participant: Participant) -> str | None:
    """The slug of the client folder that receives a trainee's documents of one session: that of
    their employer at the session (:meth:`Records.client_employer_in`); none for a trainee who
    was not an employee then."""
    employer = records.client_employer_in(participant)
    return client_key(records.clients, employer)[0] if employer is not None else None


def slug_by_person(groups: tuple[ClientGroup, ...]) -> dict[str, str]:
    return {person: group.slug for group in groups for person in group.people}
