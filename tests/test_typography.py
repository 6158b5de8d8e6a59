"""Documents that read right, read back from the PDFs and pages: French typography (narrow no-break
spaces, apostrophes, elision, date ranges), one form of a person's name, civility-aware wording,
facts as recorded (excused, unlisted evidence, blended sessions), French index order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import sample
from sample import FUNDED, PLANNED, REMOTE, built, committed_build, raw_text, sample_files, text

FUNDED_ID = FUNDED.rsplit("/", 1)[1]
BLENDED = "content/sessions/2026-06-ia-mixte"
BLENDED_ID = BLENDED.rsplit("/", 1)[1]
UNLISTED = "evidence/scan feuille d'émargement.pdf"  # a name with an apostrophe and spaces

BLENDED_MD = """\
---
title: "IA : pratiques mixtes ; en salle et à distance !"
nature: action-de-formation
format: blended
location: Lyon
trainers: [nadia]
objectives:
  - Savoir vérifier une réponse ?
schedule:
  - {date: 2026-06-01, start: "09:00", end: "12:30", format: in-person}
  - {date: 2026-06-02, start: "14:00", end: "17:00", format: remote}
assessment:
  method: Quiz
funding:
  opco: OPCO Atlas
  agreement: CONV-2026-0099
---
Programme : « pratique » d'abord.
"""

BLENDED_ATTENDANCE = """\
trainer_signed: [true, true]
evidence:
  signatures: [evidence/feuille.pdf]
participants:
  - person: zoe-ndiaye
    slots: [present, present]
    assessment: {result: acquired}
  - person: jean-noel-daubigne
    slots: [absent, present]
    assessment: {result: acquired}
"""

EXTRA_PEOPLE = """\
- id: charles-de-gaulle
  first_name: Charles
  last_name: de Gaulle
  civility: M.
  employer: Client Industrie SA
  role: analyst
- id: emma-excusee
  first_name: Emma
  last_name: Absente
  civility: Mme
  employer: Client Industrie SA
  role: analyst
"""


def _french_project() -> dict[str, str | bytes]:
    files = sample_files()
    provider = (sample.PROVIDER_YML.replace("Forma'IA Conseil SARL", "Institut Avenir Formation")
                .replace("nda_region: Auvergne-Rhône-Alpes", "nda_region: Grand Est")
                .replace("  title: Gérante\n", "  title: Gérante\n  civility: Mme\n"))
    people = sample.PEOPLE_YML.replace("  last_name: Ζαχαρίου\n  civility: M.\n", "  last_name: Ζαχαρίου\n") + EXTRA_PEOPLE
    attendance = sample.FUNDED_ATTENDANCE_YML + (
        "  - person: charles-de-gaulle\n    slots: [present, present, present, present]\n"
        "    assessment: {score: 15, result: acquired}\n"
        "  - person: emma-excusee\n    slots: [excused, excused, excused, excused]\n")
    return {**files, "data/provider.yml": provider, "data/people.yml": people,
            f"{FUNDED}/attendance.yml": attendance, f"{FUNDED}/{UNLISTED}": b"%PDF-1.4\n% scan\n",
            f"{BLENDED}/session.md": BLENDED_MD, f"{BLENDED}/attendance.yml": BLENDED_ATTENDANCE,
            f"{BLENDED}/evidence/feuille.pdf": b"%PDF-1.4\n% sheet\n"}


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("typo") / "records"
    return committed_build(root, _french_project())


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("typo-en") / "records"
    return committed_build(root, {**_french_project(), "preuve.yml": "title: Evidence\nlocale: en\nmode: provider\n"})


def _documents(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.pdf") if "/evidence/" not in p.as_posix() and "/clients/" not in p.as_posix())


# --- typography ---------------------------------------------------------------------------------


def test_french_documents_put_a_narrow_no_break_space_before_each_high_sign_and_inside_quotes(french):
    documents = _documents(french)
    assert len(documents) > 12
    for pdf in documents:
        body = raw_text(pdf)
        signs = re.findall(r"(.)([?!;:])", body)
        assert signs or pdf.name == "literacy.pdf", pdf.name
        assert [before + sign for before, sign in signs if before != "\u202f"] == [], pdf.name
        assert re.findall(r"«(?!\u202f)|(?<!\u202f)»", body) == [], pdf.name
    certificate = raw_text(french / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "«\u202fIA générative\u202f: fondamentaux et vigilance\u202f»" in certificate
    programme = raw_text(french / "sessions" / BLENDED_ID / "programme.pdf")
    for written in ("IA\u202f: pratiques mixtes\u202f; en salle et à distance\u202f!", "Savoir vérifier une réponse\u202f?",
                    "Programme\u202f: «\u202fpratique\u202f» d’abord."):  # record text and Markdown alike
        assert written in programme


def test_french_documents_use_typographic_apostrophes_except_in_file_names(french):
    for pdf in _documents(french):
        body = raw_text(pdf).replace(UNLISTED, "")
        assert "'" not in body, pdf.name
    sheet = raw_text(french / "sessions" / FUNDED_ID / "attendance.pdf")
    assert UNLISTED in sheet.replace("\n", " ")  # a file name is printed exactly as it is


def test_english_documents_keep_english_rules(english):
    for pdf in _documents(english):
        body = raw_text(pdf)
        assert "\u202f" not in body, pdf.name
    certificate = text(english / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "from March 12 to 13, 2026" in certificate
    assert "acting on behalf of Institut Avenir Formation" in certificate


def test_english_documents_give_civilities_and_percentages_in_english(english):
    folder = english / "sessions" / FUNDED_ID
    for pdf in (folder / "certificates" / "zoe-ndiaye.pdf", folder / "certificat-de-realisation" / "zoe-ndiaye.pdf"):
        assert "Ms Zoé" in text(pdf) and "Mme " not in text(pdf), pdf.name
    sheet = text(folder / "attendance.pdf")
    assert "Mr Jean-Noël D'Aubigné" in sheet and "Ms Zoé" in sheet
    assert "M. " not in sheet and "Mme " not in sheet
    assert "present at least 80% of the planned hours" in text(english / "literacy.pdf").replace("\n", " ")


def test_elision_and_the_article_of_the_region(french):
    certificate = raw_text(french / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf").replace("\n", " ")
    assert "Je soussignée Sophie Marchal, Gérante, agissant pour le compte d’Institut Avenir Formation" in certificate
    assert "auprès du préfet de région du Grand Est" in certificate
    assert "de Institut" not in certificate and "de région Grand Est" not in certificate
    realisation = raw_text(french / "sessions" / FUNDED_ID / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    assert "représentante légale du dispensateur" in realisation.replace("\n", " ")


def test_date_ranges_say_what_both_ends_share_once(french):
    certificate = text(french / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "du 12 au 13 mars 2026" in certificate and "12 mars 2026 au" not in certificate
    realisation = text(french / "sessions" / BLENDED_ID / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    assert "qui s'est déroulée du 1er au 2 juin 2026" in realisation  # and the first of the month is "1er"
    sheet = text(french / "sessions" / FUNDED_ID / "attendance.pdf")
    assert "Du 12 au 13 mars 2026" in sheet and "9 h – 12 h 30" in sheet and "14 h – 17 h" in sheet


# --- one way to name a person ---------------------------------------------------------------------


@pytest.mark.parametrize("person", ["jean-noel-daubigne", "zoe-ndiaye", "dmitri", "charles-de-gaulle"])
def test_a_trainee_is_named_the_same_on_the_three_documents_of_a_funded_session(french, person):
    folder = french / "sessions" / FUNDED_ID
    facts = json.loads((folder.parent.parent / "verify.json").read_text())
    entry = next(d for d in facts["documents"] if d["person"] == person and d["session"] == FUNDED_ID)
    civility = {"jean-noel-daubigne": "M. ", "zoe-ndiaye": "Mme ", "dmitri": "", "charles-de-gaulle": "M. "}[person]
    first, last = entry["name"].split(" ", 1) if person != "charles-de-gaulle" else ("Charles", "de Gaulle")
    named = f"{civility}{first} {last}"
    for pdf in (folder / "certificates" / f"{person}.pdf", folder / "certificat-de-realisation" / f"{person}.pdf",
                folder / "attendance.pdf"):
        body = text(pdf)
        assert named in body, (pdf.name, named)
        assert f"{last} {first}" not in body, pdf.name  # never "Nom Prénom" on one of them


def test_wording_follows_the_civility_and_is_epicene_without_one(french):
    folder = french / "sessions" / FUNDED_ID
    zoe = text(folder / "certificates" / "zoe-ndiaye.pdf")
    assert "salariée de l'entreprise Client Industrie SA" in zoe
    jean = text(folder / "certificat-de-realisation" / "jean-noel-daubigne.pdf")
    assert "salarié de l'entreprise Client Industrie SA" in jean
    dmitri = text(folder / "certificates" / "dmitri.pdf")  # no civility recorded
    assert "membre du personnel de l'entreprise Client Industrie SA" in dmitri
    sheet = text(folder / "attendance.pdf")
    assert "Présente" in sheet and "Présent " in sheet and "Présence" in sheet
    for pdf in [p for p in _documents(french) if p.name != "literacy.pdf"]:
        assert "(e)" not in text(pdf), pdf.name  # no "salarié(e)", "Présent(e)", "soussigné(e)"


# --- facts as recorded -----------------------------------------------------------------------------


def test_an_excused_trainee_is_shown_excused(french):
    page = (french / "sessions" / FUNDED_ID / "index.html").read_text()
    row = re.search(r"Emma Absente.*?</tr>", page, re.S).group(0)
    assert "Absence justifiée à tous les créneaux" in row and "Absente à tous" not in row
    aurelien = re.search(r"Aurélien-Marie Dupont-Moreau de la Tour-Vaillant.*?</tr>", page, re.S).group(0)
    assert "Absent à tous les créneaux" in aurelien
    assert "6 / 4 / 1 / 1" in page  # enrolled / present / absent / excused
    sheet = text(french / "sessions" / FUNDED_ID / "attendance.pdf")
    assert re.search(r"Mme Emma Absente( Client Industrie SA)?( Absence justifiée){4} 0 heure", sheet)


def test_a_file_in_evidence_not_listed_is_named_and_never_called_missing(french, make_project):
    sheet = text(french / "sessions" / FUNDED_ID / "attendance.pdf")
    assert "Un fichier du dossier evidence/ de la session n'est pas répertorié dans attendance.yml : " \
           "evidence/scan feuille d'émargement.pdf." in sheet
    page = (french / "sessions" / FUNDED_ID / "index.html").read_text()
    assert "non répertorié dans attendance.yml" in page
    # The scan is the only proof, and attendance.yml lists none: the sheet says so, not "nothing attached".
    attendance = sample.FUNDED_ATTENDANCE_YML.replace("  signatures: [evidence/emargement-signe.pdf]\n", "")
    root = make_project({f"{FUNDED}/attendance.yml": attendance}, commit=True)
    out = built(root)
    sheet = text(out / "sessions" / FUNDED_ID / "attendance.pdf")
    assert "Aucune pièce" not in sheet
    assert "n'est pas répertorié dans attendance.yml : evidence/emargement-signe.pdf." in sheet
    index = (out / "sessions" / FUNDED_ID / "index.html").read_text()
    assert ("Aucune preuve de présence répertoriée dans attendance.yml, mais le dossier evidence/ contient des "
            "fichiers non répertoriés\u202f: evidence/emargement-signe.pdf") in index


def test_a_blended_session_counts_all_its_hours_and_states_them_by_modality(french):
    folder = french / "sessions" / BLENDED_ID
    jean = text(folder / "certificates" / "jean-noel-daubigne.pdf")
    assert "3 heures sur 6,5 heures prévues au programme, entièrement à distance" in jean  # not "dont 0 heure"
    assert "Lieu" not in jean  # he came to no slot held in Lyon
    assert "Lieu Lyon" in text(folder / "certificates" / "zoe-ndiaye.pdf")
    zoe = text(folder / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    assert "pour une durée de 6,5 heures, dont 3,5 heures en présentiel et 3 heures à distance." in zoe
    facts = json.loads(next(a for a in PdfReader(folder / "certificates" / "zoe-ndiaye.pdf").attachments.values())[0])
    assert facts["attendance"]["hours_attended"] == 6.5
    assert facts["attendance"]["hours_by_format"] == {"in-person": 3.5, "remote": 3.0}
    sheet = text(folder / "attendance.pdf")
    assert "Lieu Lyon" in sheet and "Modalité mixte (présentiel et à distance)" in sheet and "((" not in sheet
    assert "présentiel" in sheet and "à distance" in sheet  # each slot's modality in its column
    other = json.loads(next(a for a in PdfReader(french / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
                            .attachments.values())[0])
    assert "hours_by_format" not in other["attendance"]  # other sessions' facts, and codes, unchanged


def blended(make_project, remote_end: str) -> Path:
    """The funded session as three blended slots, two of 2 h 10 in person and one remote from 14:00
    to ``remote_end``, Dmitri present at all three; built from a commit, its folder."""
    schedule = ('format: blended\nschedule:\n'
                '  - {date: 2026-03-12, start: "09:00", end: "11:10", format: in-person}\n'
                f'  - {{date: 2026-03-12, start: "14:00", end: "{remote_end}", format: remote}}\n'
                '  - {date: 2026-03-13, start: "09:00", end: "11:10", format: in-person}\n')
    session = re.sub(r"format: in-person\n", "", sample.FUNDED_SESSION_MD)
    session = re.sub(r"schedule:\n(  - .*\n)+", schedule, session)
    attendance = ("trainer_signed: [true, true, true]\nparticipants:\n"
                  "  - person: dmitri\n    slots: [present, present, present]\n"
                  "    assessment: {score: 18, result: acquired}\n")
    root = make_project({f"{FUNDED}/session.md": session, f"{FUNDED}/attendance.yml": attendance}, commit=True)
    return built(root) / "sessions" / FUNDED_ID


def test_hours_in_thirds_of_an_hour_add_up_by_modality_in_the_facts(make_project):
    """Slots of 2 h 10, 2 h and 2 h 10: as floats, 13/6 + 2 + 13/6 is 6.333333333333332 and the
    hours by modality 13/6 + 13/6 + 2 are 6.333333333333333; counted in minutes, both are 380 / 60.
    On paper, in hours and minutes: 6,33 h was not 4,33 h + 2 h."""
    certificate = blended(make_project, "16:00") / "certificates" / "dmitri.pdf"
    facts = json.loads(next(iter(PdfReader(certificate).attachments.values()))[0])["attendance"]
    assert facts["hours_attended"] == facts["hours_planned"] == 380 / 60
    assert facts["hours_by_format"] == {"in-person": 260 / 60, "remote": 2.0}
    assert facts["hours_by_format"]["in-person"] + facts["hours_by_format"]["remote"] == facts["hours_attended"]
    # 6,33 h = 4,33 h + 2 h on paper did not add up: a duration two decimals cannot say is printed in minutes
    assert ("6 heures 20 minutes sur 6 heures 20 minutes prévues au programme, dont 4 heures 20 minutes en "
            "présentiel et 2 heures à distance") in text(certificate)
    sheet = text(certificate.parents[1] / "attendance.pdf")
    assert "9 h – 11 h 10 · 2 h 10 min" in sheet and "14 h – 16 h · 2 h " in sheet
    programme = text(certificate.parents[1] / "programme.pdf")
    assert "2 heures 10 minutes" in programme and "Total 6 heures 20 minutes" in programme


def test_durations_said_in_one_sentence_share_their_unit(make_project):
    """6 h 30 attended, 4 h 20 of it in person: "6,5 heures, dont 4 heures 20 minutes…" read as two
    units; the whole sentence is in hours and minutes once one of its durations needs minutes."""
    folder = blended(make_project, "16:10")
    assert ("6 heures 30 minutes sur 6 heures 30 minutes prévues au programme, dont 4 heures 20 minutes en "
            "présentiel et 2 heures 10 minutes à distance") in text(folder / "certificates" / "dmitri.pdf")
    assert ("pour une durée de 6 heures 30 minutes, dont 4 heures 20 minutes en présentiel et 2 heures "
            "10 minutes à distance.") in text(folder / "certificat-de-realisation" / "dmitri.pdf")
    assert "6 heures 30 minutes, dont 4 heures 20 minutes" in text(folder / "programme.pdf")


def test_a_certificate_prints_its_code_once_and_a_sheet_its_title_once(french):
    certificate = french / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf"
    facts = json.loads(next(iter(PdfReader(certificate).attachments.values()))[0])
    assert text(certificate).count(facts["code"]) == 1
    assert text(french / "sessions" / FUNDED_ID / "attendance.pdf").count("Feuille d'émargement") == 1


# --- order and labels ----------------------------------------------------------------------------


def test_people_are_in_french_index_order(french):
    sheet = text(french / "sessions" / FUNDED_ID / "attendance.pdf")
    order = [name for name in ("Absente", "D'Aubigné", "Dupont-Moreau", "de Gaulle", "N'Diaye", "Ζαχαρίου")]
    positions = [sheet.index(name) for name in order]
    assert positions == sorted(positions)  # "de Gaulle" under G, after D and before N


def test_roles_and_topics_sort_by_their_labels_accents_ignored(make_project):
    roles = sample.ROLES_YML + "ethique:\n  label: Éthique\n  topics: [ai-act]\nsupport:\n  label: Support\n  topics: [ai-act]\n"
    people = sample.PEOPLE_YML + ("- id: eve\n  first_name: Ève\n  last_name: Martin\n  employer: Client Industrie SA\n"
                                  "  role: ethique\n- id: sam\n  first_name: Sam\n  last_name: Martin\n"
                                  "  employer: Client Industrie SA\n  role: support\n")
    out = built(make_project({"data/roles.yml": roles, "data/people.yml": people}, commit=True))
    dossier = text(out / "literacy.pdf")
    assert dossier.index("Éthique") < dossier.index("Support")
    matrix = (out / "literacy.html").read_text()
    headers = re.findall(r'<th scope="col" class="topic"><span>(.*?)</span>', matrix)
    assert headers == sorted(headers, key=lambda label: label.casefold().replace("é", "e"))


def test_topics_without_a_list_print_readable_labels_and_warn_once(make_project):
    from test_check import diagnostic_lines, run_check

    root = make_project({"data/topics.yml": None}, commit=True)
    _, warnings = diagnostic_lines(run_check(root).output)
    assert [w for w in warnings if "topics.yml" in w] == [
        "data/roles.yml:3: warning: manager.topics: no data/topics.yml: topics are printed from their ids "
        "('data-protection' as 'Data protection'); add data/topics.yml to give each its label"]
    programme = text(built(root) / "sessions" / FUNDED_ID / "programme.pdf")
    assert "AI basics · Hallucinations" in programme and "ai-basics" not in programme
    (root / "data/topics.yml").write_text("this: is: broken\n")  # its own error, not also "no topics.yml"
    errors, warnings = diagnostic_lines(run_check(root).output)
    assert [line for line in errors + warnings if "topics.yml" in line] == [
        "data/topics.yml:1: invalid YAML: mapping values are not allowed here (put the value in quotes if it "
        "contains ': ')"]


# --- checks ----------------------------------------------------------------------------------------


def _check(make_project, changes):
    from test_check import diagnostic_lines, run_check

    return diagnostic_lines(run_check(make_project(changes)).output)


def test_a_signatory_who_is_a_trainee_is_warned(make_project):
    provider = sample.PROVIDER_YML.replace("name: Sophie Marchal", "name: N'Diaye Zoé")  # either order
    _, warnings = _check(make_project, {"data/provider.yml": provider})
    assert (f"{FUNDED}/attendance.yml:9: warning: participants[2].person: 'zoe-ndiaye' is also the signatory "
            "of the documents (provider.representative.name 'N'Diaye Zoé'): their own certificate is signed by "
            "themselves; have it signed by another representative") in warnings


def test_unlisted_evidence_is_a_warning_naming_the_file(make_project):
    _, warnings = _check(make_project, {f"{FUNDED}/evidence/scan.pdf": b"%PDF-1.4\n"})
    assert (f"{FUNDED}/attendance.yml:2: warning: evidence: 'evidence/scan.pdf' is in the session's evidence/ "
            "folder but not listed: add it to attendance.yml's evidence: under one of signatures, connection_logs, "
            "assessments, satisfaction, other, so that the documents can cite it") in warnings


@pytest.mark.parametrize(("session", "expected"), [
    (sample.FUNDED_SESSION_MD.replace('end: "12:30"}', 'end: "12:30", format: remote}', 1),
     ["error", f"{FUNDED}/session.md:15: schedule[1].format: only a blended session says each slot's format; "
               "this session is 'in-person'"]),
    (sample.FUNDED_SESSION_MD.replace("format: in-person", "format: blended")
     .replace('end: "12:30"}', 'end: "12:30", format: remote}', 1),
     ["error", f"{FUNDED}/session.md:16: schedule[2].format: missing: since some slots of this blended session "
               "say their format, every slot must (in-person or remote)"]),
    (sample.FUNDED_SESSION_MD.replace("format: in-person", "format: blended"),
     ["warning", f"{FUNDED}/session.md:4: warning: format: a blended session: give each slot its format "
                 "(schedule[].format: in-person or remote) so that certificates state the hours attended in "
                 "person and remotely"]),
])
def test_slot_formats_belong_to_blended_sessions_and_to_each_of_their_slots(make_project, session, expected):
    errors, warnings = _check(make_project, {f"{FUNDED}/session.md": session})
    kind, line = expected
    assert line in (errors if kind == "error" else warnings)


def test_planned_and_remote_sessions_are_untouched_by_the_new_checks(make_project):
    errors, warnings = _check(make_project, {})
    assert errors == [] and sorted(warnings) == sorted(sample.SAMPLE_WARNINGS)
    assert PLANNED and REMOTE  # the sample's other sessions


# --- the rules, one by one -------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "set_fr"), [
    ("Résultat : acquis ; bravo ! Vraiment ?", "Résultat\u202f: acquis\u202f; bravo\u202f! Vraiment\u202f?"),
    ("Note: lire l'article", "Note\u202f: lire l’article"),
    ("« citation »", "«\u202fcitation\u202f»"), ("«mot»", "«\u202fmot\u202f»"),
    ("Quoi?! à 9:30", "Quoi\u202f?! à 9:30"),
    ("voir https://ex.org/a?b=1;c et l'adresse jo'e@ex.org : fin",
     "voir https://ex.org/a?b=1;c et l’adresse jo'e@ex.org\u202f: fin"),
    ("convention n° 42", "convention n°\u00a042"),
])
def test_french_typography_rules(written, set_fr):
    from preuve.render.typography import typeset

    assert typeset(written, "fr") == set_fr
    assert typeset(set_fr, "fr") == set_fr  # idempotent: setting twice changes nothing
    assert "\u202f" not in typeset(written, "en")


@pytest.mark.parametrize(("wording", "value", "out"), [
    ("pour le compte de {x}", "Atelier Lumière", "pour le compte d’{x}"),
    ("pour le compte de {x}", "Île-de-France", "pour le compte d’{x}"),
    ("que {x} a", "IBM", "qu’{x} a"),
    ("de {x}", "Yves", "d’{x}"), ("de {x}", "Yasmine", "de {x}"),
    ("de {x}", "Hachette", "de {x}"),  # an initial H is never assumed mute
    ("de {x}", "« Avenir »", "de {x}"), ("de {x}", "2 jours", "de {x}"),
    ("monde {x}", "Avenir", "monde {x}"),  # only the word "de", not the end of another
])
def test_elision_happens_only_at_the_boundary_before_a_vowel(wording, value, out):
    from preuve.render.typography import elide

    assert elide(wording, {"x": value}) == out


def test_regions_take_their_article():
    from preuve.render.typography import of_place

    assert [of_place(r, "fr") for r in ("Grand Est", "Hauts-de-France", "Pays de la Loire", "Centre-Val de Loire",
                                        "Occitanie", "Bretagne", "Île-de-France")] == [
        "du Grand Est", "des Hauts-de-France", "des Pays de la Loire", "du Centre-Val de Loire", "d’Occitanie",
        "de Bretagne", "d’Île-de-France"]
    assert of_place("Grand Est", "en") == "Grand Est"


def test_french_index_order_of_names():
    from preuve.naming import name_key

    people = [("Charles", "de Gaulle"), ("Jean", "de La Fontaine"), ("Jean-Noël", "D'Aubigné"), ("Émile", "Zola"),
              ("Éric", "Dupont"), ("Anne", "Éluard"), ("Ana", "Lê"), ("Maël", "Le Bihan"), ("Paul", "van Dyck"),
              ("Jan", "Van Eyck"), ("Ève", "Œuvray"), ("Ola", "Oeste")]
    ordered = [last for first, last in sorted(people, key=lambda p: name_key(*p))]
    assert ordered == ["D'Aubigné", "Dupont", "van Dyck", "Éluard", "de Gaulle", "de La Fontaine", "Lê", "Le Bihan",
                       "Oeste", "Œuvray", "Van Eyck", "Zola"]
