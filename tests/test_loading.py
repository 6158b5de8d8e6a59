"""Load stage: CSV as French spreadsheets write it, front matter and YAML with real line numbers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import sample
from preuve.cli import main
from preuve.diagnostics import Diagnostics
from preuve.loading.csvfile import decode, parse_csv
from preuve.loading.frontmatter import split_front_matter
from preuve.loading.located import LDict, LList, LoadError
from preuve.loading.project import load_project
from preuve.loading.yamlfile import parse_yaml
from preuve.pipeline import read_records

FUNDED_MD = f"{sample.FUNDED}/session.md"
FUNDED_ATT = f"{sample.FUNDED}/attendance.yml"

COLUMNS = ["id", "first_name", "last_name", "civility", "email", "employer", "role", "ai_systems",
           "joined_on", "left_on"]
# Names that cp1252 can encode (the sample's Cyrillic and Greek names cannot be), with œ, which
# Latin-1 lacks, to tell cp1252 from Latin-1.
PEOPLE_ROWS = [
    ["jean-noel-daubigne", "Jean-Noël", "D'Aubigné", "M.", "jn.daubigne@client.example",
     "Client Industrie SA", "manager", "chatgpt", "2020-01-06", ""],
    ["zoe-ndiaye", "Zoé", "N'Diaye", "Mme", "", "Client Industrie SA", "analyst", "chatgpt|copilot", "", ""],
    ["aurelien-long", "Aurélien-Marie", "Dupont-Moreau de la Tour-Vaillant", "M.", "", "Client Industrie SA",
     "analyst", "", "", ""],
    ["dmitri", "Hélène", "Lefèvre", "Mme", "", "Client Industrie SA", "analyst", " copilot ", "", ""],
    ["benoit-workshop", "Benoît", "Cœurdoux", "M.", "", "Client Industrie SA", "workshop", "", "", ""],
]
NAMES = {row[0]: (row[1], row[2]) for row in PEOPLE_ROWS}


def people_csv(delimiter: str = ";", rows: list[list[str]] = PEOPLE_ROWS) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value else value

    lines = [delimiter.join(COLUMNS)] + [delimiter.join(cell(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def check_output(root, *args):
    result = CliRunner().invoke(main, ["check", "--project", str(root), *args])
    assert "Traceback" not in result.output
    return result


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if ": warning: " not in line and not line.startswith("ok: ") and "error(s)," not in line]


# --- people.csv ----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_people_csv_delimiters_and_encodings_load_the_same_people(make_project, delimiter, encoding):
    raw = people_csv(delimiter).encode(encoding)
    if encoding == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf")
    if encoding == "cp1252":
        assert b"\x9c" in raw  # œ, which Latin-1 lacks
    root = make_project({"data/people.yml": None, "data/people.csv": raw})
    records, diag = read_records(root)
    assert diag.errors == [], [str(d) for d in diag]
    assert records is not None
    assert {pid: (p.first_name, p.last_name) for pid, p in records.people.items()} == NAMES
    zoe = records.people["zoe-ndiaye"]
    assert zoe.ai_systems == ["chatgpt", "copilot"]
    assert records.people["dmitri"].ai_systems == ["copilot"]
    assert records.people["aurelien-long"].ai_systems == []
    assert zoe.email is None and zoe.civility == "Mme"
    assert str(records.people["jean-noel-daubigne"].joined_on) == "2020-01-06"
    strict = check_output(root, "--strict")
    assert strict.exit_code == 1
    assert [line for line in strict.output.splitlines() if ": warning: " in line] == sample.SAMPLE_WARNINGS
    assert check_output(root).exit_code == 0


def test_people_csv_as_excel_unicode_text_utf16_with_tabs(make_project):
    root = make_project({"data/people.yml": None, "data/people.csv": people_csv("\t").encode("utf-16")})
    records, diag = read_records(root)
    assert diag.errors == []
    assert {pid: (p.first_name, p.last_name) for pid, p in records.people.items()} == NAMES


def test_people_csv_in_an_unknown_encoding_is_reported_on_its_line(make_project):
    raw = people_csv(";").encode("cp1252").replace(b"Lef\xe8vre", b"Lef\x81vre")  # 0x81: not cp1252
    root = make_project({"data/people.yml": None, "data/people.csv": raw})
    result = check_output(root)
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        "data/people.csv:5: is neither UTF-8 nor Windows-1252 text (save it as CSV UTF-8)"]


def test_people_csv_quoted_cell_keeps_its_delimiter(make_project):
    rows = [list(r) for r in PEOPLE_ROWS]
    for row in rows:  # one company, one spelling: two spellings would be two client folders
        row[5] = "Client Industrie, SA"
    root = make_project({"data/people.yml": None, "data/people.csv": people_csv(",", rows)})
    records, diag = read_records(root)
    assert diag.errors == []
    assert records.people["jean-noel-daubigne"].employer == "Client Industrie, SA"


def test_people_csv_error_names_the_csv_line_and_column(make_project):
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[1][6] = "analyste"  # Zoé, on line 3 (the header is line 1)
    rows[3][8] = "12/03/2020"  # line 5
    root = make_project({"data/people.yml": None, "data/people.csv": people_csv(";", rows)})
    result = check_output(root)
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        "data/people.csv:3: role: unknown role 'analyste' (not in data/roles.yml)",
        "data/people.csv:5: joined_on: expected a date as YYYY-MM-DD, got '12/03/2020'",
    ]


def test_people_csv_row_with_too_many_cells(make_project):
    text = people_csv(";").replace("M.;;Client Industrie SA;analyst;;;", "M.;;Client Industrie SA;analyst;;;;x", 1)
    root = make_project({"data/people.yml": None, "data/people.csv": text})
    result = check_output(root)
    assert result.exit_code == 1
    assert "data/people.csv:4: 11 cells but the header has 10 columns" in error_lines(result.output)


def test_csv_unknown_column_is_one_warning_on_the_header_line(make_project):
    people = people_csv(";").replace("left_on", "departure", 1)
    attendance = "person;slot1;score;result;signature\r\nzoe-ndiaye;present;;;oui\r\ndmitri;present;;;oui\r\n"
    root = make_project({"data/people.yml": None, "data/people.csv": people,
                         f"{sample.REMOTE}/attendance.csv": attendance})
    result = check_output(root)
    assert result.exit_code == 0
    column_warnings = [line for line in result.output.splitlines() if "unknown column" in line]
    assert column_warnings == [
        f"{sample.REMOTE}/attendance.csv:1: warning: signature: unknown column, ignored (check its spelling "
        "against the record format)",
        "data/people.csv:1: warning: departure: unknown column, ignored (check its spelling against the "
        "record format)",
    ]
    assert "0 error(s), 7 warning(s)" in result.output


def test_empty_people_csv_is_reported(make_project):
    root = make_project({"data/people.yml": None, "data/people.csv": ""})
    result = check_output(root)
    assert result.exit_code == 1
    assert error_lines(result.output) == ["data/people.csv:1: the file has no header row"]


def test_parse_csv_lines_and_lists():
    rows = parse_csv("id,ai_systems\n\na,x | y\nb,\n".encode(), frozenset({"ai_systems"}))
    assert [dict(r) for r in rows] == [{"id": "a", "ai_systems": ["x", "y"]}, {"id": "b", "ai_systems": []}]
    assert rows.item_lines == [3, 4]  # the blank line 2 is skipped but still counted
    assert rows[0].key_lines == {"id": 3, "ai_systems": 3}
    assert isinstance(rows[0]["ai_systems"], LList)


@pytest.mark.parametrize(("raw", "text"), [
    ("Hélène;Lefèvre".encode("utf-8"), "Hélène;Lefèvre"),
    (b"\xef\xbb\xbf" + "Hélène;Lefèvre".encode("utf-8"), "Hélène;Lefèvre"),
    ("Hélène;Lefèvre;Œuvray".encode("cp1252"), "Hélène;Lefèvre;Œuvray"),
])
def test_decode_detects_the_encoding(raw, text):
    assert decode(raw) == text


# --- attendance.csv ------------------------------------------------------------------------------


FUNDED_ATTENDANCE_CSV = (
    "person;slot1;slot2;slot3;slot4;score;result\n"
    "jean-noel-daubigne;present;present;present;present;16;acquired\n"
    "zoe-ndiaye;present;absent;present;excused;12;partially-acquired\n"
    "aurelien-long;absent;absent;absent;absent;;\n"
    "dmitri;present;present;present;present;18;acquired\n"
)


def test_attendance_csv_loads_the_same_marks_and_results_as_yaml(make_project):
    yaml_records, _ = read_records(make_project(name="yaml"))
    csv_root = make_project({FUNDED_ATT: None, f"{sample.FUNDED}/attendance.csv": FUNDED_ATTENDANCE_CSV},
                            name="csv")
    csv_records, diag = read_records(csv_root)
    assert diag.errors == []
    by_id = {s.id: s for s in csv_records.sessions}
    from_yaml = {s.id: s for s in yaml_records.sessions}[sample.FUNDED.rsplit("/", 1)[1]]
    from_csv = by_id[sample.FUNDED.rsplit("/", 1)[1]]
    assert from_csv.attendance_source == f"{sample.FUNDED}/attendance.csv"
    assert from_csv.attendance.participants == from_yaml.attendance.participants
    zoe = from_csv.attendance.participants[1]
    assert zoe.slots == ["present", "absent", "present", "excused"]
    assert zoe.assessment.score == 12 and zoe.assessment.result == "partially-acquired"
    assert from_csv.attendance.participants[2].assessment is None


def test_attendance_csv_errors_name_the_row(make_project):
    text = FUNDED_ATTENDANCE_CSV.replace("present;absent;present;excused;12;partially-acquired",
                                         "present;P;present;excused;12;ok")
    root = make_project({FUNDED_ATT: None, f"{sample.FUNDED}/attendance.csv": text})
    result = check_output(root)
    assert result.exit_code == 1
    path = f"{sample.FUNDED}/attendance.csv"
    assert error_lines(result.output) == [
        f"{path}:3: participants[2].assessment.result: 'ok' is not allowed: expected 'acquired', "
        "'partially-acquired' or 'not-acquired'",
        f"{path}:3: participants[2].slots[2]: 'P' is not allowed: expected 'present', 'absent' or 'excused'",
    ]


SLOT_COLUMNS = "slot columns are slot1 to slot4, one per slot of the schedule, in its order"


@pytest.mark.parametrize(("header", "expected"), [
    ("slot1;slot2;slot3;slot5", [f"slot5: {SLOT_COLUMNS}: slot4 is missing"]),
    ("slot0;slot1;slot2;slot3", [f"slot0: {SLOT_COLUMNS}: slot4 is missing"]),
    ("slot01;slot02;slot03;slot04", []),  # as a spreadsheet may number them
    ("slot2;slot1;slot3;slot4", []),  # named, not placed: the order of the columns does not matter
], ids=["gap", "slot0", "leading-zeros", "any-order"])
def test_attendance_csv_slot_columns_are_numbered_from_1_without_a_gap(make_project, header, expected):
    """A column slotN holds the marks of the Nth slot: a gap would shift the marks of every later slot."""
    text = FUNDED_ATTENDANCE_CSV.replace("slot1;slot2;slot3;slot4", header)
    if header.startswith("slot2"):  # swap the first two marks with their columns
        text = text.replace("zoe-ndiaye;present;absent", "zoe-ndiaye;absent;present")
    path = f"{sample.FUNDED}/attendance.csv"
    root = make_project({FUNDED_ATT: None, path: text})
    assert error_lines(check_output(root).output) == [f"{path}:1: {message}" for message in expected]
    records, _ = read_records(root)
    if not expected:
        funded = {s.id: s for s in records.sessions}[sample.FUNDED.rsplit("/", 1)[1]]
        assert funded.attendance.participants[1].slots == ["present", "absent", "present", "excused"]


def test_a_column_meant_as_a_slot_is_an_error_not_an_unknown_column(make_project):
    """Read as unknown columns, their marks were ignored and the session stayed planned: no
    certificate, and only a warning about unknown columns."""
    text = FUNDED_ATTENDANCE_CSV.replace("slot1;slot2;slot3;slot4", "Slot1;slot 2;SLOT_03;slot4")
    path = f"{sample.FUNDED}/attendance.csv"
    root = make_project({FUNDED_ATT: None, path: text})
    assert error_lines(check_output(root).output) == [
        f"{path}:1: {column}: is not named as a slot column, whose marks are read: name it slot{n} (slot1, "
        "slot2…: lowercase, no space)" for column, n in (("SLOT_03", 3), ("Slot1", 1), ("slot 2", 2))]
    assert "unknown column" not in check_output(root).output  # its marks are not ignored meanwhile


def test_a_score_with_a_decimal_comma_is_read_as_french_spreadsheets_write_it(make_project):
    path = f"{sample.FUNDED}/attendance.csv"
    text = FUNDED_ATTENDANCE_CSV
    assert ";16;acquired" in text
    root = make_project({FUNDED_ATT: None, path: text.replace(";16;acquired", ";16,5;acquired", 1)})
    records, diag = read_records(root)
    assert not diag.errors, diag.errors
    funded = {s.id: s for s in records.sessions}[sample.FUNDED.rsplit("/", 1)[1]]
    assert [p.assessment.score for p in funded.attendance.participants if p.assessment][0] == 16.5


def test_a_csv_column_named_twice_is_an_error_on_the_header_line(make_project):
    text = "id;first_name;last_name;role;role\nx;A;B;analyst;manager\n"
    root = make_project({"data/people.yml": None, "data/people.csv": text})
    assert error_lines(check_output(root).output) == [
        "data/people.csv:1: the column 'role' appears twice in the header row: keep one"]


@pytest.mark.parametrize(("text", "expected"), [
    ('id;first_name;last_name;role\nx;A;B;analyst\ny;"C;D;analyst\nz;E;F;analyst\n',
     "data/people.csv:3: a cell opens with a quote (\") that is never closed: the rest of the file would be "
     "read as that cell; add the closing quote"),
    ('id;first_name;last_name;role\nx;"A"B;C;analyst\n', "data/people.csv:2: invalid CSV: ';' expected after '\"'"),
], ids=["unclosed", "text-after-quote"])
def test_a_csv_quote_out_of_place_is_an_error_on_the_line_of_the_row(make_project, text, expected):
    """Read leniently, an unclosed quote swallows every later row into one cell, and 'A"B' loses its quote."""
    root = make_project({"data/people.yml": None, "data/people.csv": text})
    assert error_lines(check_output(root).output) == [expected]


def test_attendance_csv_without_marks_is_planned(make_project):
    text = "person;slot1;slot2;score;result\njean-noel-daubigne;;;;\n"
    root = make_project({f"{sample.PLANNED}/attendance.yml": None, f"{sample.PLANNED}/attendance.csv": text})
    records, diag = read_records(root)
    assert diag.errors == []
    planned = {s.id: s for s in records.sessions}[sample.PLANNED.rsplit("/", 1)[1]]
    assert planned.planned
    assert [p.person_id for p in planned.participants] == ["jean-noel-daubigne"]
    assert planned.participants[0].slots is None


def test_both_attendance_files_is_an_error(make_project):
    root = make_project({f"{sample.PLANNED}/attendance.csv": "person\njean-noel-daubigne\n"})
    result = check_output(root)
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        f"{sample.PLANNED}/attendance.csv: both attendance.yml and attendance.csv exist: keep only one"]


# --- front matter --------------------------------------------------------------------------------


def test_front_matter_errors_report_the_files_real_line(make_project):
    # Line 5 of session.md is "location: ..." (line 1 is the opening ---).
    lines = sample.FUNDED_SESSION_MD.splitlines(keepends=True)
    assert lines[4].startswith("location:")
    lines[4] = "location: [12 rue de la République, 69002 Lyon]\n"
    root = make_project({FUNDED_MD: "".join(lines)})
    result = check_output(root)
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        f"{FUNDED_MD}:5: location: expected text, got a list"]


def test_an_unquoted_objective_with_a_french_colon_says_to_quote_it(make_project):
    """``- Objectif : …`` as French typography writes it: YAML reads a key and its value."""
    md = sample.FUNDED_SESSION_MD.replace("  - Identifier les limites", "  - Objectif : identifier les limites")
    root = make_project({FUNDED_MD: md})
    result = check_output(root)
    assert result.exit_code == 1
    line = md.splitlines().index("  - Objectif : identifier les limites d'un assistant d'IA générative") + 1
    assert error_lines(result.output) == [
        f"{FUNDED_MD}:{line}: objectives[1]: expected text, got a mapping (key: value): in YAML, a colon followed "
        "by a space starts a key; put the whole text in quotes: \"Objectif : …\""]


def test_front_matter_yaml_syntax_error_reports_the_files_real_line(make_project):
    lines = sample.FUNDED_SESSION_MD.splitlines(keepends=True)
    lines[4] = "location 12 rue de la République\n"
    root = make_project({FUNDED_MD: "".join(lines)})
    result = check_output(root)
    assert error_lines(result.output) == [f"{FUNDED_MD}:5: invalid YAML: could not find expected ':'"]


def test_horizontal_rule_in_body_does_not_split_the_front_matter(make_project):
    body_tail = "\n---\n\ntitle: not front matter\n\n---\nFin du programme.\n"
    text = sample.FUNDED_SESSION_MD + body_tail
    yaml_text, body, body_line = split_front_matter(text)
    assert "title: \"IA générative" in yaml_text and "not front matter" not in yaml_text
    assert body.endswith(body_tail) and body.startswith("## Déroulé")
    assert body_line == 27  # the line after the closing ---
    assert text.splitlines()[body_line - 1] == "## Déroulé"
    root = make_project({FUNDED_MD: text})
    records, diag = read_records(root)
    assert diag.errors == []
    session = {s.id: s for s in records.sessions}[sample.FUNDED.rsplit("/", 1)[1]]
    assert session.session.title == "IA générative : fondamentaux et vigilance"
    assert "title: not front matter" in session.body


def test_front_matter_with_crlf_bom_and_trailing_spaces(make_project):
    text = "\ufeff" + sample.FUNDED_SESSION_MD.replace("---\n", "---  \n").replace("\n", "\r\n")
    lines = text.split("\r\n")
    lines[5] = "trainers: [nadia, paul]"
    root = make_project({FUNDED_MD: "\r\n".join(lines).encode("utf-8")})
    result = check_output(root)
    assert error_lines(result.output) == [
        f"{FUNDED_MD}:6: trainers[2]: unknown trainer 'paul' (not in data/trainers.yml)"]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: x\n---\n", 1, "the file must start with a '---' line opening the front matter"),
    ("", 1, "the file must start with a '---' line opening the front matter"),
    ("---\ntitle: x\n", 1, "the front matter opened on line 1 is never closed by a '---' line"),
])
def test_split_front_matter_errors(text, line, message):
    with pytest.raises(LoadError) as caught:
        split_front_matter(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_empty_front_matter_reports_missing_fields(make_project):
    root = make_project({f"{sample.PLANNED}/session.md": "---\n---\nProgramme.\n"})
    result = check_output(root)
    assert result.exit_code == 1
    errors = error_lines(result.output)
    assert f"{sample.PLANNED}/session.md:1: title: required field is missing" in errors
    assert f"{sample.PLANNED}/session.md:1: schedule: required field is missing" in errors


# --- YAML ----------------------------------------------------------------------------------------


def test_yaml_keeps_norway_and_switches_as_strings():
    data = parse_yaml("country: NO\na: no\nb: on\nc: off\nd: yes\ne: y\nf: true\ng: ~\n")
    assert data == {"country": "NO", "a": "no", "b": "on", "c": "off", "d": "yes", "e": "y", "f": True, "g": None}


def test_yaml_keeps_dates_and_times_as_strings():
    data = parse_yaml("d: 2026-03-12\nt: 10:30\ns: 1:20:30\nx: !!timestamp 2026-03-12\n")
    assert data == {"d": "2026-03-12", "t": "10:30", "s": "1:20:30", "x": "2026-03-12"}
    assert all(isinstance(v, str) for v in data.values())


def test_yaml_numbers_are_base_10_and_leading_zeros_stay_text():
    data = parse_yaml("a: 14\nb: -3\nc: 12.5\nd: 0\nnda: 04971234597\nsiren: 012345678\nphone: 0472000000\n")
    assert data == {"a": 14, "b": -3, "c": 12.5, "d": 0, "nda": "04971234597", "siren": "012345678",
                    "phone": "0472000000"}


def test_unquoted_nda_with_leading_zero_is_valid(make_project):
    # La Réunion: region 04, department 974 → "04 97 ..... 97". YAML 1.1 would read it as octal.
    text = sample.PROVIDER_YML.replace('nda: "84691234569"', "nda: 04971234597").replace(
        "nda_region: Auvergne-Rhône-Alpes", "nda_region: La Réunion")
    result = check_output(make_project({"data/provider.yml": text}))
    assert result.exit_code == 0, result.output
    assert "nda:" not in result.output


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb\nc: 2\n", 2, "invalid YAML: could not find expected ':'"),
    ("a: 1\na: 2\n", 2, "invalid YAML: duplicate key 'a' (already set on line 1)"),
    ("a: !!int 0x1F\n", 1, "invalid YAML: '0x1F' is not a whole number"),
    ('a: "open\nb: 2\n', 3,
     "invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts on line 1)"),
    ("a: 1\n---\nb: 2\n", 2, "invalid YAML: expected a single document in the stream, but found another document"),
    ("title: IA : bases\n", 1, "invalid YAML: mapping values are not allowed here (put the value in quotes if it "
                                "contains ': ')"),
])
def test_yaml_errors_carry_their_line(text, line, message):
    with pytest.raises(LoadError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_yaml_line_numbers_of_keys_and_items():
    data = parse_yaml("a: 1\nlist:\n  - x\n  - {k: v}\nmap:\n  inner: 2\n", line_offset=1)
    assert isinstance(data, LDict)
    assert data.key_lines == {"a": 2, "list": 3, "map": 6}
    assert data["list"].item_lines == [4, 5]
    assert data["list"][1].key_lines == {"k": 5}
    assert data["map"].line == 7 and data["map"].key_lines == {"inner": 7}


def test_yaml_alias_lines_are_shifted_once():
    data = parse_yaml("a: &slot {date: x}\nb: *slot\n", line_offset=1)
    assert data["a"] is data["b"]
    assert data["a"].key_lines == {"date": 2}


def test_load_project_reads_every_file_of_the_sample(make_project):
    diag = Diagnostics()
    raw = load_project(make_project(), diag)
    assert list(diag) == []
    assert raw.people.path == "data/people.yml"
    assert [s.id for s in raw.sessions] == ["2026-03-ia-fondamentaux", "2026-05-copilot", "2027-01-ai-act"]
    funded = raw.sessions[0]
    assert [e.path for e in funded.evidence] == [f"{sample.FUNDED}/evidence/emargement-signe.pdf",
                                               f"{sample.FUNDED}/evidence/satisfaction.csv"]
    assert funded.session.body_line == 27
    assert funded.session.line("schedule", 3, "end") == 18
