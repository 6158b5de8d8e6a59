"""A small, valid records repository, as files, for tests to copy and break one rule at a time.

Mode ``provider`` with a funded, recorded session (certificates and certificats de réalisation),
a remote session without assessment, and a planned session. Names exercise accents, apostrophes,
a long compound name and non-Latin letters.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from preuve.cli import main

PREUVE_YML = """\
title: Dossier de preuves — Formations IA
locale: fr
mode: provider
retention:
  evidence_years: 6
  personal_data_years: 3
literacy:
  refresh_months: 24
"""

PROVIDER_YML = """\
legal_name: Forma'IA Conseil SARL
siret: "90123456700005"
address: 12 rue de la République
city: Lyon
email: contact@formaia.example
phone: "04 72 00 00 00"
nda: "84691234569"
nda_region: Auvergne-Rhône-Alpes
representative:
  name: Sophie Marchal
  title: Gérante
"""

PEOPLE_YML = """\
- id: jean-noel-daubigne
  first_name: Jean-Noël
  last_name: D'Aubigné
  civility: M.
  email: jn.daubigne@client.example
  employer: Client Industrie SA
  role: manager
  ai_systems: [chatgpt]
  joined_on: 2020-01-06
- id: zoe-ndiaye
  first_name: Zoé
  last_name: N'Diaye
  civility: Mme
  employer: Client Industrie SA
  role: analyst
  ai_systems: [chatgpt, copilot]
- id: aurelien-long
  first_name: Aurélien-Marie
  last_name: Dupont-Moreau de la Tour-Vaillant
  civility: M.
  employer: Client Industrie SA
  role: analyst
  ai_systems: []
- id: dmitri
  first_name: Дмитрий
  last_name: Ζαχαρίου
  civility: M.
  employer: Client Industrie SA
  role: analyst
  ai_systems: [copilot]
- id: benoit-workshop
  first_name: Benoît
  last_name: Maréchal
  civility: M.
  employer: Client Industrie SA
  role: workshop
"""

ROLES_YML = """\
manager:
  label: Encadrement
  topics: [ai-basics, ai-act]
analyst:
  label: Analyste
  topics: [ai-basics]
workshop:
  label: Atelier
  topics: []
"""

AI_SYSTEMS_YML = """\
chatgpt:
  label: ChatGPT Enterprise
  vendor: OpenAI
  use: Rédaction et synthèse de documents internes.
  topics: [hallucinations]
copilot:
  label: GitHub Copilot
  vendor: GitHub
  use: Assistance à l'écriture de code.
  topics: [code-security]
"""

TRAINERS_YML = """\
nadia:
  name: Nadia Benali-Roux
  title: Consultante formatrice
"""

TOPICS_YML = """\
ai-basics: {label: Comprendre l'IA}
ai-act: {label: Obligations de l'AI Act}
hallucinations: {label: Hallucinations de l'IA générative}
code-security: {label: Sécurité du code généré}
"""

FUNDED_SESSION_MD = """\
---
title: "IA générative : fondamentaux et vigilance"
nature: action-de-formation
format: in-person
location: 12 rue de la République, 69002 Lyon
trainers: [nadia]
objectives:
  - Identifier les limites d'un assistant d'IA générative
  - Rédiger une consigne précise et vérifier la réponse obtenue
audience:
  roles: [manager, analyst]
topics: [ai-basics, hallucinations]
ai_systems: [chatgpt]
schedule:
  - {date: 2026-03-12, start: "09:00", end: "12:30"}
  - {date: 2026-03-12, start: "14:00", end: "17:30"}
  - {date: 2026-03-13, start: "09:00", end: "12:30"}
  - {date: 2026-03-13, start: "14:00", end: "17:00"}
assessment:
  method: Questionnaire à choix multiples de 20 questions
  pass_mark: 14
  max_score: 20
funding:
  opco: OPCO Atlas
  agreement: CONV-2026-0042
---
## Déroulé

Demi-journée 1 : principes de l'IA générative.
"""

FUNDED_ATTENDANCE_YML = """\
trainer_signed: [true, true, true, true]
evidence:
  signatures: [evidence/emargement-signe.pdf]
  satisfaction: [evidence/satisfaction.csv]
participants:
  - person: jean-noel-daubigne
    slots: [present, present, present, present]
    assessment: {score: 16, result: acquired}
  - person: zoe-ndiaye
    slots: [present, absent, present, excused]
    assessment: {score: 12, result: partially-acquired}
  - person: aurelien-long
    slots: [absent, absent, absent, absent]
  - person: dmitri
    slots: [present, present, present, present]
    assessment: {score: 18, result: acquired}
"""

REMOTE_SESSION_MD = """\
---
title: Copilot en sécurité
nature: action-de-formation
format: remote
trainers: [nadia]
objectives:
  - Repérer une suggestion de code non sûre
audience:
  roles: [analyst]
topics: [code-security]
ai_systems: [copilot]
schedule:
  - {date: 2026-05-19, start: "09:00", end: "12:00"}
---
Programme à distance.
"""

REMOTE_ATTENDANCE_CSV = "person;slot1;score;result\r\nzoe-ndiaye;present;;\r\ndmitri;present;;\r\n"

PLANNED_SESSION_MD = """\
---
title: AI Act pour l'encadrement
nature: action-de-formation
format: in-person
location: Lyon
trainers: [nadia]
objectives:
  - Expliquer les obligations de l'article 4
audience:
  roles: [manager]
topics: [ai-act]
schedule:
  - {date: 2027-01-14, start: "09:00", end: "12:30"}
  - {date: 2027-01-14, start: "14:00", end: "17:30"}
---
Programme.
"""

PLANNED_ATTENDANCE_YML = """\
participants:
  - person: jean-noel-daubigne
"""

FUNDED = "content/sessions/2026-03-ia-fondamentaux"
REMOTE = "content/sessions/2026-05-copilot"
PLANNED = "content/sessions/2027-01-ai-act"

# What `preuve check` says of the valid sample: the remote session lacks its evidence, and two
# sessions have no assessment.
SAMPLE_WARNINGS = [
    f"{REMOTE}/attendance.csv:1: warning: evidence.connection_logs: Attendance proof — Missing: connection logs",
    f"{REMOTE}/attendance.csv:1: warning: evidence.satisfaction: Satisfaction — No satisfaction survey attached "
    "(Qualiopi, indicator 30).",
    f"{REMOTE}/attendance.csv:1: warning: trainer_signed: Trainer signatures — 0/1 slots signed by the trainer",
    f"{REMOTE}/session.md:1: warning: assessment: no assessment: the certificates will prove attendance only",
    f"{PLANNED}/session.md:1: warning: assessment: no assessment: the certificates will prove attendance only",
]


def sample_files() -> dict[str, str | bytes]:
    return {
        "preuve.yml": PREUVE_YML,
        "data/provider.yml": PROVIDER_YML,
        "data/people.yml": PEOPLE_YML,
        "data/roles.yml": ROLES_YML,
        "data/ai-systems.yml": AI_SYSTEMS_YML,
        "data/trainers.yml": TRAINERS_YML,
        "data/topics.yml": TOPICS_YML,
        f"{FUNDED}/session.md": FUNDED_SESSION_MD,
        f"{FUNDED}/attendance.yml": FUNDED_ATTENDANCE_YML,
        f"{FUNDED}/evidence/emargement-signe.pdf": b"%PDF-1.4\n% scanned sheet stand-in\n",
        f"{FUNDED}/evidence/satisfaction.csv": "question;note\nglobal;4.5\n",
        f"{REMOTE}/session.md": REMOTE_SESSION_MD,
        f"{REMOTE}/attendance.csv": REMOTE_ATTENDANCE_CSV,
        f"{PLANNED}/session.md": PLANNED_SESSION_MD,
        f"{PLANNED}/attendance.yml": PLANNED_ATTENDANCE_YML,
    }


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write ``files`` under ``root``; a ``None`` value deletes the file."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def ctrl_c_as_at_a_terminal() -> None:
    """``preexec_fn`` of a preuve started by a test that sends it Ctrl-C: SIGINT at its default,
    as in a terminal's foreground, whatever the test run was started with (a shell without job
    control starts background commands with SIGINT ignored, and preuve keeps that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ctrl_c_ignored() -> None:
    """``preexec_fn`` of a preuve started as ``nohup`` or ``&`` without job control start it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def git(root: Path, *args: str, date: str = "2026-11-02T10:00:00+00:00") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(root: Path, message: str = "records", date: str = "2026-11-02T10:00:00+00:00") -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
        (root / ".gitignore").write_text("output/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def built(root: Path) -> Path:
    """Build ``root`` with the command line; the folder of the version built."""
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return (root / "output" / "latest").resolve()


def committed_build(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """``files`` written at ``root``, committed and built; the folder of the version built."""
    write_files(root, files)
    commit_all(root)
    return built(root)


def raw_text(pdf: Path) -> str:
    """The PDF's text as extracted, every character kept (typography tests read this)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def text(pdf: Path) -> str:
    """The PDF's text with white space folded, so line breaks do not split phrases, and the
    typographic apostrophe read as a straight one (the typography is tested on :func:`raw_text`)."""
    raw = raw_text(pdf).replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    return re.sub(r"\s+", " ", raw)


def with_history_only(clean: Path, earlier: Path) -> None:
    """Give a fresh clone the earlier version's verification history (its verify.json), and
    nothing it could reuse: verify.html lists the documents earlier versions found in output/
    issued, so an incremental build equals a clean one built with the same history."""
    folder = clean / "output" / earlier.name
    folder.mkdir(parents=True)
    (folder / "verify.json").write_bytes((earlier / "verify.json").read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"outputs": []}))


DEMO = Path(__file__).resolve().parent.parent


def demo_copy(folder: Path) -> Path:
    """The bundled demo records (preuve.yml, data/, content/), committed in a repository of their own."""
    import shutil

    root = folder / "demo"
    root.mkdir()
    shutil.copy(DEMO / "preuve.yml", root)
    for name in ("data", "content"):
        shutil.copytree(DEMO / name, root / name)
    commit_all(root)
    return root


def watching(root: Path, seen: list, read, timeout: float = 60):
    """``watch`` in a thread whose build appends ``read()`` to ``seen``; returns ``(end,
    wait_for)``: ``wait_for(n)`` waits until ``n`` builds were seen and the burst is over,
    ``end()`` stops the watch."""
    from preuve.watch import watch

    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(root, lambda: seen.append(read()), stop), daemon=True)
    thread.start()

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + timeout
        while len(seen) < count:
            assert time.monotonic() < deadline, seen
            time.sleep(0.05)
        time.sleep(0.3)  # the burst is over

    def end() -> None:
        stop.set()
        thread.join(timeout=10)

    return end, wait_for
