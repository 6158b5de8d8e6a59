"""Benchmark (not a test): what signing costs per certificate, in one process.

Renders the certificates of a synthetic repository (bench/corpus.py) with one PdfRenderer, in
interleaved rounds, three ways:

  unsigned          the PDF/A-3b certificate with its embedded facts
  signed            the same, signed as ``preuve build`` signs it: visible field, appearance
                    rendered once, ``bytes_reserved`` given (no dry-run signature)
  + pyHanko default the unsigned PDF signed by pyHanko's plain ``sign_pdf`` (invisible field,
                    size estimated by a dry-run signature), for comparison

The key is a throwaway RSA-2048 CA and signer (tests/signing.py).

    .venv/bin/python bench/sign_cost.py [--certificates 40] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import corpus as corpus_mod  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certificates", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="preuve-sign-bench-"))
    from signing import make_key

    key = make_key(work / "key")
    os.environ.update(key.env())
    corpus = corpus_mod.generate(work / "records", sessions=max(1, args.certificates // 20), trainees=20)

    from pyhanko.sign import signers

    from preuve.pipeline import read_records
    from preuve.plan import BuildInfo, plan_documents
    from preuve.render.pdf import PdfRenderer
    from preuve.report.literacy import coverage
    from preuve.sign.key import load_key

    when = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
    started = time.perf_counter()
    signing_key = load_key(os.environ, when)
    load_ms = (time.perf_counter() - started) * 1000
    records, _ = read_records(corpus.root)
    day = when.date()
    info = BuildInfo(draft=False, as_of=day, signature=signing_key.info)
    jobs = [j for j in plan_documents(records, info, coverage(records, day))
            if "/certificates/" in j.output][: args.certificates]
    renderer = PdfRenderer(corpus.root)
    renderer.pdf(jobs[0].output, jobs[0].template, jobs[0].context, jobs[0].signature)  # warm-up

    def unsigned(job):
        return renderer.pdf(job.output, job.template, job.context)

    def signed(job):
        return renderer.pdf(job.output, job.template, job.context, job.signature)

    def pyhanko_default(job):
        data = unsigned(job)
        meta = signers.PdfSignatureMetadata(field_name="Signature")
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signing_key.signer).getvalue()

    variants = {"unsigned": unsigned, "signed": signed, "+ pyHanko default": pyhanko_default}
    times: dict[str, list[float]] = {name: [] for name in variants}
    sizes: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, run in variants.items():
            started = time.perf_counter()
            out = [run(job) for job in jobs]
            times[name].append((time.perf_counter() - started) * 1000 / len(jobs))
            sizes[name] = sum(len(x) for x in out) // len(out)
    base = statistics.median(times["unsigned"])
    print(f"{len(jobs)} certificates x {args.rounds} interleaved rounds, one process; key load {load_ms:.0f} ms (once)")
    for name in variants:
        median = statistics.median(times[name])
        print(f"  {name:18} {median:7.1f} ms/certificate  {median / base:4.2f}x  {sizes[name] / 1024:5.1f} KiB  "
              f"(rounds: {', '.join(f'{t:.0f}' for t in times[name])})")


if __name__ == "__main__":
    main()
