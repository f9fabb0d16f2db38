# Two commands do all set-up on a fresh machine:  make build  and  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test bench check-system clean

build: $(STAMP)
	$(BIN)/deck build

test: $(STAMP)
	$(BIN)/pytest -q -n auto

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Python 3.11+ and Pango are required, HarfBuzz-Subset strongly advised; says how to install what is missing.
check-system:
	@$(PYTHON) tools/check_system.py

# Set-up runs once (and again when the packaging changes). pip's output goes to a log, shown when it fails.
$(STAMP): pyproject.toml setup.py
	@$(PYTHON) tools/check_system.py
	@echo "Setting up $(VENV): deck and its dependencies (takes a few minutes; pip's log: $(VENV)/install.log)"
	@$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/pip install --upgrade pip && $(BIN)/pip install -e '.[test]'; } > $(VENV)/install.log 2>&1 || \
	  { cat $(VENV)/install.log; echo "Set-up failed: pip's messages are above (and in $(VENV)/install.log)."; exit 1; }
	@touch $(STAMP)
	@echo "Set up. To type deck ... in this shell, first: source $(BIN)/activate"

clean:
	rm -rf output .pytest_cache
