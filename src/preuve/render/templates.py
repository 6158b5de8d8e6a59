"""Jinja2 environment: built-in layouts, overridable file by file from the project's ``layouts/``.

Lookup order for a layout named ``N`` (a template, a stylesheet or a wording file):

1. ``<project>/layouts/N``
2. the built-in ``preuve/layouts/N``

The environment is sandboxed, autoescapes HTML and fails on any undefined variable, so a
template typo stops the build instead of printing an empty field on a certificate.
Dates, numbers and hours are formatted by Babel for the project's locale.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..diagnostics import UserError
from . import markdown
from .qr import qr_data_uri

BUILTIN_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


class Layouts:
    """Finds layout files in the project first, then among the built-in ones."""

    def __init__(self, project_root: Path):
        self.project_root = project_root
        self.search_path = [project_root / "layouts", BUILTIN_LAYOUTS]

    def find(self, name: str) -> Path:
        for folder in self.search_path:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise UserError(self.not_found(name))

    def not_found(self, name: str) -> str:
        tried = ", ".join(str(folder / name) for folder in self.search_path)
        return f"layout '{name}' not found; looked for: {tried}"

    def read_text(self, name: str) -> str:
        return self.find(name).read_text(encoding="utf-8")

    @cached_property
    def env(self) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=FileSystemLoader([str(p) for p in self.search_path]),
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        env.filters.update(date=_date, hours=_hours, number=_number, markdown=_markdown, of_place=_of_place,
                           qr=qr_data_uri)
        env.globals.update(t=_translate)
        env.globals["catalogs"] = self.catalogs
        return env

    @cached_property
    def catalogs(self) -> dict[str, dict[str, str]]:
        """Wording per locale: built-in ``i18n/<locale>.yml``, keys overridden by the project's."""
        out: dict[str, dict[str, str]] = {}
        for locale in ("fr", "en"):
            merged: dict[str, str] = {}
            for folder in reversed(self.search_path):
                path = folder / "i18n" / f"{locale}.yml"
                if path.is_file():
                    merged.update(_flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {}))
            out[locale] = merged
        return out

    def template(self, name: str):
        try:
            return self.env.get_template(name)
        except TemplateNotFound as exc:
            raise UserError(self.not_found(exc.name or name)) from None


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@pass_context
def _translate(ctx, key: str, **values: Any) -> str:
    catalog = ctx["catalogs"][ctx["locale"]]
    if key not in catalog:
        raise KeyError(f"no wording '{key}' for locale '{ctx['locale']}' (layouts/i18n/{ctx['locale']}.yml)")
    text = catalog[key]
    return text.format(**values) if values else text


@pass_context
def _date(ctx, value: str | date | None, form: str = "long") -> str:
    if value is None:
        raise ValueError("a date to show is missing")
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format=form, locale=ctx["locale"])


@pass_context
def _number(ctx, value: float) -> str:
    return format_decimal(value, format="#,##0.##", locale=ctx["locale"])


@pass_context
def _hours(ctx, value: float) -> str:
    """``3,5 heures`` / ``1 heure`` in French (singular below 2), ``3.5 hours`` in English."""
    number = format_decimal(value, format="#,##0.##", locale=ctx["locale"])
    if ctx["locale"] == "fr":
        return f"{number}\u00a0heure" + ("s" if value >= 2 else "")
    return f"{number}\u00a0hour" + ("" if value == 1 else "s")


@pass_context
def _of_place(ctx, name: str) -> str:
    """``d'Auvergne-Rhône-Alpes`` / ``de Bretagne`` in French (elision before a vowel; an initial
    h is left alone, as in Hauts-de-France); the name itself in other locales."""
    if ctx["locale"] != "fr" or not name:
        return name
    return ("d'" if name[0].casefold() in "aeiouyàâäéèêëîïôöûüœ" else "de ") + name


def _markdown(text: str) -> Markup:
    return Markup(markdown.to_html(text))  # noqa: S704 - html=False: authors' tags are escaped
