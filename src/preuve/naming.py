"""How preuve names a person and orders names and labels: one function for each, used by every
document, page and JSON file (docs/typography.md).

A person is "M. Jean-Noël D'Aubigné": civility (when recorded), first name, last name, each as
the records write it. Case is never changed: uppercasing a surname loses what the person wrote
("McKay", "de La Fontaine", Greek accents), and the order is the same on the certificate, the
certificat de réalisation and the attendance sheet.

Order is French dictionary order, as an index sorts: letter by letter, case, accents, spaces,
hyphens and apostrophes ignored ("É" with "E", "Œ" as "OE"); ties broken by accents, then case.
A surname is filed without its leading lowercase particle ("de Gaulle" under G, "d'Estaing" under
E), but a capitalised one stays ("De Smet", "La Fontaine", "D'Aubigné" under D, L, D).
"""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"

_PARTICLE_RE = re.compile(r"^(?:(?:de|du|des|van der|van den|van|von der|von|der|den|ten|ter|zu)\s+|d['’]\s*)(?=\S)")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def person_name(first_name: str, last_name: str, civility: str | None = None) -> str:
    """``M. Jean-Noël D'Aubigné`` (a no-break space keeps the civility with the name); without
    ``civility``, ``Jean-Noël D'Aubigné``."""
    name = f"{first_name} {last_name}"
    return f"{civility}{NBSP}{name}" if civility else name


def collate(text: str) -> tuple[str, str, str]:
    """The sort key of ``text`` in French dictionary order (see the module's docstring)."""
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_LIGATURES)
    accents = "".join(c for c in folded if c.isalnum() or unicodedata.combining(c))
    primary = "".join(c for c in accents if not unicodedata.combining(c))
    return (primary, accents, text)


def filed_under(last_name: str) -> str:
    """The part of a surname an index files it under: without a leading lowercase particle."""
    return _PARTICLE_RE.sub("", last_name.strip(), count=1)


def name_key(first_name: str, last_name: str, tie: str = "") -> tuple:
    """The sort key of a person: surname as filed, then first name, then ``tie`` (an id)."""
    return (collate(filed_under(last_name)), collate(first_name), tie)
