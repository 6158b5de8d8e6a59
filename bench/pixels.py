"""Page images of preuve's documents before and after a change of the layouts (not a test).

    .venv/bin/python bench/pixels.py render DIR [--project REPO] [--per-template 3] [--dpi 80]
    .venv/bin/python bench/pixels.py compare BEFORE AFTER [--tolerance 32]

``render`` renders the first documents of each template (the generated corpus of ``corpus.py``,
4 sessions × 15 trainees with funded sessions, or ``--project``: the bundled demo is in-house)
with preuve's renderer, writes each PDF, checks it is still PDF/A-3b (the XMP's ``pdfaid`` part
3 conformance B, an sRGB output intent, an ``/ID``), and its pages as PNG (``pdftoppm``).

``compare`` compares the images of two such folders page by page (Pillow): the page count, the
share of pixels that differ by more than ``--tolerance`` in some channel, and where; it writes
``AFTER/compare/<name>.png``: before | after | differences in red, for the eye.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402


def pdfa_problems(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    problems = []
    metadata = reader.trailer["/Root"].get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    if "pdfaid:part>3<" not in xmp.replace('pdfaid:part="3"', "pdfaid:part>3<"):
        problems.append("no pdfaid part 3 in the XMP")
    if "pdfaid:conformance>B<" not in xmp.replace('pdfaid:conformance="B"', "pdfaid:conformance>B<"):
        problems.append("no pdfaid conformance B in the XMP")
    if not reader.trailer["/Root"].get("/OutputIntents"):
        problems.append("no output intent")
    if "/ID" not in reader.trailer:
        problems.append("no /ID")
    return problems


def render(folder: Path, project: Path | None, per_template: int, dpi: int) -> None:
    from profile_templates import plan

    from preuve.render.pdf import PdfRenderer

    if project is None:
        project = corpus_mod.generate(Path(tempfile.mkdtemp(prefix="preuve-pixels-")) / "records", 4, 15, 2).root
    renderer = PdfRenderer(project.resolve())
    folder.mkdir(parents=True, exist_ok=True)
    for template, jobs in plan(project.resolve()).items():
        for n, job in enumerate(jobs[:per_template]):
            name = f"{template.split('.')[0]}-{n}"
            pdf = folder / f"{name}.pdf"
            pdf.write_bytes(renderer.pdf(job.output, job.template, job.context))
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / name)], check=True)
            problems = pdfa_problems(pdf)
            print(f"{name}: {len(list(folder.glob(name + '-*.png')))} page(s)"
                  + (f"; NOT PDF/A-3b: {', '.join(problems)}" if problems else "; PDF/A-3b"))


def compare(before: Path, after: Path, tolerance: int) -> int:
    from PIL import Image, ImageChops

    out = after / "compare"
    out.mkdir(exist_ok=True)
    worst = 0.0
    names = sorted({p.name for p in before.glob("*.png")} | {p.name for p in after.glob("*.png")})
    for name in names:
        old, new = before / name, after / name
        if not old.is_file() or not new.is_file():
            print(f"{name}: only {'after' if new.is_file() else 'before'}: the page count changed")
            worst = 100.0
            continue
        a, b = Image.open(old).convert("RGB"), Image.open(new).convert("RGB")
        if a.size != b.size:
            print(f"{name}: page size {a.size} → {b.size}")
            worst = 100.0
            continue
        diff = ImageChops.difference(a, b)
        mask = diff.convert("L").point(lambda v: 255 if v > tolerance else 0)
        share = 100 * sum(1 for v in mask.get_flattened_data() if v) / (a.size[0] * a.size[1])
        worst = max(worst, share)
        print(f"{name}: {share:.3f} % of pixels differ (by more than {tolerance}), box {mask.getbbox()}")
        red = Image.new("RGB", a.size, (220, 0, 0))
        shown = Image.composite(red, b.point(lambda v: 255 - (255 - v) // 4), mask)
        sheet = Image.new("RGB", (a.size[0] * 3 + 20, a.size[1]), "white")
        for i, image in enumerate((a, b, shown)):
            sheet.paste(image, (i * (a.size[0] + 10), 0))
        sheet.save(out / name)
    print(f"largest share of differing pixels on a page: {worst:.3f} %")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("render")
    one.add_argument("folder", type=Path)
    one.add_argument("--project", type=Path)
    one.add_argument("--per-template", type=int, default=3)
    one.add_argument("--dpi", type=int, default=80)
    two = sub.add_parser("compare")
    two.add_argument("before", type=Path)
    two.add_argument("after", type=Path)
    two.add_argument("--tolerance", type=int, default=32)
    args = parser.parse_args()
    if args.command == "render":
        render(args.folder, args.project, args.per_template, args.dpi)
    else:
        sys.exit(compare(args.before, args.after, args.tolerance))


if __name__ == "__main__":
    main()
