"""The documents as printed: each detail whole and inside the sheet, whatever the length of the
records' texts (a name, an address, a title, a programme's table or code), where a printer
prints it (docs/typography.md, "Layout of the PDFs")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import sample
from sample import FUNDED, PLANNED, built

FUNDED_ID = FUNDED.rsplit("/", 1)[1]
PLANNED_ID = PLANNED.rsplit("/", 1)[1]
EDGE = 5 * 72 / 25.4  # 5 mm in PDF points: a printer's unprinted edge, at most

LONG_PROVIDER = sample.PROVIDER_YML.replace(
    "legal_name: Forma'IA Conseil SARL",
    "legal_name: Organisme International de Formation Professionnelle Continue et d'Accompagnement des "
    "Transformations Numériques et de l'Intelligence Artificielle Générative SAS").replace(
    "address: 12 rue de la République",
    "address: Bâtiment C, 3e étage, Parc d'Activités Économiques des Grandes Terres du Val-de-Marne, 142 "
    "boulevard du Maréchal Jean-Marie-Gabriel de Lattre de Tassigny, 94000 Créteil-sur-Marne-la-Vallée").replace(
    "email: contact@formaia.example",
    "email: service.formation.continue.intelligence.artificielle@organisme-international-de-formation.example")


def words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their box (left, top, right, bottom), and the page's width and
    height as the last item: what pdftotext finds on the sheet (a word drawn past an edge is not
    found, or only its part inside the sheet)."""
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                            check=True).stdout.decode()
    pages = []
    for page in layout.split("<page ")[1:]:
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        found = [(word, float(x1), float(y1), float(x2), float(y2)) for x1, y1, x2, y2, word in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                            page)]
        pages.append(found + [("", 0.0, 0.0, width, height)])
    return pages


def test_a_long_legal_name_and_address_keep_the_nda_sentence_on_every_page(make_project):
    """The footer repeats the provider's legal line and the NDA wording of L6352-12 on every page:
    with a long name, address and e-mail it is taller than the page's margin, which grows to hold
    it, instead of the last sentence being drawn past the sheet's edge."""
    root = make_project({"data/provider.yml": LONG_PROVIDER}, commit=True)
    version = built(root)
    folder = version / "sessions" / FUNDED_ID
    for pdf in (folder / "certificates" / "jean-noel-daubigne.pdf", folder / "programme.pdf",
                folder / "certificat-de-realisation" / "jean-noel-daubigne.pdf", folder / "attendance.pdf"):
        for number, page in enumerate(words(pdf), 1):
            *found, (_, _, _, _, height) = page
            footer = [w for w in found if w[0] in ("agrément", "l’État.")]
            assert [w[0] for w in footer] == ["agrément", "l’État."], (pdf.name, number)
            assert all(w[4] <= height - EDGE for w in footer), (pdf.name, number, footer)


def test_an_address_of_any_length_is_cut_in_the_footer_and_whole_in_the_header(make_project):
    """The footer repeats the provider's legal line on every page, in a margin that grows to hold
    it: an address of 10,000 characters made a 40-page certificate, each page all footer. Past
    1,000 characters it is cut at a word, with "…"; the NDA sentence stays whole; the header of
    the first page states the address whole."""
    address = " ".join(f"bât{n}" for n in range(1500))
    root = make_project({"data/provider.yml": sample.PROVIDER_YML.replace(
        "address: 12 rue de la République", f"address: {address}")}, commit=True)
    pages = words(built(root) / "sessions" / FUNDED_ID / "certificates" / "jean-noel-daubigne.pdf")
    assert len(pages) <= 5  # the header takes a page; the footer some ten lines
    header = []
    for number, page in enumerate(pages):
        found = [w[0] for w in page[:-1] if w[0].startswith("bât")]
        end = found.index("bât157…")  # 995 characters, and the next word is cut
        assert found[end - 157:end] == [f"bât{n}" for n in range(157)], number
        header += found[:end - 157] + found[end + 1:]
        assert [w[0] for w in page if w[0] in ("agrément", "l’État.")] == ["agrément", "l’État."], number
    assert header == [f"bât{n}" for n in range(1500)]


def test_a_long_title_stays_whole_in_the_running_head_of_the_attendance_sheet(make_project):
    """From its second page on, the sheet repeats the title above the table: a title of five
    lines there pushes the table down rather than the head off the top of the sheet."""
    title = " ".join(f"mot{n}" for n in range(120))
    session = sample.PLANNED_SESSION_MD.replace("title: AI Act pour l'encadrement", f"title: {title}")
    people = sample.PEOPLE_YML + "".join(
        f"- id: extra-{n}\n  first_name: Prénom\n  last_name: Nom{n}\n  employer: Client Industrie SA\n"
        f"  role: analyst\n  ai_systems: []\n" for n in range(30))
    attendance = "participants:\n" + "".join(f"  - person: extra-{n}\n" for n in range(30))
    root = make_project({f"{PLANNED}/session.md": session, f"{PLANNED}/attendance.yml": attendance,
                         "data/people.yml": people}, commit=True)
    pages = words(built(root) / "sessions" / PLANNED_ID / "attendance.pdf")
    assert len(pages) >= 3
    for number, page in enumerate(pages[1:], 2):
        head = [w for w in page if w[0].startswith("mot")]
        assert [w[0] for w in head] == [f"mot{n}" for n in range(120)], number
        assert min(w[2] for w in head) >= EDGE, number


def test_a_title_of_any_length_is_cut_in_the_running_head_and_whole_on_the_first_page(make_project):
    """The running head repeats the title on every page, in a margin that grows to hold it: a
    title of 10,000 characters filled each page's margin and left one line of text per page (a
    160-page certificate, a minute to make). Past 1,000 characters the head is cut at a word,
    with "…"; the first page states the title whole."""
    title = " ".join(f"mot{n}" for n in range(1600))
    session = sample.FUNDED_SESSION_MD.replace('title: "IA générative : fondamentaux et vigilance"', f"title: {title}")
    root = make_project({f"{FUNDED}/session.md": session}, commit=True)
    pages = words(built(root) / "sessions" / FUNDED_ID / "certificates" / "dmitri.pdf")
    assert len(pages) <= 8
    body = []
    for number, page in enumerate(pages):
        found = [w[0] for w in page[:-1] if w[0].startswith("mot")]
        head = found.index("mot157…") + 1 if number else 0  # 995 characters, and the next word is cut
        assert [w for w in found if w.endswith("…")] == (["mot157…"] if number else [])
        body += found[head:]
    assert body == [f"mot{n}" for n in range(1600)]


def test_a_programme_s_wide_table_and_long_code_line_stay_inside_the_page(make_project):
    """A table cell holding a long address or link, and a prompt written as a code block on one
    long line, wrap inside the text's width: the last column and the end of the line are printed,
    and the table's short words are not broken to make room."""
    body = ("| Ressource | Adresse | Durée |\n|---|---|---|\n| Guide | https://example.org/" + "chemin" * 25
            + " | DUREEFIN |\n\n```\nRédige une synthèse " + "de-la-réunion-" * 12 + " CODEFIN\n```\n")
    session = sample.PLANNED_SESSION_MD.replace("---\nProgramme.\n", "---\n" + body)
    root = make_project({f"{PLANNED}/session.md": session}, commit=True)
    pages = words(built(root) / "sessions" / PLANNED_ID / "programme.pdf")
    found = [w for page in pages for w in page[:-1]]
    assert {"Ressource", "DUREEFIN", "CODEFIN"} <= {w[0] for w in found}  # short words whole
    width = pages[0][-1][3]
    assert max(w[3] for w in found) <= width - 15 * 72 / 25.4  # inside the right margin (18 mm)
    assert "".join(w[0] for w in found if "chemin" in w[0]).count("chemin") == 25


def test_a_text_no_font_can_show_is_warned_about_where_it_is_written(make_project):
    """Not only people's names: a title, an objective, a trainer, the provider's address, an
    employer and a line of the programme print as empty boxes too when no installed font has one
    of their characters (U+0378 is unassigned, so in no font). Each is named once, on its line."""
    from test_check import diagnostic_lines, run_check

    box = "\u0378"
    session = (sample.FUNDED_SESSION_MD.replace('fondamentaux et vigilance"', f'fondamentaux et vigilance {box}"')
               .replace("  - Rédiger une consigne", f"  - Rédiger{box} une consigne")
               .replace("Demi-journée 1 :", f"Demi-journée 1 {box} :"))
    root = make_project({
        f"{FUNDED}/session.md": session,
        "data/trainers.yml": sample.TRAINERS_YML.replace("Nadia Benali-Roux", f"Nadia Benali-Roux{box}"),
        "data/provider.yml": sample.PROVIDER_YML.replace("12 rue de la République", f"12 rue de la République{box}"),
        "data/people.yml": sample.PEOPLE_YML.replace("first_name: Zoé", f"first_name: Zoé{box}", 1).replace(
            "employer: Client Industrie SA", f"employer: Client Industrie SA{box}", 1)})
    _, warnings = diagnostic_lines(run_check(root).output)
    fix = "they would print as empty boxes; install a font that has them (see the README's fonts)"
    assert [w for w in warnings if "font" in w] == [
        f"{FUNDED}/session.md:2: warning: title: 'IA générative : fondamentaux et vigilance {box}' has characters "
        f"that no installed font can show (U+0378): {fix}",
        f"{FUNDED}/session.md:9: warning: objectives[2]: 'Rédiger{box} une consigne précise et vérifier la réponse "
        f"obtenue' has characters that no installed font can show (U+0378): {fix}",
        f"{FUNDED}/session.md:29: warning: programme: 'Demi-journée 1 {box} : principes de l'IA générative.' has "
        f"characters that no installed font can show (U+0378): {fix}",
        f"data/people.yml:6: warning: employer: 'Client Industrie SA{box}' has characters that no installed font "
        f"can show (U+0378): {fix}",
        f"data/people.yml:11: warning: first_name: zoe-ndiaye: 'Zoé{box}' has characters that no installed font "
        f"can show (U+0378): {fix}",
        f"data/provider.yml:3: warning: address: '12 rue de la République{box}' has characters that no installed "
        f"font can show (U+0378): {fix}",
        f"data/trainers.yml:2: warning: nadia.name: 'Nadia Benali-Roux{box}' has characters that no installed font "
        f"can show (U+0378): {fix}"]


def test_every_page_after_the_first_says_whose_document_it_is(make_project):
    """A certificate whose objectives run onto a second page, and a long programme: each
    following page names, above its content, the trainee and the title, and the kind of document,
    so that a sheet separated from the first is still attributable."""
    objectives = "".join(f"  - Objectif {n}, " + "décrire et vérifier une réponse générée, " * 6 + "\n"
                         for n in range(1, 13))
    session = sample.FUNDED_SESSION_MD.replace(
        "  - Identifier les limites d'un assistant d'IA générative\n"
        "  - Rédiger une consigne précise et vérifier la réponse obtenue\n", objectives)
    session = session.replace("Demi-journée 1 :", "\n\n".join(["Un paragraphe du programme. " * 20] * 25))
    root = make_project({f"{FUNDED}/session.md": session}, commit=True)
    folder = built(root) / "sessions" / FUNDED_ID
    for pdf, name, kind in [(folder / "certificates" / "dmitri.pdf", "Ζαχαρίου", "Attestation"),
                            (folder / "programme.pdf", None, "Programme")]:
        pages = words(pdf)
        assert len(pages) >= 2, pdf.name
        for number, page in enumerate(pages[1:], 2):
            head = [w[0] for w in page[:-1] if w[4] <= 16 * 72 / 25.4]  # in the top margin
            assert name is None or name in head, (pdf.name, number, head)
            assert {"fondamentaux", "vigilance", kind} <= set(head), (pdf.name, number, head)
        first = [w[0] for w in pages[0][:-1] if w[4] <= 14 * 72 / 25.4]
        assert first == [], (pdf.name, first)  # the first page has its own header


def test_the_signatures_never_stand_alone_on_a_certificate_s_last_page(make_project):
    """Objectives long enough to fill the first page used to send "Fait à … le …", the
    verification code and the signatures alone to a second page, under nothing of what they
    sign. The facts' last row (the assessment) now goes with them."""
    for count in (6, 7, 8):
        objectives = "".join(f"  - Objectif {n}, " + "décrire et vérifier une réponse générée, " * 5 + "\n"
                             for n in range(1, count + 1))
        session = sample.FUNDED_SESSION_MD.replace(
            "  - Identifier les limites d'un assistant d'IA générative\n"
            "  - Rédiger une consigne précise et vérifier la réponse obtenue\n", objectives)
        root = make_project({f"{FUNDED}/session.md": session}, commit=True)
        pages = words(built(root) / "sessions" / FUNDED_ID / "certificates" / "dmitri.pdf")
        signed = [[w[0] for w in page] for page in pages if "Fait" in [w[0] for w in page]]
        assert len(signed) == 1, count
        assert {"Évaluation", "acquis", "Questionnaire", "18"} <= set(signed[0]), (count, len(pages), signed[0])


def test_hours_in_minutes_stay_in_their_column_and_evidence_sentences_are_spaced(make_project):
    """"6 heures 20 minutes" ran past the attendance sheet's hours column and the table's edge; and
    the sentences naming the signed sheets and the connection logs were glued ("….pdf.Journaux")."""
    schedule = ('schedule:\n'
                '  - {date: 2026-03-12, start: "09:00", end: "11:10"}\n'
                '  - {date: 2026-03-12, start: "14:00", end: "16:00"}\n'
                '  - {date: 2026-03-13, start: "09:00", end: "11:10"}\n')
    session = re.sub(r"schedule:\n(  - .*\n)+", schedule, sample.FUNDED_SESSION_MD)
    attendance = ("trainer_signed: [true, true, true]\nevidence:\n  signatures: [evidence/emargement-signe.pdf]\n"
                  "  connection_logs: [evidence/connexions.csv]\nparticipants:\n"
                  "  - person: dmitri\n    slots: [present, present, present]\n"
                  "    assessment: {score: 18, result: acquired}\n")
    root = make_project({f"{FUNDED}/session.md": session, f"{FUNDED}/attendance.yml": attendance,
                         f"{FUNDED}/evidence/connexions.csv": "user,start\ndmitri,2026-03-12T09:00\n"}, commit=True)
    sheet = built(root) / "sessions" / FUNDED_ID / "attendance.pdf"
    assert "evidence/emargement-signe.pdf. Journaux de connexion : evidence/connexions.csv." in sample.text(sheet)
    for page in words(sheet):
        *found, (_, _, _, width, _) = page
        assert "minutes" in [w[0] for w in found]
        assert all(w[3] <= width - 10 * 72 / 25.4 for w in found), [w for w in found if w[3] > width - 28.4]
