"""The bundled demo: valid, and its evidence shows what the README promises."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from preuve.cli import main
from sample import demo_copy


def test_demo_builds_and_its_literacy_page_shows_a_gap_and_the_session_closing_it(tmp_path):
    root = demo_copy(tmp_path)
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    out = root / "output" / "latest"

    literacy = json.loads((out / "literacy.json").read_text())["people"]
    assert literacy["claire-rousseau"]["status"] == "gaps"
    assert "ai-act-obligations" in literacy["claire-rousseau"]["gaps"]
    # The remote session's slots say which topics each half-day covered: Loïc, absent from the
    # second (security and data protection), has only the first half-day's topics.
    loic = literacy["loic-guerin"]["topics"]
    assert {t: loic[t]["state"] for t in loic} == {
        "ai-basics": "covered", "genai-hallucinations": "covered", "prompting": "covered",
        "code-assistant-security": "partly-attended", "data-protection": "partly-attended"}
    # Aurélien failed the assessment (9/20): what he attended is to retrain; the half-day he
    # missed is partly attended.
    aurelien = literacy["aurelien-dupont-moreau-de-la-tour-vaillant"]["topics"]
    assert {t: aurelien[t]["state"] for t in aurelien} == {
        "ai-basics": "not-acquired", "genai-hallucinations": "not-acquired", "data-protection": "not-acquired",
        "prompting": "partly-attended"}
    # The planned session closes three of Jean-Noël's six gaps, and says which stay open.
    assert literacy["jean-noel-daubigne"]["planned"] == [{
        "session": "2027-01-ai-act-managers", "enrolled": True,
        "closes": ["ai-act-obligations", "ai-basics", "human-oversight"],
        "open_after": ["data-protection", "genai-hallucinations", "prompting"]}]
    assert literacy["benoit-marechal"]["status"] == "not-exposed"
    assert "ines-belkacem" not in literacy  # left the company on 2026-06-30

    page = (out / "literacy.html").read_text()
    closing = re.findall(r'<td class="cell lit-missing"[^>]*>.*?</td>', page, flags=re.S)
    assert any('href="sessions/2027-01-ai-act-managers/index.html"' in cell for cell in closing)

    # Every present trainee of the recorded sessions has a certificate; the absent one has none.
    certificates = sorted(p.stem for p in (out / "sessions" / "2026-03-ia-generative-fondamentaux" / "certificates").iterdir())
    assert "jean-noel-daubigne" not in certificates and len(certificates) == 7
