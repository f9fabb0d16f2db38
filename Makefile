# Two commands do all set-up on a fresh machine:  make build  and  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test bench check-system clean

build: $(STAMP)
	$(BIN)/deck build

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# WeasyPrint draws text with Pango; it is a system library, not a Python package.
check-system:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "deck needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then \
	  echo "WeasyPrint needs the Pango library, which is not installed."; \
	  echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; \
	  echo "  Fedora:        sudo dnf install pango"; \
	  echo "  macOS:         brew install pango"; \
	  exit 1; \
	fi
	@ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0' || \
	  echo "note: HarfBuzz-Subset is not installed; WeasyPrint falls back to fontTools for font subsets (slower)." \
	       "Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0"

$(STAMP): pyproject.toml | check-system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf output .pytest_cache
