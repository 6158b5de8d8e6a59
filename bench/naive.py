"""The reference naive pipeline: what a Python developer writes first, for the benchmark.

Same records, same jobs (``preuve.plan.plan_documents``, literacy dossier included, as
``preuve build`` plans them), same templates and contexts, same PDF options; but for every document a fresh
Jinja render, a fresh ``CSS(string=print_css)`` parse and WeasyPrint's default font configuration:

    HTML(string=html, base_url=...).write_pdf(stylesheets=[CSS(string=css)], **PDF_OPTIONS)

one process, one document after the other, each PDF written to disk.

``--plain``: the same loop over plain documents with a small stylesheet instead of preuve's
layouts (``plain.py``: each document's words and images as plain paragraphs), so the weight of
the layouts shows.

    python bench/naive.py --project DIR --out DIR [--limit K] [--subsetter hb|fonttools] [--plain]
        [--result FILE]

``--limit K`` renders only the first K documents (0 = all); the result JSON gives the time of
each template's documents so the caller can extrapolate to the whole corpus.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402


def html_maker(layouts, plain: bool, css_text: str):
    """``(job → HTML, stylesheet)``: preuve's template, or the plain reference made from it."""
    if not plain:
        return (lambda job: layouts.template(job.template).render(job.context)), css_text
    from plain import PLAIN_CSS, plain_html

    return (lambda job: plain_html(layouts.template(job.template).render(job.context), job.context["locale"])), \
        PLAIN_CSS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--subsetter", choices=["hb", "fonttools"], default="hb")
    parser.add_argument("--plain", action="store_true", help="plain one-page documents (plain.py)")
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()

    import weasyprint.pdf.fonts

    if args.subsetter == "fonttools":
        weasyprint.pdf.fonts.harfbuzz_subset = None  # WeasyPrint then subsets with fontTools
    elif not weasyprint.pdf.fonts.harfbuzz_subset:
        sys.exit("HarfBuzz subsetting is not available on this machine")

    from weasyprint import CSS, HTML

    from preuve.outputs.manifest import batch_digest
    from preuve.pipeline import read_records
    from preuve.plan import BuildInfo, plan_documents
    from preuve.provenance import as_of_date, git_state, origin
    from preuve.render.engine import PDF_OPTIONS, PDF_STYLESHEET
    from preuve.render.templates import Layouts
    from preuve.report.literacy import coverage

    imported = time.perf_counter()
    root = args.project.resolve()
    records, diag = read_records(root)
    if records is None:
        sys.exit("invalid records:\n" + "\n".join(str(d) for d in diag.sorted()))
    day = as_of_date(git_state(root), records, None)
    where = origin(git_state(root), batch_digest({s.path: s.sha256 for s in records.sources}))
    info = BuildInfo(draft=where.draft, as_of=day)
    cov = coverage(records, day)
    jobs = list(plan_documents(records, info, cov))
    planned = Counter(job.template for job in jobs)
    todo = jobs[:args.limit] if args.limit > 0 else jobs

    layouts = Layouts(root)
    stylesheet = layouts.find(PDF_STYLESHEET)
    css_text = stylesheet.read_text(encoding="utf-8")
    css_base = stylesheet.parent.as_uri() + "/"
    base_url = root.as_uri() + "/"
    html_of, css_text = html_maker(layouts, args.plain, css_text)
    prepared = time.perf_counter()

    per_template: dict[str, list[float]] = defaultdict(list)
    total_bytes = 0
    for job in todo:
        t = time.perf_counter()
        html = html_of(job)
        pdf = HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[CSS(string=css_text, base_url=css_base)], **PDF_OPTIONS)
        target = args.out / job.output
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        total_bytes += len(pdf)
        per_template[job.template].append(time.perf_counter() - t)
    done = time.perf_counter()

    result = {
        "subsetter": args.subsetter,
        "plain": args.plain,
        "planned": dict(planned),
        "planned_total": len(jobs),
        "rendered": len(todo),
        "bytes": total_bytes,
        "import_seconds": imported - STARTED,
        "setup_seconds": prepared - STARTED,
        "render_seconds": done - prepared,
        "seconds": done - STARTED,
        "per_template": {name: {"count": len(times), "seconds": sum(times)}
                         for name, times in per_template.items()},
    }
    if args.result:
        args.result.write_text(json.dumps(result, indent=1))
    else:
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
