"""Golden contexts: the data every document and page of the sample is made from, as JSON.

The plan and pages stages are pure, so their output for the sample records is a fixed text: a
change of what a document shows appears here as a readable diff before it appears in a PDF.
After a deliberate change, run ``PREUVE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py``
and read the diff of ``tests/golden/`` before committing it.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from preuve.client_folders import plan_client_folders
from preuve.pages import BuildStamp, plan_pages
from preuve.pipeline import read_records
from preuve.plan import BuildInfo, plan_documents
from preuve.report.literacy import coverage
from preuve.report.retention import retention
from preuve.verify.registry import History, verification_outputs

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = date(2026, 11, 2)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"


def _compare(name: str, data) -> None:
    path = GOLDEN / name
    text = _dumps(data)
    if os.environ.get("PREUVE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run PREUVE_UPDATE_GOLDEN=1 pytest {__file__}"
    assert path.read_text(encoding="utf-8") == text, \
        f"{name} differs: if the change is meant, run PREUVE_UPDATE_GOLDEN=1 pytest {__file__} and read the diff"


@pytest.fixture
def planned(make_project):
    root = make_project(commit=True)
    records, diag = read_records(root)
    assert records is not None, [str(d) for d in diag]
    info = BuildInfo(draft=False, as_of=AS_OF)
    cov = coverage(records, AS_OF)
    jobs = list(plan_documents(records, info, cov))
    # Stand-ins for the documents' hashes: the pages list them, and real ones depend on the engine.
    hashes = {job.output: f"sha256-of:{job.output}" for job in jobs}
    prov = BuildStamp("20261102-100000-0123456789", "0123456789" * 4, "2026-11-02T10:00:00+00:00", False,
                      AS_OF.isoformat())
    return records, info, cov, jobs, hashes, prov


def test_the_documents_contexts_are_the_golden_ones(planned):
    _, _, _, jobs, _, _ = planned
    _compare("documents.json", {job.output: {"template": job.template, "inputs": list(job.inputs),
                                             "context": job.context} for job in jobs})


def test_the_pages_contexts_are_the_golden_ones(planned):
    records, info, cov, _, hashes, prov = planned
    pages = plan_pages(records, info, prov, cov, retention(records, AS_OF), hashes)
    verify_page, verify_json, _ = verification_outputs(records, info, prov, hashes, History([], [], []), set())
    folders = plan_client_folders(records, info, prov, cov, hashes)
    pages += [verify_page, *(page for folder in folders for page in folder.pages)]
    _compare("pages.json", {page.output: {"template": page.template, "context": page.context} for page in pages})
    assert json.loads(verify_json)["documents"], "verify.json lists the coded documents"
