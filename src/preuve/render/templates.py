"""Jinja2 environment: built-in layouts, overridable file by file from the project's ``layouts/``.

Lookup order for a layout named ``N`` (a template, a stylesheet or a wording file):

1. ``<project>/layouts/N``
2. the built-in ``preuve/layouts/N``

The environment is sandboxed, autoescapes HTML and fails on any undefined variable, so a
template typo stops the build instead of printing an empty field on a certificate. Project files
are read through the repository's :class:`~preuve.boundary.Boundary` (a layout that is a link out
of the repository is refused), and wordings are filled by :func:`~preuve.loading.wording.fill`,
which substitutes ``{name}`` fields and evaluates nothing (docs/security.md).
Dates, numbers and hours are formatted by Babel for the project's locale.

Typography (``typography.py``, docs/typography.md) is applied once to every printed value: the
environment's ``finalize`` sets each ``{{ value }}``, and ``t()`` sets its wording with the values
filled in and returns markup, which is never set again. ``|verbatim`` keeps a value as recorded
(file names, codes, hashes): it is escaped, never set.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from babel.units import format_unit
from jinja2 import (BaseLoader, Environment, StrictUndefined, TemplateNotFound, TemplateSyntaxError,
                    pass_context)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..boundary import Boundary, Refused
from ..diagnostics import UserError
from ..loading.wording import LOCALES, WordingError, fill, parse_catalog
from ..model import hours_and_minutes
from ..naming import person_name
from . import markdown
from .compiled import compiled_cache
from .engine import BUILTIN_LAYOUTS
from .qr import qr_data_uri
from .typography import clock, day_span, elide, format_day, of_place, typeset



class Layouts:
    """Finds layout files in the project first, then among the built-in ones."""

    def __init__(self, project_root: Path):
        self.project_root = project_root
        self.search_path = [project_root / "layouts", BUILTIN_LAYOUTS]
        self.boundaries = [Boundary(project_root), Boundary(BUILTIN_LAYOUTS)]

    def find(self, name: str) -> Path:
        for folder, boundary in zip(self.search_path, self.boundaries):
            candidate = folder.joinpath(*split_template_path(name))
            try:
                if boundary.lexists(candidate) and boundary.resolve(candidate).is_file():
                    return candidate
            except Refused as exc:
                raise UserError(str(exc)) from None
        raise UserError(self.not_found(name))

    def not_found(self, name: str) -> str:
        tried = ", ".join(str(folder / name) for folder in self.search_path)
        return f"layout '{name}' not found; looked for: {tried}"

    def read(self, name: str) -> bytes:
        """The bytes of layout ``name`` (never through a link that leads out of the repository)."""
        path = self.find(name)
        boundary = self.boundaries[0] if path.is_relative_to(self.search_path[0]) else self.boundaries[1]
        try:
            return boundary.read(path)
        except Refused as exc:
            raise UserError(str(exc)) from None

    def display(self, filename: str) -> str:
        """A layout file as a user names it: ``layouts/x.html.j2``, or the built-in one's name."""
        path = Path(filename)
        if path.is_relative_to(self.project_root):
            return path.relative_to(self.project_root).as_posix()
        if path.is_relative_to(BUILTIN_LAYOUTS):
            return f"{path.relative_to(BUILTIN_LAYOUTS).as_posix()} (built-in layout)"
        return filename

    def explain(self, exc: BaseException) -> tuple[str | None, str]:
        """Where a layout failed (``layouts/x.html.j2:12``, or ``None`` when no layout line is to
        blame) and what happened. Jinja puts each template's lines into the traceback; the
        innermost one is the line to fix."""
        where = None
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            where = f"{self.display(exc.filename)}:{exc.lineno}"
        else:
            trace = exc.__traceback__
            while trace is not None:
                filename = trace.tb_frame.f_code.co_filename
                if filename.endswith(".j2") and self.display(filename) != filename:
                    where = f"{self.display(filename)}:{trace.tb_lineno}"
                trace = trace.tb_next
        return where, f"{type(exc).__name__}: {exc}"

    @cached_property
    def env(self) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=_ConfinedLoader(self),
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, finalize=_finalize, bytecode_cache=compiled_cache())
        env.filters.update(date=_date, span=_span, clock=_clock, hours=_hours, number=_number, markdown=_markdown,
                           of_place=_of_place, qr=_qr, verbatim=_verbatim, name=_name,
                           running_head=_running_head)
        env.globals.update(t=_translate)
        env.globals["catalogs"] = self.catalogs
        return env

    @cached_property
    def catalogs(self) -> dict[str, dict[str, str]]:
        """Wording per locale: built-in ``i18n/<locale>.yml``, keys overridden by the project's."""
        out: dict[str, dict[str, str]] = {}
        for locale in LOCALES:
            merged: dict[str, str] = {}
            for folder, boundary in reversed(list(zip(self.search_path, self.boundaries))):
                path = folder / "i18n" / f"{locale}.yml"
                if not boundary.lexists(path):
                    continue
                try:
                    catalog = parse_catalog(boundary.read(path).decode("utf-8-sig"))
                except (Refused, WordingError, UnicodeDecodeError) as exc:
                    where = f"{self.display(str(path))}:{getattr(exc, 'line', 0)}"
                    raise UserError(f"{where}: {getattr(exc, 'message', exc)}") from None
                merged.update({key: text for key, (text, _) in catalog.items()})
            out[locale] = merged
        return out

    def template(self, name: str):
        try:
            return self.env.get_template(name)
        except TemplateNotFound as exc:
            raise UserError(self.not_found(exc.name or name)) from None


class _ConfinedLoader(BaseLoader):
    """Jinja's file loader, but through :meth:`Layouts.read`: no layout is read through a link
    that leads out of the repository (Jinja's ``FileSystemLoader`` follows any link)."""

    def __init__(self, layouts: Layouts):
        self.layouts = layouts

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        try:
            path = self.layouts.find(template)
        except UserError:
            raise TemplateNotFound(template) from None
        source = self.layouts.read(template).decode("utf-8")
        return source, str(path), lambda: True


# Wording that depends on a person's civility: ``key.m``, ``key.f``, and ``key.x`` (epicene,
# when the records do not say).
GENDERS = {"M.": "m", "Mme": "f"}


@pass_context
def _finalize(ctx, value: Any) -> Any:
    """Every printed value, set once; markup (a wording, a macro's output, a verbatim value) was set
    already or must not be."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return typeset(value, ctx.get("locale"))
    return value


@pass_context
def _translate(ctx, key: str, civility: str | None | bool = False, **values: Any) -> Markup:
    """The wording ``key`` filled with ``values``, set, escaped. With ``civility`` (a person's, or
    ``None``), the form for that person (``key.m``, ``key.f`` or the epicene ``key.x``)."""
    locale = ctx["locale"]
    catalog = ctx["catalogs"][locale]
    if civility is not False:
        key = f"{key}.{GENDERS.get(civility or '', 'x')}"
    elif key not in catalog and f"{key}.x" in catalog:  # a layout that does not say whose: epicene
        key = f"{key}.x"
    if key not in catalog:
        raise KeyError(f"no wording '{key}' for locale '{locale}' (layouts/i18n/{locale}.yml)")
    return wording(catalog[key], values, locale)


def wording(text: str, values: dict[str, Any], locale: str) -> Markup:
    """``text`` filled, elided (French) and set; a value that is markup is inserted as it is.

    Remembered by text and values (with their types: markup is not plain text of the same
    characters): the literacy matrix of a large staff asks for the same few hundred wordings
    hundreds of thousands of times."""
    try:
        return _remembered_wording(text, tuple((name, type(value), value) for name, value in values.items()), locale)
    except TypeError:  # a value that cannot be a key (a list): filled each time
        return _wording(text, values, locale)


@lru_cache(maxsize=1 << 14)
def _remembered_wording(text: str, values: tuple[tuple[str, type, Any], ...], locale: str) -> Markup:
    return _wording(text, {name: value for name, _, value in values}, locale)


def _wording(text: str, values: dict[str, Any], locale: str) -> Markup:
    kept: dict[str, Markup] = {}
    plain: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, Markup):
            plain[name] = f"\ue000{len(kept)}\ue001"
            kept[plain[name]] = value
        else:
            plain[name] = str(value)
    if locale == "fr":
        text = elide(text, {name: v.unescape() if isinstance(v, Markup) else str(v) for name, v in values.items()})
    out = escape(typeset(fill(text, plain) if values else text, locale))
    for token, value in kept.items():
        out = out.replace(token, value)
    return out


@pass_context
def _date(ctx, value: str | date | None, form: str = "long") -> str:
    if value is None:
        raise ValueError("a date to show is missing")
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_day(day, form, ctx["locale"])


@pass_context
def _span(ctx, start: str | date, end: str | date) -> tuple[str, str]:
    """The two ends of a date range, what they share said once (``typography.day_span``)."""
    first, last = (d if isinstance(d, date) else date.fromisoformat(d) for d in (start, end))
    return day_span(first, last, ctx["locale"])


@pass_context
def _clock(ctx, value: str) -> str:
    return clock(value, ctx["locale"])


@pass_context
def _number(ctx, value: float) -> str:
    return format_decimal(value, format="#,##0.##", locale=ctx["locale"])


@pass_context
def _hours(ctx, value: float, short: bool = False, alongside: Iterable[float] = ()) -> str:
    """``3,5 heures`` / ``1 heure`` in French (singular below 2), ``3.5 hours`` in English: the
    plural rules are Babel's (CLDR); the number never parts from its unit at a line end.

    A duration that two decimals cannot say exactly (40 minutes is 0,666… h) is said in hours and
    minutes, ``2 heures 40 minutes``: "2,67 h, dont 1,33 h + 1,33 h" did not add up. So are the
    durations said ``alongside`` it in one sentence: "6,5 heures, dont 4 heures 20 minutes…" read
    as two units. ``short``: ``3,5 h``, ``1 h 20 min`` (the attendance sheet's column heads)."""
    locale = ctx["locale"]
    if all(hours_and_minutes(each) is None for each in (value, *alongside)):
        if short:
            return _translate(ctx, "common.hours_short", hours=_number(ctx, value))
        text = format_unit(value, "duration-hour", length="long", format="#,##0.##", locale=locale)
        return text.replace(" ", "\u00a0")
    hours, minutes = divmod(round(value * 60), 60)
    if short:
        key = "common.hours_minutes_short" if minutes else "common.hours_short"
        return _translate(ctx, key, hours=hours, minutes=minutes)
    parts = ([format_unit(hours, "duration-hour", length="long", locale=locale)] if hours else []) + (
        [format_unit(minutes, "duration-minute", length="long", locale=locale)] if minutes or not hours else [])
    return " ".join(part.replace(" ", "\u00a0") for part in parts)  # may break between the parts only


@pass_context
def _of_place(ctx, name: str) -> str:
    return of_place(name, ctx["locale"])


def _verbatim(value: Any) -> Markup:
    """A value printed exactly as recorded (escaped, never set): a file name, a code, a hash."""
    return escape(str(value))


RUNNING_HEAD_CHARS = 1000  # of a text repeated in every page's margin: some ten lines at most


@pass_context
def _running_head(ctx, value: Any) -> Any:
    """``value`` (text, or markup set already) as a running head shows it: cut at a word after
    :data:`RUNNING_HEAD_CHARS` characters, with "…". The head repeats on every page what the
    first page states whole; a 10,000-character title in the margin of every page left one line
    of text per page (a 160-page certificate, and a minute to make it)."""
    text = value.unescape() if isinstance(value, Markup) else typeset(str(value), ctx.get("locale"))
    if len(text) <= RUNNING_HEAD_CHARS:
        return value
    head, space, _ = text[:RUNNING_HEAD_CHARS].rpartition(" ")
    cut = head if space and len(head) >= RUNNING_HEAD_CHARS // 2 else text[:RUNNING_HEAD_CHARS]
    return escape(cut.rstrip() + "…")


def _qr(value: str) -> Markup:
    return Markup(qr_data_uri(value))  # noqa: S704 - a data: URI made by segno from the value


@pass_context
def _name(ctx, person: Any, civility: bool = True, mark: bool = False) -> Markup:
    """A person as every document and page names them (``naming.person_name``), set and escaped,
    the civility in the document's language ("Mme", "Ms"); ``mark`` wraps the last name in
    ``<span class="family-name">`` (lists sorted by it)."""
    locale = ctx.get("locale")
    first, last = (escape(typeset(person[key], locale)) for key in ("first_name", "last_name"))
    if mark:
        last = Markup('<span class="family-name">%s</span>') % last
    gender = GENDERS.get(person.get("civility") or "") if civility else None
    title = escape(ctx["catalogs"][locale][f"civility.title.{gender}"]) if gender else ""  # "Mme"; in English "Ms"
    return Markup(person_name(first, last, title or None))  # noqa: S704 - every part escaped above


@pass_context
def _markdown(ctx, text: str) -> Markup:
    return Markup(markdown.to_html(text, ctx.get("locale")))  # noqa: S704 - html=False: authors' tags are escaped
