# preuve's source repository: `make build` and `make test` work on a fresh Debian/Ubuntu machine.
# They create .venv, install preuve (editable) with its test tools, then the system packages a
# build needs (`preuve doctor --packages`: Pango, HarfBuzz subsetting, the fonts, git) and those
# the tests use, with `preuve ci system-packages`, the very step of the reusable workflow.

VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed
# Used by the tests only: pdftoppm/pdftotext to read PDFs back, zbarimg to decode QR codes,
# Chromium and its WebDriver to check the pages' accessibility with axe-core (from npm, into
# $(VENV)/axe: nothing vendored; npm itself is installed when missing) and to watch
# `preuve serve` reload a page.
TEST_DEBS = poppler-utils zbar-tools chromium chromium-driver
AXE_CORE = axe-core@4.14.1

.PHONY: build test check serve watch status bench docs schemas dist clean

build: $(STAMP)
	$(BIN)/preuve build

test: $(STAMP)
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/preuve check

serve: $(STAMP)
	$(BIN)/preuve serve

watch: $(STAMP)
	$(BIN)/preuve watch

status: $(STAMP)
	$(BIN)/preuve status

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# The documentation site (MkDocs), into site/; the tests build it with --strict too.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# After a change of the models or of src/preuve/schemas/descriptions.yml.
schemas: $(STAMP)
	$(BIN)/python -m preuve.schemas
	$(BIN)/python -m preuve.reference docs/reference

dist: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" .ci/dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/preuve ci system-packages $(TEST_DEBS)
	command -v npm > /dev/null || $(BIN)/preuve ci system-packages npm
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe $(AXE_CORE)
	@touch $@

clean:
	rm -rf output/*/ output/*.zip output/latest output/draft output/.staging-* $(VENV) build dist site *.egg-info src/*.egg-info
