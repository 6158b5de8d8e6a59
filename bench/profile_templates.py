"""Where each document type spends its time (a benchmark, not a test).

In one process, round after round, for each template of the plan: N documents rendered by
preuve's renderer (``PdfRenderer``, set up once, as a worker renders: template, HTML, PDF), then
the same documents as plain ones (``plain.py``: the same words and images as plain paragraphs
under a small stylesheet, the same PDF options; HTML to PDF), both timed in CPU time
(``time.process_time``). Then one profile (cProfile) per
template, summed by phase: the Jinja template, HTML parsing, the CSS cascade (computed styles),
layout (with automatic table layout apart), drawing, fonts and PDF writing.

    .venv/bin/python bench/profile_templates.py [--sessions 4] [--trainees 15] [--funded-every 2] [-n 20]
        [--rounds 3] [--json FILE] [--top 12]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
from plain import PLAIN_CSS, plain_html  # noqa: E402

# Where a function's file lies → the phase it belongs to (first match wins).
PHASES = [
    ("table layout", ("weasyprint/layout/table.py",)),
    ("layout", ("weasyprint/layout/", "weasyprint/formatting_structure/")),
    ("CSS cascade", ("weasyprint/css/", "tinycss2/", "cssselect2/")),
    ("HTML parse", ("html5lib/", "tinyhtml5/", "webencodings/", "weasyprint/html.py")),
    ("QR code", ("segno/", "preuve/render/qr.py")),
    ("drawing", ("weasyprint/draw/", "weasyprint/stacking.py")),
    ("text and fonts", ("weasyprint/text/", "weasyprint/pdf/fonts.py", "cffi/")),
    ("PDF writing", ("weasyprint/pdf/", "pydyf/", "zlib")),
    ("template", ("jinja2/", "preuve/render/templates.py", "babel/", "markupsafe/", "segno/")),
]


# Stages of one document, by their entry points: cumulative CPU time per document.
STAGES = [
    ("Jinja template", "jinja2/environment.py", "render"),
    ("HTML parse", "weasyprint/__init__.py", "__init__"),
    ("computed styles", "weasyprint/css/__init__.py", "get_all_computed_styles"),
    ("box tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout", "weasyprint/layout/__init__.py", "layout_document"),
    ("  of which automatic tables", "weasyprint/layout/table.py", "auto_table_layout"),
    ("  of which content widths", "weasyprint/layout/preferred.py", "max_content_width"),
    ("PDF (draw, fonts, write)", "weasyprint/pdf/__init__.py", "generate_pdf"),
    ("  of which drawing", "weasyprint/draw/__init__.py", "draw_page"),
]


def _short(filename: str) -> str:
    return filename.split("site-packages/", 1)[-1].split("/src/", 1)[-1]


def phase_of(filename: str) -> str:
    for name, markers in PHASES:
        if any(marker in filename for marker in markers):
            return name
    return "other"


def plan(root: Path):
    from preuve.pipeline import read_records
    from preuve.plan import BuildInfo, plan_documents
    from preuve.provenance import as_of_date, git_state
    from preuve.report.literacy import coverage

    records, diag = read_records(root)
    if records is None:
        raise SystemExit("invalid records:\n" + "\n".join(str(d) for d in diag.sorted()))
    day = as_of_date(git_state(root), records, None)
    by_template = defaultdict(list)
    for job in plan_documents(records, BuildInfo(draft=False, as_of=day), coverage(records, day)):
        by_template[job.template].append(job)
    return by_template


class Plain:
    """The plain reference (``plain.py``), set up as preuve's renderer is: fonts and stylesheet
    once; each job's plain HTML is made beforehand, from the HTML preuve's template gives."""

    def __init__(self, root: Path, renderer):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.root, self.renderer = root, renderer
        self.fonts = FontConfiguration()
        self.css = CSS(string=PLAIN_CSS, font_config=self.fonts)
        self.html: dict[str, str] = {}

    def prepare(self, jobs) -> None:
        for job in jobs:
            self.html[job.output] = plain_html(self.renderer.html(job.template, job.context))

    def pdf(self, job) -> bytes:
        from weasyprint import HTML

        from preuve.render.engine import PDF_OPTIONS
        from preuve.render.pdf import facts_attachment

        options = dict(PDF_OPTIONS)
        if job.context.get("facts"):
            options["attachments"] = [facts_attachment(job.context["facts"])]
        return HTML(string=self.html[job.output], base_url=self.root.as_uri() + "/",
                    url_fetcher=self.renderer.fetcher).write_pdf(stylesheets=[self.css], font_config=self.fonts,
                                                                  **options)


def timed(render, jobs) -> list[float]:
    """CPU milliseconds of each document."""
    times = []
    for job in jobs:
        start = time.process_time()
        render(job)
        times.append(1000 * (time.process_time() - start))
    return times


def profile_phases(render, jobs, top: int) -> tuple[dict[str, float], list[str]]:
    """Own time summed by phase (shares, %), the stages' cumulative time and the costliest
    functions; times under the profiler are inflated, compare them with each other only."""
    profiler = cProfile.Profile()
    profiler.enable()
    for job in jobs:
        render(job)
    profiler.disable()
    stats = pstats.Stats(profiler)
    phases: dict[str, float] = defaultdict(float)
    stages: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():
        phases[phase_of(filename)] += tottime
        for stage, where, function in STAGES:
            if filename.endswith(where) and name == function:
                stages[stage] = max(stages[stage], cumtime)  # the outermost call (recursion counts once)
        rows.append((tottime, calls, f"{_short(filename)}:{line}({name})"))
    total = sum(phases.values()) or 1.0
    shares = {name: round(100 * value / total, 1) for name, value in sorted(phases.items(), key=lambda kv: -kv[1])}
    per = 1000 / len(jobs)
    lines = ["    stages (cumulative, profiled): " + ", ".join(f"{stage.strip()} {stages[stage] * per:.1f}"
                                                            for stage, _, _ in STAGES if stage in stages)]
    lines += [f"      {t * per:7.2f} ms/doc {calls:>8} calls  {where}"
              for t, calls, where in sorted(rows, reverse=True)[:top]]
    return shares, lines


def measure_rounds(variants: dict, jobs: dict, rounds: int) -> dict[str, dict[str, list[float]]]:
    """CPU milliseconds of every document, per template and variant, in interleaved rounds."""
    for render in variants.values():  # warm: fonts loaded, templates compiled
        for found in jobs.values():
            render(found[0])
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(rounds):
        for template, found in jobs.items():
            for name, render in variants.items():
                times[template][name] += timed(render, found)
    return times


def summary_table(times: dict[str, dict[str, list[float]]], with_before: bool) -> dict:
    print(f"{'template':<26} {'preuve ms':>10} {'plain ms':>9} {'ratio':>6}"
          + (f" {'before ms':>10} {'after/before':>12}" if with_before else ""))
    result = {}
    for template, kinds in times.items():
        ours, ref = statistics.median(kinds["preuve"]), statistics.median(kinds["plain"])
        result[template] = {"preuve_ms": round(ours, 2), "plain_ms": round(ref, 2), "ratio": round(ours / ref, 3)}
        line = f"{template:<26} {ours:>10.1f} {ref:>9.1f} {ours / ref:>5.2f}x"
        if with_before:
            old = statistics.median(kinds["before"])
            result[template].update(before_ms=round(old, 2), after_before=round(ours / old, 3))
            line += f" {old:>10.1f} {ours / old:>11.2f}x"
        print(line)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--trainees", type=int, default=15)
    parser.add_argument("--funded-every", type=int, default=2)
    parser.add_argument("-n", type=int, default=20, help="documents per template per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=12, help="functions shown per template's profile")
    parser.add_argument("--project", type=Path, help="an existing records repository (its layouts/ overrides "
                        "apply: a way to try a stylesheet) instead of a generated one")
    parser.add_argument("--only", help="only the templates whose name holds this")
    parser.add_argument("--before", type=Path, help="a copy of the records whose layouts/ holds the layouts "
                        "before a change: rendered in the same rounds, for a before/after column")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from preuve.render.pdf import PdfRenderer

    if args.project is None:
        work = Path(tempfile.mkdtemp(prefix="preuve-profile-"))
        root = corpus_mod.generate(work / "records", args.sessions, args.trainees, args.funded_every).root
    else:
        root = args.project.resolve()
    jobs = {template: (found * (args.n // len(found) + 1))[:args.n] for template, found in plan(root).items()
            if args.only is None or args.only in template}
    renderer = PdfRenderer(root)
    earlier = PdfRenderer(args.before.resolve()) if args.before else None
    plain = Plain(root, renderer)
    for found in jobs.values():
        plain.prepare(found)

    def preuve(job):
        return renderer.pdf(job.output, job.template, job.context)

    def before(job):
        return earlier.pdf(job.output, job.template, job.context)

    variants = {"preuve": preuve, "plain": plain.pdf, **({"before": before} if earlier else {})}
    times = measure_rounds(variants, jobs, args.rounds)
    print(f"records: {root}; {args.n} documents per template × {args.rounds} rounds, CPU time per document "
          "(median), one process\n")
    result = summary_table(times, earlier is not None)
    print()
    for template, found in jobs.items():
        for name, render in (("", preuve), (" (plain)", plain.pdf)):
            shares, lines = profile_phases(render, found, args.top)
            result[template]["phases_percent" + name.strip(" ()")] = shares
            print(f"{template}{name}: " + ", ".join(f"{phase} {share:.0f} %" for phase, share in shares.items()))
            print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
