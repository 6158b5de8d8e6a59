"""Plan each client's folder (pure), in mode ``provider``: what a provider sends one client.

``clients/<slug>/`` holds, for that client's staff only: the AI-literacy dossier of its current
staff (``literacy.pdf``, planned with the other PDFs; ``literacy.html``; ``literacy.json``), a copy
of every certificate and certificat de réalisation issued to a trainee it employed at the session
(someone who has moved on leaves their earlier documents with their former employer) and of the
programmes of those sessions,
and an ``index.html`` listing those documents with their verification codes and SHA-256, so the
folder is complete on its own and can be checked with its ``SHA256SUMS``. Attendance sheets are
left out: a session's sheet names every trainee, of every client. ``clients/<slug>.zip`` is the
same folder as one deterministic archive (``outputs/clients.py`` writes both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .dossier import Scope, client_context, matrix_context
from .pages import BuildStamp, page_base
from .facts import CERTIFICATE, REALISATION, document_facts
from .plan import LITERACY_PDF, BuildInfo, Job
from .records import Records
from .report.clients import ClientGroup, provider_clients, session_client
from .report.literacy import Coverage, literacy_json


@dataclass(frozen=True, slots=True)
class ClientFolder:
    slug: str
    folder: str                          # clients/<slug>/
    pages: tuple[Job, ...]               # outputs relative to the version
    copies: tuple[tuple[str, str], ...]  # (output, the document of the version it copies)
    literacy: dict[str, Any]             # literacy.json

    @property
    def archive(self) -> str:
        return f"clients/{self.slug}.zip"


def _documents(records: Records, group: ClientGroup, hashes: dict[str, str]) -> tuple[list, list, list]:
    """(certificates, programmes, copies) of the sessions the group employed a trainee at, read from
    the version's documents: a trainee's documents of a session go to their employer at that session
    (``attendance.yml``'s ``employer``, else people.yml's), never to a later one."""
    certificates, programmes, copies = [], [], []
    for s in records.sessions:
        present = [p for p in s.presences() if p.present and session_client(records, p.participant) == group.slug]
        if not present:
            continue
        source = f"sessions/{s.id}/programme.pdf"
        programmes.append({"title": s.session.title, "start": s.start.isoformat(), "end": s.end.isoformat(),
                           "href": f"programmes/{s.id}.pdf", "sha256": hashes[source]})
        copies.append((f"programmes/{s.id}.pdf", source))
        for presence in present if s.ended else ():  # no certificate yet for a session under way
            person = records.people[presence.participant.person_id]
            facts = document_facts(records, s, presence, CERTIFICATE)
            attended, assessment = facts["attendance"], facts["assessment"]
            source = f"sessions/{s.id}/certificates/{person.id}.pdf"
            entry = {"name": person.full_name, "sort": list(person.sort_key), "title": s.session.title,
                     "start": attended["start"], "end": attended["end"], "hours": attended["hours_attended"],
                     "result": assessment["result"] if assessment else None, "assessed": assessment is not None,
                     "code": facts["code"],
                     "href": f"certificates/{s.id}/{person.id}.pdf", "sha256": hashes[source], "realisation": None}
            copies.append((entry["href"], source))
            if s.funding_of(presence.participant) is not None:
                real = f"sessions/{s.id}/certificat-de-realisation/{person.id}.pdf"
                entry["realisation"] = {"href": f"certificats-de-realisation/{s.id}/{person.id}.pdf",
                                        "sha256": hashes[real],
                                        "code": document_facts(records, s, presence, REALISATION)["code"]}
                copies.append((entry["realisation"]["href"], real))
            certificates.append(entry)
    certificates.sort(key=lambda c: (c["sort"], c["start"] or "", c["title"]))
    return certificates, programmes, copies


def _folder(records: Records, build: BuildInfo, prov: BuildStamp, cov: Coverage, group: ClientGroup,
            hashes: dict[str, str]) -> ClientFolder:
    scope = Scope(group)
    folder = scope.folder
    base = {**page_base(records, build, prov, ""), "title": group.legal_name, "client": client_context(group)}
    certificates, programmes, copies = _documents(records, group, hashes)
    scoped = scope.coverage(cov, records)
    index = {**base, "counts": scoped.counts(), "certificates": certificates, "programmes": programmes,
             "literacy_pdf": hashes[f"{folder}{LITERACY_PDF}"]}
    pages = (Job(f"{folder}index.html", "client.html.j2", index, ()),
             Job(f"{folder}literacy.html", "literacy.html.j2", {**base, **matrix_context(records, cov, scope)}, ()))
    return ClientFolder(group.slug, folder, pages, tuple((folder + out, src) for out, src in copies),
                        literacy_json(scoped, {pid: group.slug for pid in group.people}))


def plan_client_folders(records: Records, build: BuildInfo, prov: BuildStamp, cov: Coverage,
                        hashes: dict[str, str]) -> list[ClientFolder]:
    """One folder per client (none in-house); ``hashes``: every document already produced."""
    return [_folder(records, build, prov, cov, group, hashes) for group in provider_clients(records)]
