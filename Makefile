# preuve — `make build` and `make test` work on a fresh Debian/Ubuntu machine: they install the
# system libraries (Pango, HarfBuzz subsetting, fonts), create .venv and install preuve into it.

VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed
# libharfbuzz-subset0: fast, byte-reproducible font subsetting (WeasyPrint falls back to a slow,
# non-reproducible path without it). Fonts are part of the output bytes: these exact packages.
DEBS     = libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
           fontconfig poppler-utils git zbar-tools

.PHONY: build test check watch status bench clean deps

build: $(STAMP)
	$(BIN)/preuve build

test: $(STAMP)
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/preuve check

watch: $(STAMP)
	$(BIN)/preuve watch

status: $(STAMP)
	$(BIN)/preuve status

bench: $(STAMP)
	$(BIN)/python bench/bench.py

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# Debian packages, installed only when missing (root, or sudo when available).
deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Please install the equivalents of: $$missing (see README, 'Other systems')"; exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "installing Debian packages: $$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null

clean:
	rm -rf output/*/ output/*.zip output/latest output/draft output/.staging-* $(VENV) build *.egg-info src/*.egg-info
