"""The plain reference: a one-page document with a small stylesheet, for the benchmark.

It says what a document of the plan says — for a certificate: the trainee, the provider and its
activity declaration number, the action's title, nature, format, place, dates, hours, objectives,
assessment, place and date of issue, signatory, verification code and QR code — as headings,
paragraphs and one list, under a stylesheet of a dozen rules. Rendered with the same PDF options
(PDF/A-3b, the facts attached) as preuve's documents, its cost is what a document costs without
preuve's layouts: the difference is the layouts' weight.

Any job of the plan can be made plain (other documents show their title and a few lines), but
the comparison that matters is the certificate's, the document there are thousands of.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

PLAIN_CSS = """
@page { size: A4; margin: 18mm 20mm; }
body { font-family: "Liberation Sans", sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 4mm 0 2mm; }
p { margin: 0 0 2mm; }
ul { margin: 0 0 2mm; padding-left: 6mm; }
.small { font-size: 8.5pt; color: #444; }
.qr { float: right; width: 28mm; height: 28mm; }
"""

PLAIN_HTML = """<!DOCTYPE html>
<html lang="{{ locale }}"><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<p class="small">{{ provider.legal_name }} — {{ provider.address }}, {{ provider.city }}
{%- if provider.nda %} — NDA {{ provider.nda }} ({{ provider.nda_region }}){% endif %}</p>
{% if code %}<img class="qr" src="{{ qr }}" alt="">{% endif %}
<h1>{{ title }}</h1>
{% if trainee %}<h2>{{ trainee.civility }} {{ trainee.first_name }} {{ trainee.last_name }}</h2>
<p>{{ trainee.employer or "" }}</p>{% endif %}
{% if session %}
<p>« {{ session.title }} » — {{ session.nature }}, {{ session.format }}{% if session.location %}, {{ session.location }}{% endif %}</p>
<p>Du {{ session.start }} au {{ session.end }}{% if presence %} : {{ presence.hours }} h suivies sur {{ session.planned_hours }} h{% endif %}</p>
<ul>{% for objective in session.objectives %}<li>{{ objective }}</li>{% endfor %}</ul>
{% if assessment %}<p>Évaluation : {{ assessment.method }} — {{ assessment.result }}</p>{% endif %}
<p>Fait à {{ session.issued_at }}, le {{ session.issued_on }}.</p>
{% endif %}
<p>{{ provider.representative.name }}, {{ provider.representative.title }}</p>
{% if code %}<p class="small">Code de vérification : {{ code }}</p>{% endif %}
</body></html>
"""

_template = Environment(autoescape=True).from_string(PLAIN_HTML)


def plain_html(context: dict[str, Any], title: str, qr: str | None = None) -> str:
    """The plain document of a job's ``context``; ``qr``: its QR code as a data URI (certificates)."""
    facts = context.get("facts") or {}
    return _template.render(
        locale=context.get("locale", "fr"), title=title, provider=context["provider"],
        trainee=context.get("trainee"), session=context.get("session"), presence=context.get("presence"),
        assessment=facts.get("assessment"), code=context.get("code"), qr=qr)
