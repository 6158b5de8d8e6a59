"""A synthetic, valid records repository of any size, for the benchmark.

Mode ``provider``: ``sessions`` two-day sessions (4 half-day slots), each with ``trainees`` distinct
trainees (realistic French names, accents, apostrophes, compound names), everyone present at every
slot, an assessment result for each; every ``funded_every``-th session is funded (0 = none, the
default, which gives exactly the issue's corpus: 1 certificate per trainee, 1 attendance sheet and
1 programme per session, plus the literacy report and the index pages).

Deterministic: the same arguments give the same files, the same commit and the same version name.

    python bench/corpus.py DIR [--sessions 50] [--trainees 20] [--funded-every 0]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

COMMIT_DATE = "2026-11-02T10:00:00+00:00"
CHANGE_DATE = "2026-11-03T10:00:00+00:00"
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}

FIRST_NAMES = [
    ("M.", "Jean-Noël"), ("Mme", "Zoé"), ("M.", "Aurélien"), ("Mme", "Hélène"), ("M.", "François"),
    ("Mme", "Maëlle"), ("M.", "Jérôme"), ("Mme", "Chloé"), ("M.", "Benoît"), ("Mme", "Léa"),
    ("M.", "Raphaël"), ("Mme", "Anaïs"), ("M.", "Loïc"), ("Mme", "Gaëlle"), ("M.", "Cédric"),
    ("Mme", "Éloïse"), ("M.", "Théo"), ("Mme", "Mélanie"), ("M.", "Stéphane"), ("Mme", "Agnès"),
    ("M.", "Joël"), ("Mme", "Inès"), ("M.", "Grégoire"), ("Mme", "Noémie"), ("M.", "Frédéric"),
    ("Mme", "Bérénice"), ("M.", "Hervé"), ("Mme", "Solène"), ("M.", "Mathéo"), ("Mme", "Clémence"),
    ("M.", "Émile"), ("Mme", "Françoise"), ("M.", "Valérian"), ("Mme", "Marie-Thérèse"),
    ("M.", "Pierre-Étienne"), ("Mme", "Anne-Sophie"), ("M.", "Yannick"), ("Mme", "Océane"),
    ("M.", "Rémi"), ("Mme", "Séverine"),
]
LAST_NAMES = [
    "D'Aubigné", "N'Diaye", "Lefèvre", "Mérieux", "Gauthier", "Bélanger", "Dupont-Moreau", "Chevrier",
    "Lemaître", "Rousseau", "Fontaine", "Garnier", "Benali-Roux", "Faure", "Mercier", "Delacroix",
    "Périer", "Nguyen", "Brûlé", "Carré", "Lefrançois", "Hébert", "Ménard", "Poirier", "Giraud",
    "Leblanc", "Thébault", "Crémieux", "Lévêque", "Bouchard", "Fournié", "Dubœuf", "Laîné",
    "Ollivier", "Éluard", "Da Silva", "Le Goff", "Kerouédan", "Saint-Amand", "Texier",
    "Dupont-Moreau de la Tour-Vaillant", "Martin", "Bernard", "Petit", "Durand", "Roux",
]
EMPLOYERS = ["Client Industrie SA", "Boulangeries Réunies SAS", "Mutuelle de l'Ouest",
             "Cabinet Lefèvre & Associés", "Transports Gérard Frères", "Clinique Sainte-Anne",
             "Éditions du Rhône", "Métropole Numérique SEM"]
ROLES_YML = """\
manager:
  label: Encadrement
  topics: [ai-basics, ai-act]
analyst:
  label: Analyste
  topics: [ai-basics, hallucinations]
developer:
  label: Développeur·se
  topics: [ai-basics, code-security]
assistant:
  label: Assistant·e de direction
  topics: [ai-basics, data-protection]
"""
ROLES = ["manager", "analyst", "developer", "assistant"]
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
mistral:
  label: Le Chat Pro
  vendor: Mistral AI
  use: Recherche documentaire et comptes rendus de réunion.
  topics: [data-protection]
"""
SYSTEMS_BY_ROLE = {"manager": ["chatgpt"], "analyst": ["chatgpt", "mistral"], "developer": ["copilot"],
                   "assistant": ["mistral"]}
TOPICS_YML = """\
ai-basics: {label: Comprendre l'IA et ses limites}
ai-act: {label: Obligations de l'AI Act (article 4)}
hallucinations: {label: Hallucinations de l'IA générative}
code-security: {label: Sécurité du code généré}
data-protection: {label: Données personnelles et confidentialité (RGPD)}
"""
TRAINERS_YML = """\
nadia:
  name: Nadia Benali-Roux
  title: Consultante formatrice
francois:
  name: François Lemaître
  title: Formateur, docteur en informatique
helene:
  name: Hélène Crémieux
  title: Juriste, formatrice RGPD et AI Act
"""
TRAINERS = ["nadia", "francois", "helene"]
PREUVE_YML = """\
title: Dossier de preuves — Formations IA (corpus de test de performance)
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
website: https://formaia.example
nda: "84691234569"
nda_region: Auvergne-Rhône-Alpes
representative:
  name: Sophie Marchal
  title: Gérante
"""
COURSES = [
    ("IA générative : fondamentaux et vigilance", ["ai-basics", "hallucinations"], ["chatgpt"],
     ["manager", "analyst", "assistant"]),
    ("Copilot en sécurité : relire le code suggéré", ["ai-basics", "code-security"], ["copilot"],
     ["developer"]),
    ("AI Act et RGPD pour l'encadrement", ["ai-act", "data-protection"], ["chatgpt", "mistral"],
     ["manager"]),
    ("Assistants conversationnels au quotidien : rédiger, résumer, vérifier",
     ["ai-basics", "hallucinations", "data-protection"], ["chatgpt", "mistral"], ["analyst", "assistant"]),
]
CITIES = ["12 rue de la République, 69002 Lyon", "Espace Saint-Germain, 38 quai de Bercy, 75012 Paris",
          "Hôtel d'entreprises, 5 allée Évariste-Galois, 63170 Aubière", "Salle Émeraude, 2 place Graslin, 44000 Nantes"]
BODY = """\
## Déroulé

**Jour 1, matin** : principes de l'IA générative, vocabulaire, ce que fait (et ne fait pas) un modèle
de langage. **Jour 1, après-midi** : rédiger une consigne précise, comparer des réponses, repérer une
hallucination.

**Jour 2, matin** : données personnelles et secret des affaires : ce qu'on ne colle jamais dans un
assistant. **Jour 2, après-midi** : cas pratiques tirés du quotidien des participants, évaluation.

## Méthodes pédagogiques

- Apports théoriques courts, démonstrations en direct ;
- exercices en binôme sur des documents réels anonymisés ;
- questionnaire d'évaluation des acquis en fin de formation.

## Prérequis et accessibilité

Aucun prérequis technique. Locaux accessibles aux personnes à mobilité réduite ; pour tout besoin
d'adaptation, contactez notre référente handicap à l'adresse contact@formaia.example.
"""
SCANNED_SHEET = b"%PDF-1.4\n% scanned signed attendance sheet (stand-in)\n%%EOF\n"


@dataclass(frozen=True)
class Corpus:
    root: Path
    sessions: int
    trainees: int
    funded_every: int
    session_ids: tuple[str, ...]

    @property
    def certificates(self) -> int:
        return self.sessions * self.trainees

    @property
    def funded_sessions(self) -> int:
        return sum(1 for i in range(self.sessions) if _funded(i, self.funded_every))

    @property
    def clients(self) -> int:
        """The employers trainees are spread over: each gets its own literacy dossier (mode provider)."""
        return len({EMPLOYERS[(i + j // 7) % len(EMPLOYERS)] for i in range(self.sessions) for j in range(self.trainees)})

    @property
    def pdfs(self) -> int:
        """Every PDF of a build: certificates, réalisation, attendance, programme, the literacy
        report and one per client."""
        return self.certificates + self.funded_sessions * self.trainees + 2 * self.sessions + 1 + self.clients


def _funded(index: int, every: int) -> bool:
    return every > 0 and index % every == every - 1


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in plain)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _session_day(index: int, total: int) -> date:
    """Two sessions a week (Mon-Tue, Wed-Thu), the last ones ending before the commit date."""
    last_monday = date(2026, 10, 19)
    weeks_back = (total - 1 - index) // 2
    monday = last_monday - timedelta(weeks=weeks_back)
    return monday + timedelta(days=2 * (index % 2))


def generate(root: Path, sessions: int = 50, trainees: int = 20, funded_every: int = 0,
             seed: int = 2026) -> Corpus:
    """Write the repository at ``root`` (emptied first) and commit it."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    files: dict[str, str | bytes] = {
        "preuve.yml": PREUVE_YML, "data/provider.yml": PROVIDER_YML, "data/roles.yml": ROLES_YML,
        "data/ai-systems.yml": AI_SYSTEMS_YML, "data/topics.yml": TOPICS_YML,
        "data/trainers.yml": TRAINERS_YML, ".gitignore": "output/\n",
    }
    people: list[str] = []
    session_ids = []
    for i in range(sessions):
        course_title, topics, systems, audience = COURSES[i % len(COURSES)]
        first_day = _session_day(i, sessions)
        second_day = first_day + timedelta(days=1)
        sid = f"{first_day:%Y-%m}-s{i + 1:04d}-{_slug(course_title)[:24].strip('-')}"
        session_ids.append(sid)
        folder = f"content/sessions/{sid}"
        trainer = TRAINERS[i % len(TRAINERS)]
        participants = []
        for j in range(trainees):
            civility, first = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            role = audience[j % len(audience)]
            pid = f"{_slug(first)}-{_slug(last)}-{i + 1:04d}{j + 1:02d}"
            employer = EMPLOYERS[(i + j // 7) % len(EMPLOYERS)]
            people.append(
                f"- id: {pid}\n  first_name: {_q(first)}\n  last_name: {_q(last)}\n  civility: {civility}\n"
                f"  email: {pid}@client.example\n  employer: {_q(employer)}\n  role: {role}\n"
                f"  ai_systems: [{', '.join(SYSTEMS_BY_ROLE[role])}]\n  joined_on: 2019-09-02\n")
            score = rng.randint(9, 20)
            result = "acquired" if score >= 14 else "partially-acquired" if score >= 10 else "not-acquired"
            participants.append(f"  - person: {pid}\n    slots: [present, present, present, present]\n"
                                f"    assessment: {{score: {score}, result: {result}}}\n")
        funding = (f"funding:\n  opco: OPCO Atlas\n  agreement: CONV-2026-{i + 1:04d}\n"
                   if _funded(i, funded_every) else "")
        location = CITIES[i % len(CITIES)]
        files[f"{folder}/session.md"] = (
            f"---\ntitle: {_q(course_title)}\nnature: action-de-formation\nformat: in-person\n"
            f"location: {_q(location)}\ntrainers: [{trainer}]\n"
            "objectives:\n"
            "  - Identifier les limites d'un assistant d'IA générative\n"
            "  - Rédiger une consigne précise et vérifier la réponse obtenue\n"
            "  - Appliquer les règles internes de confidentialité des données\n"
            f"audience:\n  roles: [{', '.join(audience)}]\n"
            f"topics: [{', '.join(topics)}]\nai_systems: [{', '.join(systems)}]\n"
            "schedule:\n"
            f"  - {{date: {first_day}, start: \"09:00\", end: \"12:30\"}}\n"
            f"  - {{date: {first_day}, start: \"14:00\", end: \"17:30\"}}\n"
            f"  - {{date: {second_day}, start: \"09:00\", end: \"12:30\"}}\n"
            f"  - {{date: {second_day}, start: \"14:00\", end: \"17:00\"}}\n"
            "assessment:\n  method: Questionnaire à choix multiples de 20 questions\n"
            f"  pass_mark: 14\n  max_score: 20\n{funding}---\n{BODY}")
        files[f"{folder}/attendance.yml"] = (
            "trainer_signed: [true, true, true, true]\n"
            "evidence:\n  signatures: [evidence/emargement-signe.pdf]\n"
            "participants:\n" + "".join(participants))
        files[f"{folder}/evidence/emargement-signe.pdf"] = SCANNED_SHEET
    files["data/people.yml"] = "".join(people)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "synthetic records", date=COMMIT_DATE)
    return Corpus(root, sessions, trainees, funded_every, tuple(session_ids))


def git(root: Path, *args: str, date: str = COMMIT_DATE) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "TZ": "UTC"}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_attendance_change(corpus: Corpus) -> str:
    """One trainee of the middle session absent on the last slot; commit it. Returns the commit."""
    sid = corpus.session_ids[len(corpus.session_ids) // 2]
    path = corpus.root / "content" / "sessions" / sid / "attendance.yml"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("slots: [present, present, present, present]",
                           "slots: [present, present, present, absent]", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    git(corpus.root, "commit", "-q", "-am", f"{sid}: one trainee absent on the last slot", date=CHANGE_DATE)
    return git(corpus.root, "rev-parse", "HEAD")


def undo_change(corpus: Corpus) -> None:
    git(corpus.root, "reset", "-q", "--hard", "HEAD~1")


def version_name(root: Path) -> str:
    """The name ``preuve build`` gives the checked-out commit (YYYYMMDD-HHMMSS-<hash10>)."""
    line = git(root, "log", "-1", "--date=format-local:%Y%m%d-%H%M%S", "--format=%cd %H")
    stamp, commit = line.split()
    return f"{stamp}-{commit[:10]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--funded-every", type=int, default=0)
    args = parser.parse_args()
    corpus = generate(args.dir, args.sessions, args.trainees, args.funded_every)
    print(f"{corpus.root}: {corpus.sessions} sessions, {corpus.certificates} certificates, "
          f"{corpus.pdfs} PDFs, version {version_name(corpus.root)}")


if __name__ == "__main__":
    main()
