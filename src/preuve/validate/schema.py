"""Run a pydantic model over a located value and turn its complaints into diagnostics.

Pydantic checks types, enums and required fields; this module only translates its error
records into ``path:line: field: message`` with the line of the offending key, and reports keys
the contract does not know as warnings (a misspelt optional field would otherwise be silently
ignored).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostics, shorten
from ..loading.located import Source, line_of

M = TypeVar("M", bound=BaseModel)

Loc = tuple[str | int, ...]


def field_name(loc: Loc) -> str:
    """``("schedule", 1, "end")`` → ``schedule[2].end`` (items counted from 1, as users do).

    A leading index (a row of people.yml or people.csv) is left out: the line already says which
    person it is, so ``(2, "role")`` is just ``role``.
    """
    out = ""
    if loc and isinstance(loc[0], int):
        loc = loc[1:]
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _show(value: Any) -> str:
    """The faulty value as the user wrote it, short (never a whole file's list or mapping)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return repr(shorten(value)) if isinstance(value, str) else shorten(repr(value))


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = _show(error.get("input"))
    if error.get("input") is None and kind in ("string_type", "model_type", "dict_type", "list_type",
                                               "int_type", "float_type", "bool_type"):
        return "must not be empty"
    if kind == "missing":
        return "required field is missing"
    if kind in ("literal_error", "enum"):
        shown = "an empty value" if error.get("input") is None else value
        return f"{shown} is not allowed: expected {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {value}"
    if kind == "finite_number":
        return f"must be a finite number, got {value}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {value}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {value}"
    if kind == "list_type":
        return f"expected a list, got {value}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields (key: value), got {value}"
    if kind in ("string_type",):
        return f"expected text, got {value}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, got {value}"
    return str(error["msg"])


def _trim_loc(loc: Loc) -> Loc:
    """Drop pydantic's union/type tags (``function-after[...]``, ``literal[...]``, ``str``...)."""
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "bool", "none", "list", "dict")):
            continue
        kept.append(part)
    return tuple(kept)


def check(model: type[M], value: Any, source: Source, loc: Loc, diag: Diagnostics) -> M | None:
    """Validate ``value`` (found at ``loc`` inside ``source``); ``None`` when it is invalid."""
    try:
        result = model.model_validate(value)
    except ValidationError as exc:
        seen = set()
        for error in exc.errors(include_url=False):
            where = loc + _trim_loc(error["loc"])
            key = (where, error["type"])
            if key in seen:
                continue
            seen.add(key)
            line = line_of(source.data, where, default=1)
            diag.error(source.path, line, field_name(where), _message(error))
        return None
    warn_unknown(result, source, loc, diag)
    return result


# Fields an earlier preuve read, now ignored: what to write instead (docs/upgrading.md).
RENAMED = {("preuve.yml", "verify_url"): "ignored since preuve 0.2.0: write verify: {base_url: …} with the "
           "address where the versions are published; QR codes then lead to its verify.html#CODE"}


def warn_unknown(obj: Any, source: Source, loc: Loc, diag: Diagnostics) -> None:
    if isinstance(obj, BaseModel):
        for key in sorted(obj.model_extra or {}):
            where = loc + (key,)
            if source.path.endswith(".csv"):  # once per column, on the header line, not on every row
                diag.warning(source.path, 1, key,
                             "unknown column, ignored (check its spelling against the record format)")
                continue
            diag.warning(source.path, line_of(source.data, where, default=1), field_name(where),
                         RENAMED.get((source.path, field_name(where)),
                                     "unknown field, ignored (check its spelling against the record format)"))
        for name in type(obj).model_fields:
            warn_unknown(getattr(obj, name), source, loc + (name,), diag)
    elif isinstance(obj, (list, tuple)):
        for index, item in enumerate(obj):
            warn_unknown(item, source, loc + (index,), diag)
