"""Every trainee's documents, and the record files copied under ``sources/``, fit in a Windows
path once their archive is extracted.

Ids name the documents (``sessions/<session>/certificat-de-realisation/<person>.pdf``, and in a
client's archive ``<client>-<version>/certificats-de-realisation/<session>/<person>.pdf``): a long
session folder, person id and client id together can make a path Windows Explorer refuses to
extract (``portable``), and the clerk who receives the archive gets an error instead of the
certificate. The images of data/provider.yml and the files of layouts/ keep their names under
``sources/``; the evidence files' names are checked with the session (``sessions.py``).
"""

from __future__ import annotations

import posixpath

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawProject
from ..model import Participant
from ..portable import (DOWNLOADS, EXTRACTED_UNDER, VERSION_PREFIX, WINDOWS_MAX_PATH, extraction_problem,
                        windows_length)
from ..records import Records, SessionRecord
from ..report.clients import session_client

# A client's archive, ``clients/<client>.zip``, as Explorer extracts it: into a folder of its name.
CLIENT_UNDER = DOWNLOADS + "{client}\\{client}-" + VERSION_PREFIX


def check_copied_names(raw: RawProject, diag: Diagnostics) -> None:
    """An error at each layout file or provider image (named by the user, copied into ``sources/``)
    that Windows Explorer could not extract."""
    for ref in (*raw.layouts, *raw.assets.values()):
        if problem := extraction_problem(ref.path, f"sources/{ref.path}", "the file name"):
            diag.error(ref.path, 0, "", problem)


def fits_windows_paths(records: Records, attendances: list[Source | None], diag: Diagnostics) -> bool:
    """Whether every participant's certificate (or certificat de réalisation) fits in a Windows
    path in the version's archive and in their client's; an error at each one that does not.
    ``attendances``: the attendance files, by their folder."""
    sources = {posixpath.dirname(src.path): src for src in attendances if src is not None}
    fits, provider = True, records.settings.mode == "provider"  # in-house, there are no client folders
    for s in records.sessions:
        src = sources.get(s.folder)
        for j, participant in enumerate(s.participants if src is not None else ()):
            client = session_client(records, participant) if provider else None
            if problem := _too_long(s, participant, client):
                diag.error(src.path, src.line("participants", j, "person"), f"participants[{j}].person", problem)
                fits = False
    return fits


def _too_long(s: SessionRecord, participant: Participant, client: str | None) -> str | None:
    """Why the participant's document of session ``s`` (their certificat de réalisation, the
    longer path, when someone funds them) would not extract on Windows, or ``None``."""
    person = participant.person_id
    kind, client_kind = (("certificat-de-realisation", "certificats-de-realisation") if s.funding_of(participant)
                         else ("certificates", "certificates"))
    version = EXTRACTED_UNDER + VERSION_PREFIX
    paths = [(version, f"sessions/{s.id}/{kind}/{person}.pdf", "the version's archive")]
    if client is not None:
        inside = f"{client_kind}/{s.id}/{person}.pdf"
        paths += [(version, f"clients/{client}/{inside}", "the version's archive"),
                  (CLIENT_UNDER.format(client=client), inside, f"clients/{client}.zip")]
    under, path, archive = max(paths, key=lambda p: windows_length(p[0] + p[1]))
    if (length := windows_length(under + path)) <= WINDOWS_MAX_PATH:
        return None
    shorter = ", or give the client a shorter id in data/clients.yml" if client else ""
    return (f"the document of '{person}' in {archive} would be a path of {length} characters once Windows Explorer "
            f"extracts it under {DOWNLOADS}, over the {WINDOWS_MAX_PATH} it accepts: shorten the session's folder "
            f"name or the person's id{shorter}")
