"""Text written to fool the reader or the printer: YAML 1.1 constructs the loader does not read,
characters that only an escape in quotes can write, bidirectional controls ("Trojan Source"),
evidence file names that macOS and Windows take for one, escape sequences in what ``verify``
prints, and programme headings that broke the document's outline."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import sample
from preuve.cli import main
from sample import FUNDED, REMOTE, built
from test_check import diagnostic_lines, edit, run_check
from test_hostile import build
from test_verification import CERT, with_facts

ESCAPED = [
    ("ESC", "data/people.yml", ("first_name: Zoé", 'first_name: "Zo\\e[31mé\\e[0m"'), 11,
     "holds the control character U+001B (ESC), written as an escape in quotes, which no record may hold"),
    ("NUL", f"{FUNDED}/session.md", ("  - Identifier les limites d'un assistant d'IA générative",
                                     '  - "Identifier\\0 les limites"'), 8,
     "holds the control character U+0000 (NUL), written as an escape in quotes, which no record may hold"),
    ("NEL", f"{FUNDED}/attendance.yml", ("- person: dmitri", '- person: "dmitri\\N"'), 14,
     "holds the control character U+0085, written as an escape in quotes, which no record may hold"),
]


@pytest.mark.parametrize(("rel", "change", "line", "message"), [case[1:] for case in ESCAPED],
                         ids=[case[0] for case in ESCAPED])
def test_an_escape_in_quotes_cannot_write_a_control_character(make_project, rel, change, line, message):
    """``"\\e[31m"`` in quotes is an escape character in the value, which the file's own text may
    not hold: it coloured the terminal and printed as boxes on the certificate."""
    root = make_project(edit(rel, change), commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{line}: {message}"]
    assert build(root).exit_code == 1 and not (root / "output").exists()


RLO = "\u202e"
BIDI = ("holds U+202E (RIGHT-TO-LEFT OVERRIDE), a bidirectional control that reorders the text around it: "
        "documents would show it otherwise than it reads here; remove it")
BIDI_CASES = [
    ("data/people.yml", edit("data/people.yml", ("last_name: N'Diaye", f"last_name: N'{RLO}eyaiD"))["data/people.yml"], 12),
    ("data/people.yml", edit("data/people.yml", ("last_name: N'Diaye", 'last_name: "N\'\\u202EeyaiD"'))["data/people.yml"], 12),
    (f"{FUNDED}/session.md", sample.FUNDED_SESSION_MD + f"Fin {RLO}ruojed\n", 30),
    (f"{REMOTE}/attendance.csv", f"person;slot1;score;result\ndmitri;present;;\nzoe-ndiaye;present;{RLO}41;\n", 3),
]


@pytest.mark.parametrize(("rel", "text", "line"), BIDI_CASES, ids=["yaml", "yaml-escape", "markdown", "csv"])
def test_a_right_to_left_override_is_refused_wherever_it_is_written(make_project, rel, text, line):
    """``N'\\u202EeyaiD`` printed "N'Diaye" on the certificate while the records held "N'eyaiD"."""
    root = make_project({rel: text}, commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{line}: {BIDI}"]


YAML_1_1 = [
    ("set", ("objectives:\n", "objectives: !!set\n"), 7, "the tag !!set is not read by preuve: write a list "
     "(- item), a mapping (key: value) or a text"),
    ("omap", ("objectives:\n", "objectives: !!omap\n"), 7, "the tag !!omap is not read by preuve: write a list "
     "(- item), a mapping (key: value) or a text"),
    ("binary", ("location: 12 rue", "location: !!binary MTIgcnVl\nx: 12 rue"), 5, "the tag !!binary is not read "
     "by preuve: write a list (- item), a mapping (key: value) or a text"),
    ("merge", ("assessment:\n", "assessment:\n  <<: {pass_mark: 10}\n"), 20,
     "'<<' (a merge key) is YAML 1.1, which preuve does not read: write the fields out"),
]


@pytest.mark.parametrize(("change", "line", "message"), [case[1:] for case in YAML_1_1],
                         ids=[case[0] for case in YAML_1_1])
def test_yaml_1_1_sets_pairs_binaries_and_merge_keys_are_refused(make_project, change, line, message):
    """``!!set`` came in no fixed order (one commit built twice gave other objectives' order, other
    bytes); a merge key's fields were silently missing."""
    root = make_project(edit(f"{FUNDED}/session.md", change), commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{FUNDED}/session.md:{line}: invalid YAML: {message}"]


def test_evidence_names_that_reorder_or_collide_are_errors(make_project):
    """``scan-\\u202efdp.exe`` reads "scan-exe.pdf"; ``Satisfaction.csv`` beside ``satisfaction.csv``,
    or ``résultats.csv`` in NFC beside NFD, are one file on macOS and Windows and in zip tools there."""
    nfc, nfd = unicodedata.normalize("NFC", "résultats.csv"), unicodedata.normalize("NFD", "résultats.csv")
    root = make_project({f"{FUNDED}/evidence/Satisfaction.csv": "question;note\n",
                         f"{FUNDED}/evidence/{nfc}": "a\n", f"{FUNDED}/evidence/{nfd}": "b\n",
                         f"{FUNDED}/evidence/scan-{RLO}fdp.exe": b"MZ"}, commit=True)
    result = run_check(root)
    errors, _ = diagnostic_lines(result.output)
    same = ("only in upper and lower case or in how its accented letters are encoded (Unicode NFC/NFD): macOS and "
            "Windows, and zip tools there, take them for one file, and one overwrites the other; rename one")
    first, second = sorted([nfc, nfd])
    assert sorted(errors) == sorted([
        f"{FUNDED}/evidence/{second}: differs from 'evidence/{first}' {same}",
        f"{FUNDED}/evidence/satisfaction.csv: differs from 'evidence/Satisfaction.csv' {same}",
        f"{FUNDED}/evidence/scan-\\u202efdp.exe: the file name holds U+202E (RIGHT-TO-LEFT OVERRIDE), a "
        "bidirectional control that reorders the characters after it, so the name reads otherwise than it is: "
        "rename it"]), result.output
    assert RLO not in result.output


def test_verify_prints_what_a_forged_file_states_without_running_its_escapes(sample_output, tmp_path):
    """A forged file's facts are the forger's text: ``\\e[3A\\e[2K`` moved the cursor up and erased
    the "NOT GENUINE" line, and a carriage return rewrote a line's start, on the controller's terminal."""
    payload = ('{"trainee": {"first_name": "Zo\\u00e9\\u001b[3A\\u001b[2K\\rGENUINE: byte-identical",'
               ' "last_name": "N\\u202eeyaiD"}}').encode()
    forged = with_facts(sample_output / CERT, payload, tmp_path / "forged.pdf")
    result = CliRunner().invoke(main, ["verify", str(forged), "--in", str(sample_output)], color=True)
    assert result.exit_code == 1 and result.output.startswith("NOT GENUINE"), result.output
    assert "trainee:   Zoé\\x1b[3A\\x1b[2K\\rGENUINE: byte-identical N\\u202eeyaiD\n" in result.output
    assert not {"\x1b", "\r", RLO} & set(result.output)


def test_programme_headings_are_set_under_the_document_s_own(make_project):
    """A ``#`` in the programme was an ``<h1>`` beside the title: a second document in the PDF's
    outline, printed as large as the title."""
    body = "# Jour 1\n\nPrincipes.\n\n## Matin\n\nExercices.\n"
    root = make_project({f"{REMOTE}/session.md": sample.REMOTE_SESSION_MD.replace("Programme à distance.\n", body)},
                        commit=True)
    out = built(root)
    reader = PdfReader(out / f"sessions/{REMOTE.rsplit('/', 1)[1]}/programme.pdf")
    top = reader.outline
    assert [item.title for item in top if not isinstance(item, list)] == ["Copilot en sécurité"]
    sections = top[1]
    content = sections.index(next(item for item in sections if not isinstance(item, list)
                                  and item.title == "Contenu et déroulé"))
    jour = sections[content + 1]
    assert [item.title for item in jour if not isinstance(item, list)] == ["Jour 1"]
    assert [item.title for item in jour[1]] == ["Matin"]


def test_a_programme_link_inside_the_records_is_printed_not_a_dead_link(make_project):
    """``[le quiz](evidence/quiz.csv)`` became a link to file:///preuve-records/…, dead in every
    reader's hands; a web address stays a link."""
    body = "Voir [le quiz](evidence/quiz.csv) et [la charte](https://example.org/charte).\n"
    root = make_project({f"{REMOTE}/session.md": sample.REMOTE_SESSION_MD.replace("Programme à distance.\n", body)},
                        commit=True)
    programme = built(root) / f"sessions/{REMOTE.rsplit('/', 1)[1]}/programme.pdf"
    reader = PdfReader(programme)
    targets = [annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots", [])
               if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]]
    assert targets == ["https://example.org/charte"]
    assert "Voir le quiz (evidence/quiz.csv) et la charte." in sample.text(programme)


INVISIBLE = ("holds U+200B (ZERO WIDTH SPACE), which prints as nothing: the name would read like another but no "
             "search or sort would find it as that name; retype it without it")
NAME_CASES = [
    ("zero-width-space", "data/people.yml", ("last_name: N'Diaye", "last_name: N'Di\u200baye"), 12,
     f"last_name: {INVISIBLE}"),
    ("soft-hyphen", "data/trainers.yml", ("name: Nadia Benali-Roux", "name: Nadia Be\u00adnali-Roux"), 2,
     "nadia.name: holds U+00AD (SOFT HYPHEN), which prints as nothing: the name would read like another but no "
     "search or sort would find it as that name; retype it without it"),
    ("joiner", "data/people.yml", ("first_name: Zoé", "first_name: Zo\u200dé"), 11,
     "first_name: holds U+200D (ZERO WIDTH JOINER), which prints as nothing: the name would read like another "
     "but no search or sort would find it as that name; retype it without it"),
    ("cyrillic-o", "data/people.yml", ("last_name: N'Diaye", "last_name: N'Diay\u0435"), 12,
     "last_name: 'Diayе' mixes Cyrillic and Latin letters in one word (U+0435 (CYRILLIC SMALL LETTER IE)): it "
     "prints like a Latin name but no search or sort finds it as one; retype it"),
    ("greek-in-representative", "data/provider.yml", ("name: Sophie Marchal", "name: S\u03bfphie Marchal"), 10,
     "representative.name: 'Sοphie' mixes Greek and Latin letters in one word (U+03BF (GREEK SMALL LETTER "
     "OMICRON)): it prints like a Latin name but no search or sort finds it as one; retype it"),
]


@pytest.mark.parametrize(("rel", "change", "line", "message"), [case[1:] for case in NAME_CASES],
                         ids=[case[0] for case in NAME_CASES])
def test_a_name_that_reads_like_another_is_refused(make_project, rel, change, line, message):
    """"N'Di<U+200B>aye" and "N'Diayе" (a Cyrillic е) print as "N'Diaye" on every document, yet the index
    sorted them apart and a search for the trainee's name found neither. Names in one script, Cyrillic
    or Greek included (the sample's "Дмитрий Ζαχαρίου"), are names."""
    root = make_project(edit(rel, change), commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{line}: {message}"]


DEEP = [
    ("quotes", "> " * 25 + "Évaluation finale\n", 30),
    ("list", "".join("  " * depth + f"- point {depth}\n" for depth in range(12)), 39),
]


@pytest.mark.parametrize(("text", "line"), [case[1:] for case in DEEP], ids=[case[0] for case in DEEP])
def test_a_programme_nested_deeper_than_markdown_keeps_is_refused(make_project, text, line):
    """The Markdown parser stops at 20 levels and drops what is deeper without a word: a programme
    whose last points sat in a list ten levels deep printed without them."""
    root = make_project({f"{FUNDED}/session.md": sample.FUNDED_SESSION_MD + text}, commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{FUNDED}/session.md:{line}: programme: is nested more than 20 levels deep (a quote "
                      "counts one level, a list inside a list two): it would not print; nest it less"]


def test_a_programme_nested_as_deep_as_markdown_keeps_prints_whole(make_project):
    """Nine levels of list (18 of the parser's 20) print, down to the deepest point."""
    text = "".join("  " * depth + f"- point {depth}\n" for depth in range(9))
    root = make_project({f"{FUNDED}/session.md": sample.FUNDED_SESSION_MD + text}, commit=True)
    programme = PdfReader(built(root) / f"sessions/{FUNDED.rsplit('/', 1)[1]}/programme.pdf")
    assert "point 8" in "".join(page.extract_text() for page in programme.pages)
