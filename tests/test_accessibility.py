"""The pages of the evidence index, read by a browser: axe-core (WCAG 2.1 A and AA) finds no
serious or critical violation in Debian's Chromium, at desktop and phone widths; the literacy
matrix's details open from the keyboard and by a tap; on a 390-pixel-wide phone the index shows
every column of its sessions, the completeness first among them, and no page scrolls sideways.

axe-core comes from npm into ``.venv/axe`` (``make build``/``make test`` install it, with Chromium
and chromedriver); nothing is vendored.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from sample import FUNDED, built

AXE = Path(sys.prefix) / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FUNDED_ID = FUNDED.rsplit("/", 1)[1]
PAGES = ["index.html", f"sessions/{FUNDED_ID}/index.html", "literacy.html", "verify.html",
         "clients/client-industrie-sa/index.html", "clients/client-industrie-sa/literacy.html"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
document.querySelectorAll('details').forEach(d => d.open = true);  // their contents are checked too
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));
"""


@pytest.fixture(scope="module")
def browser():
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `make test`, which installs it with npm")
    driver_path, chromium = shutil.which("chromedriver"), shutil.which("chromium")
    if not (driver_path and chromium):
        pytest.fail("Chromium and chromedriver are missing: run `make test` (Debian: chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation_on_any_page(sample_output, browser, width):
    browser.set_window_size(width, 900)
    found = []
    for page in PAGES:
        browser.get((sample_output / page).as_uri())
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        found += [(page, v) for v in browser.execute_async_script(RUN_AXE) if v["impact"] in ("serious", "critical")]
    assert found == []


def test_matrix_details_open_from_the_keyboard_and_by_a_tap(sample_output, browser):
    browser.set_window_size(1280, 900)
    browser.get((sample_output / "literacy.html").as_uri())
    cells = browser.find_elements(By.CSS_SELECTOR, "td.cell details.tip")
    assert len(cells) >= 2
    first, second = cells[0], cells[1]
    body = first.find_element(By.CSS_SELECTOR, ".tip-body")
    assert not body.is_displayed()  # nothing shown on hover only: closed until opened
    summary = first.find_element(By.TAG_NAME, "summary")
    summary.send_keys(Keys.ENTER)  # a focusable control: the keyboard opens it
    assert first.get_attribute("open") is not None and body.is_displayed()
    assert body.text  # what the cell means, in words
    second.find_element(By.TAG_NAME, "summary").click()  # a tap on a phone is a click
    assert second.find_element(By.CSS_SELECTOR, ".tip-body").is_displayed()


def test_the_index_fits_a_phone_with_its_completeness_column(sample_output, browser):
    browser.set_window_size(390, 900)
    browser.get((sample_output / "index.html").as_uri())
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= viewport  # no sideways scroll
    badges = browser.find_elements(By.CSS_SELECTOR, "table.sessions td.badges")
    assert len(badges) == 3
    for cell in badges:
        assert cell.is_displayed()
        left, right = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]",
                                             cell)
        assert 0 <= left and right <= viewport
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
        assert label == '"Complétude"'  # each value under its column's name


def test_no_page_scrolls_sideways_on_a_phone(make_project, browser):
    """At 390 px a wide table scrolls in its own box, never the page: neither the literacy matrix
    (whose visually hidden labels, positioned, widened the whole page) nor a session's calendar
    with a column of trainers."""
    from test_documents import TWO_TRAINERS

    out = built(make_project(TWO_TRAINERS, commit=True))
    browser.set_window_size(390, 900)
    wide = []
    for page in sorted(out.rglob("*.html")):
        browser.get(page.as_uri())
        viewport = browser.execute_script("return document.documentElement.clientWidth")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        if width > viewport:
            wide.append((str(page.relative_to(out)), width, viewport))
    assert wide == []


COLOURS = """
const out = [];
for (const el of document.querySelectorAll(arguments[0])) {
  let node = el, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  out.push([el.textContent.trim(), getComputedStyle(el).color, bg]);
}
return out;
"""


def _luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_symbols_that_axe_skips_contrast_too(sample_output, browser):
    """axe judges letters; the matrix's and the badges' symbols (✓ ✗ ½ –) carry meaning as well."""
    browser.set_window_size(1280, 900)
    browser.get((sample_output / "literacy.html").as_uri())
    cells = browser.execute_script(COLOURS, "td.cell .sym, td.cell.lit-none > span, .cell-swatch, .badge .sym")
    assert any(text == "–" for text, _, _ in cells)
    low = [(text, round(contrast(fg, bg), 2)) for text, fg, bg in cells if contrast(fg, bg) < 4.5]
    assert low == []
