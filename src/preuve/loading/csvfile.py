"""CSV as French spreadsheets write it: ``;`` or ``,`` (or tab), UTF-8 (with or without BOM) or cp1252.

Each row becomes an :class:`LDict` whose keys all point at the row's line, so a faulty cell is
reported on the line where the user will find it.
"""

from __future__ import annotations

import csv
import io

from .located import LDict, LList, LoadError
from .text import refused_character



def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise Windows-1252.

    UTF-16 with a BOM (Excel's "Unicode text") is read too; bytes that are none of these are
    reported on their line instead of failing.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(line, "is neither UTF-8 nor Windows-1252 text (save it as CSV UTF-8)") from None


def parse_csv(raw: bytes, list_columns: frozenset[str] = frozenset()) -> LList:
    """Rows of a CSV file as located mappings; ``list_columns`` are split on ``|``."""
    text = decode(raw)
    if (found := refused_character(text)) is not None:
        raise LoadError(*found)
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=header.count)  # "," when the header has none
    # strict: an unclosed quote is an error, not every later row swallowed into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = LList(line=1)
    done = 0  # the lines read before the row being read: an error is on the row's first line
    try:
        columns = [c.strip() for c in next(reader, [])]
        if not columns or not any(columns):
            raise LoadError(1, "the file has no header row")
        twice = next((name for i, name in enumerate(columns) if name and name in columns[:i]), None)
        if twice is not None:
            raise LoadError(1, f"the column '{twice}' appears twice in the header row: keep one")
        done = reader.line_num
        for record in reader:
            line = done = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                raise LoadError(line, f"{len(record)} cells but the header has {len(columns)} columns")
            row = LDict(line=line)
            for name, cell in zip(columns, record):
                if not name:
                    continue
                cell = cell.strip()
                if name in list_columns:
                    value = LList([p.strip() for p in cell.split("|") if p.strip()], line=line)
                    value.item_lines = [line] * len(value)
                else:
                    value = cell if cell != "" else None
                row[name] = value
                row.key_lines[name] = line
            rows.append(row)
            rows.item_lines.append(line)
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            raise LoadError(done + 1, 'a cell opens with a quote (") that is never closed: the rest of the file '
                            "would be read as that cell; add the closing quote") from None
        raise LoadError(done + 1, f"invalid CSV: {exc}") from None
    return rows
