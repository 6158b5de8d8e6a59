"""The documents, read back: every mandatory detail present and consistent across documents."""

from __future__ import annotations

import http.server
import json
import math
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

import sample
from sample import FUNDED, FUNDED_ATTENDANCE_YML, PLANNED, REMOTE, built, text

FUNDED_ID = FUNDED.rsplit("/", 1)[1]
REMOTE_ID = REMOTE.rsplit("/", 1)[1]
PLANNED_ID = PLANNED.rsplit("/", 1)[1]


def test_one_certificate_per_trainee_present_and_none_for_the_absent(sample_output):
    certificates = sorted(p.name for p in (sample_output / "sessions" / FUNDED_ID / "certificates").iterdir())
    assert certificates == ["dmitri.pdf", "jean-noel-daubigne.pdf", "zoe-ndiaye.pdf"]
    assert not (sample_output / "sessions" / PLANNED_ID / "certificates").exists()


def test_certificate_carries_every_mandatory_detail(sample_output):
    body = text(sample_output / "sessions" / FUNDED_ID / "certificates" / "jean-noel-daubigne.pdf")
    for detail in [
        "Jean-Noël", "D'Aubigné",                                   # trainee
        "Forma'IA Conseil SARL", "12 rue de la République", "contact@formaia.example",  # provider
        "Déclaration d'activité enregistrée sous le numéro 84691234569 auprès du préfet de région "
        "d'Auvergne-Rhône-Alpes",  # elided, as French writes it
        "Cet enregistrement ne vaut pas agrément de l'État",
        "IA générative : fondamentaux et vigilance",                # exact title
        "Identifier les limites d'un assistant d'IA générative",   # each objective
        "Rédiger une consigne précise et vérifier la réponse obtenue",
        "Action de formation",                                      # nature
        "présentiel",                                               # format
        "13,5 heures",                                              # hours attended (3.5+3.5+3.5+3)
        "du 12 au 13 mars 2026",                                    # start and end dates
        "Acquis",                                                   # assessment result
        "Lyon", "Sophie Marchal", "Gérante",                        # place, signatory
    ]:
        assert detail in body, detail
    assert re.search(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}", body), "verification code"
    for residue in ("None", "{{", "}}", "{%", "Undefined"):
        assert residue not in body


def test_partial_attendance_gives_the_hours_actually_attended(sample_output):
    body = text(sample_output / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    # Present on 12 March morning (3.5 h) and 13 March morning (3.5 h): 7 hours, not 13.5.
    assert "7 heures" in body
    assert "13,5 heures" in body  # out of the planned hours
    assert "Partiellement acquis" in body


def test_non_latin_and_long_names_are_intact(sample_output):
    body = text(sample_output / "sessions" / FUNDED_ID / "certificates" / "dmitri.pdf")
    assert "Дмитрий" in body and "Ζαχαρίου" in body
    sheet = text(sample_output / "sessions" / FUNDED_ID / "attendance.pdf")
    assert "Dupont-Moreau de la Tour-Vaillant" in sheet


def test_certificat_de_realisation_follows_the_ministry_model(sample_output):
    body = text(sample_output / "sessions" / FUNDED_ID / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    for detail in ["Sophie Marchal", "Forma'IA Conseil SARL", "Mme", "N'Diaye", "Zoé", "Client Industrie SA",
                   "IA générative : fondamentaux et vigilance", "du 12 au 13 mars 2026", "7 heures",
                   "pendant une durée de 3 ans à compter de la fin de l'année du dernier paiement",
                   "Lyon", "OPCO Atlas"]:
        assert detail in body, detail
    for nature in ["action de formation", "bilan de compétences", "action de VAE",
                   "action de formation par apprentissage"]:
        assert nature.lower() in body.lower(), nature


def test_attendance_sheet_recorded_and_planned(sample_output):
    recorded = text(sample_output / "sessions" / FUNDED_ID / "attendance.pdf")
    for detail in ["IA générative : fondamentaux et vigilance", "Forma'IA Conseil SARL", "Nadia Benali-Roux",
                   "12 mars 2026", "9 h – 12 h 30", "14 h – 17 h", "Absent", "evidence/emargement-signe.pdf"]:
        assert detail in recorded, detail
    assert "Relevé des présences établi d'après les émargements de la session." in recorded
    remote = text(sample_output / "sessions" / REMOTE.rsplit("/", 1)[1] / "attendance.pdf")
    assert ("Relevé des présences établi d'après les preuves de présence de la session (émargements, journaux de "
            "connexion).") in remote  # a remote session's may be connection logs (R6313-3)
    planned = text(sample_output / "sessions" / PLANNED_ID / "attendance.pdf")
    assert "D'Aubigné" in planned
    assert "Présent" not in planned


def test_programme_has_objectives_schedule_and_body(sample_output):
    body = text(sample_output / "sessions" / FUNDED_ID / "programme.pdf")
    for detail in ["Identifier les limites d'un assistant d'IA générative", "Encadrement", "Analyste",
                   "Demi-journée 1 : principes de l'IA générative", "13,5 heures"]:
        assert detail in body, detail


def test_english_locale(make_project):
    root = make_project({"preuve.yml": "title: Evidence\nlocale: en\nmode: provider\n"}, commit=True)
    out = built(root)
    body = text(out / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "from March 12 to 13, 2026" in body
    assert "7 hours" in body
    assert "13.5 hours" in body
    assert "84691234569" in body


def test_in_house_mode_has_no_nda_wording(make_project):
    root = make_project({"preuve.yml": "title: Evidence\nmode: in-house\n"}, commit=True)
    body = text(built(root) / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "Déclaration d'activité" not in body


def test_in_house_certificat_de_realisation_names_the_employer(make_project):
    # The Ministry model's "employer of the trainee" field: in-house, the staff's employer is the
    # issuer itself (people.yml records no other), and the field was left out.
    from sample import PEOPLE_YML
    people = PEOPLE_YML.replace("  employer: Client Industrie SA\n", "")
    root = make_project({"preuve.yml": "title: Evidence\nmode: in-house\n", "data/people.yml": people}, commit=True)
    body = text(built(root) / "sessions" / FUNDED_ID / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    assert "Mme Zoé N'Diaye salariée de l'entreprise Forma'IA Conseil SARL a suivi l'action" in body


@pytest.mark.parametrize(("nature", "followed", "shown"), [
    ("bilan-de-competences", "a suivi l'action intitulée", "Bilan de compétences"),
    ("vae", "a suivi l'action intitulée", "Action de validation des acquis de l'expérience"),
    ("apprentissage", "a suivi l'action de formation intitulée", "Action de formation par apprentissage"),
])
def test_a_certificate_calls_the_action_a_training_only_when_it_is_one(make_project, nature, followed, shown):
    # "a suivi l'action de formation intitulée" above "Nature de l'action : Bilan de compétences"
    # contradicted itself: a bilan or a VAE is another category of L6313-1.
    from sample import FUNDED_SESSION_MD
    session = FUNDED_SESSION_MD.replace("nature: action-de-formation", f"nature: {nature}")
    root = make_project({f"content/sessions/{FUNDED_ID}/session.md": session}, commit=True)
    body = text(built(root) / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    assert f"{followed} « IA générative : fondamentaux et vigilance »" in body
    assert f"Nature de l'action {shown}" in body


def test_session_without_assessment_says_attendance_only(sample_output):
    body = text(sample_output / "sessions" / REMOTE_ID / "certificates" / "zoe-ndiaye.pdf")
    assert "à distance" in body
    assert "Acquis" not in body


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's interface
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_hostile_input_never_becomes_markup_or_a_fetch(make_project, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    from sample import FUNDED_SESSION_MD, PEOPLE_YML

    session = FUNDED_SESSION_MD + (
        "\n<script>alert(1)</script>\n<img src=\"http://127.0.0.1:%d/raw.png\">\n"
        "![beacon](http://127.0.0.1:%d/beacon.png)\n![local](file://%s)\n![up](../../../../outside.png)\n"
        "<link rel=\"attachment\" href=\"file:///etc/hostname\">\n" % (port, port, outside))
    people = PEOPLE_YML.replace("first_name: Zoé", "first_name: <b>Zoé</b><script>x</script>")
    root = make_project({f"{FUNDED}/session.md": session, "data/people.yml": people}, commit=True)
    out = built(root)
    server.shutdown()
    assert _Recorder.hits == []
    programme = out / "sessions" / FUNDED_ID / "programme.pdf"
    body = text(programme)
    assert "<script>alert(1)</script>" in body  # shown as text, not run as markup
    raw = programme.read_bytes()
    assert b"/EmbeddedFile" not in raw and b"/Subtype /Image" not in raw and b"/Subtype/Image" not in raw
    assert "<b>Zoé</b><script>x</script>" in text(out / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf")
    page = (out / "sessions" / FUNDED_ID / "index.html").read_text()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_documents_agree_on_title_dates_and_hours(sample_output):
    """Each trainee's dates and hours are the same on their certificate, their certificat de
    réalisation and the attendance sheet, and agree with the programme's."""
    title = "IA générative : fondamentaux et vigilance"
    folder = sample_output / "sessions" / FUNDED_ID
    for pdf in [folder / "programme.pdf", folder / "attendance.pdf", *folder.glob("certificates/*.pdf"),
                *folder.glob("certificat-de-realisation/*.pdf")]:
        assert title in text(pdf), pdf.name
    assert "Dates Du 12 au 13 mars 2026 Durée totale 13,5 heures" in text(folder / "programme.pdf")
    sheet = text(folder / "attendance.pdf")
    for person, name, hours in (("zoe-ndiaye", "Mme Zoé N'Diaye", "7 heures"),
                                ("jean-noel-daubigne", "M. Jean-Noël D'Aubigné", "13,5 heures"),
                                ("dmitri", "M. Дмитрий Ζαχαρίου", "13,5 heures")):
        certificate = text(folder / "certificates" / f"{person}.pdf")
        assert f"Dates de présence du 12 au 13 mars 2026 Durée suivie {hours} sur 13,5 heures prévues" in certificate
        realisation = text(folder / "certificat-de-realisation" / f"{person}.pdf")
        assert f"qui s'est déroulée du 12 au 13 mars 2026, pour une durée de {hours}." in realisation
        assert re.search(rf"{re.escape(name)} Client Industrie SA( \S+){{4,8}} {hours}", sheet), (name, sheet)
    assert "Aurélien" not in "".join(p.name for p in folder.glob("certificates/*.pdf"))  # absent throughout
    page = (folder / "index.html").read_text()
    assert "IA générative\u202f: fondamentaux et vigilance" in page  # set as French prints it


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 40, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_signature_image_and_logo_are_embedded(make_project):
    from sample import PROVIDER_YML

    provider = PROVIDER_YML + "signature_image: signature.png\nlogo: brand/logo.png\n"
    root = make_project({"data/provider.yml": provider, "data/signature.png": _png(),
                         "data/brand/logo.png": _png()}, commit=True)
    out = built(root)
    for pdf in (out / "sessions" / FUNDED_ID / "certificates" / "zoe-ndiaye.pdf",
                out / "sessions" / FUNDED_ID / "certificat-de-realisation" / "zoe-ndiaye.pdf"):
        images = [obj for page in PdfReader(pdf).pages for obj in page.images]
        assert len(images) >= 2, pdf.name


def test_fetcher_serves_only_record_folders(make_project, tmp_path):
    from preuve.render.fetch import ConfinedFetcher

    root = make_project()
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "config").write_text("[secret]\n")
    (root / "data" / "logo.png").write_bytes(b"png")
    fetcher = ConfinedFetcher(root, ("data", "content", "layouts"), root / "layouts")
    assert fetcher.fetch((root / "data" / "logo.png").as_uri()).read() == b"png"
    for url in [(root / ".git" / "config").as_uri(), (root / "data" / ".." / ".git" / "config").as_uri(),
                "file:///etc/hostname", "http://127.0.0.1:9/x.png", "https://example.org/x.css",
                "ftp://example.org/x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_a_score_of_minus_zero_is_printed_and_stated_as_zero(make_project):
    """A spreadsheet export may write -0 (or -0.0): the certificate said "note : -0 / 20", its facts -0.0."""
    root = make_project({f"{FUNDED}/attendance.yml": FUNDED_ATTENDANCE_YML.replace(
        "{score: 16, result: acquired}", "{score: -0.0, result: not-acquired}")}, commit=True)
    certificate = built(root) / "sessions" / FUNDED_ID / "certificates" / "jean-noel-daubigne.pdf"
    assert "Résultat : Non acquis — note : 0 / 20 (seuil : 14 / 20)" in text(certificate)
    [spec] = [s.get_object() for s in PdfReader(certificate).trailer["/Root"]["/AF"]]
    facts = json.loads(spec["/EF"]["/F"].get_object().get_data())
    assert math.copysign(1, facts["assessment"]["score"]) == 1  # 0.0, not -0.0 (they compare equal)


def test_a_result_not_recorded_is_said_so_with_the_pass_mark_alone(make_project):
    """No score to show: the pass mark follows the result, without an empty "note :"."""
    root = make_project({f"{FUNDED}/attendance.yml": FUNDED_ATTENDANCE_YML.replace(
        "    assessment: {score: 16, result: acquired}\n", "")}, commit=True)
    version = built(root)
    body = text(version / "sessions" / FUNDED_ID / "certificates" / "jean-noel-daubigne.pdf")
    assert "Résultat : non renseigné (seuil : 14 / 20)" in body
    assert "note :" not in body
    # The pages do not say "sans évaluation" (no assessment) of an assessment not yet recorded.
    [client] = [page for page in (version / "clients").glob("*/index.html") if "Jean-Noël" in page.read_text()]
    for page in (version / "sessions" / FUNDED_ID / "index.html", version / "verify.html", client):
        html = page.read_text(encoding="utf-8")
        assert html.count("résultat non renseigné") == 1, page  # Jean-Noël's certificate


TWO_TRAINERS = {
    "data/trainers.yml": sample.TRAINERS_YML + "paul:\n  name: Paul Ferrand\n  title: Formateur\n",
    f"{FUNDED}/session.md": sample.FUNDED_SESSION_MD.replace("trainers: [nadia]", "trainers: [nadia, paul]").replace(
        '"12:30"}\n  - {date: 2026-03-12', '"12:30", trainers: [nadia]}\n  - {date: 2026-03-12', 1).replace(
        '"17:30"}\n  - {date: 2026-03-13', '"17:30", trainers: [paul]}\n  - {date: 2026-03-13', 1).replace(
        '"12:30"}\n  - {date: 2026-03-13, start: "14:00", end: "17:00"}',
        '"12:30", trainers: [nadia, paul]}\n  - {date: 2026-03-13, start: "14:00", end: "17:00", trainers: [nadia]}'),
    f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("trainers: [nadia]", "trainers: [nadia, paul]").replace(
        '"12:30"}', '"12:30", trainers: [paul]}').replace('"17:30"}', '"17:30", trainers: [nadia, paul]}'),
}


def test_each_half_day_names_the_trainer_who_held_it(make_project):
    """Case law wants each half-day's trainer named and signing (docs/rules.md): with
    ``schedule[].trainers``, the attendance sheet names them above each half-day's column, the
    trainer's mark is theirs, and on a blank sheet a trainer signs only the half-days they hold;
    the programme and the session's page name them too."""
    root = make_project(TWO_TRAINERS, commit=True)
    out = built(root)
    recorded = text(out / "sessions" / FUNDED_ID / "attendance.pdf")
    assert ("9 h – 12 h 30 · 3,5 h Nadia Benali-Roux jeu. 12 mars 2026 14 h – 17 h 30 · 3,5 h Paul Ferrand "
            "ven. 13 mars 2026 9 h – 12 h 30 · 3,5 h Nadia Benali-Roux, Paul Ferrand ven. 13 mars 2026 "
            "14 h – 17 h · 3 h Nadia Benali-Roux Heures suivies") in recorded
    assert "Formateur de la demi-journée (nommé en tête de colonne) Signé Signé Signé Signé" in recorded
    planned = text(out / "sessions" / PLANNED.rsplit("/", 1)[1] / "attendance.pdf")
    assert ("9 h – 12 h 30 · 3,5 h Paul Ferrand jeu. 14 janv. 2027 14 h – 17 h 30 · 3,5 h Nadia Benali-Roux, "
            "Paul Ferrand") in planned
    assert "Formateur : Nadia Benali-Roux Sans objet Formateur : Paul Ferrand Forma'IA" in planned
    assert "chaque formateur signe les demi-journées qu'il tient" in planned
    programme = text(out / "sessions" / FUNDED_ID / "programme.pdf")
    assert ("Date Horaires Formateur Durée jeu. 12 mars 2026 9 h – 12 h 30 Nadia Benali-Roux 3,5 heures jeu. "
            "12 mars 2026 14 h – 17 h 30 Paul Ferrand 3,5 heures") in programme
    page = (out / "sessions" / FUNDED_ID / "index.html").read_text()
    assert "<td>Nadia Benali-Roux, Paul Ferrand</td>" in page
