# claimgen — make demo | make test | make bench
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench templates catalogs clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("claimgen needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,speed]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/claimgen demo

test: lint
	$(BIN)/python -m pytest -q

# ruff (lint) and mypy on the package, as configured in pyproject.toml; part of `make test`.
lint: $(STAMP)
	$(BIN)/ruff check claimgen tests tools benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the DOCX templates from their python-docx sources in tools/templates/, which are
# their source (docs/maintainers.md): edit a generator, run this, commit both. Never edit the .docx in Word.
templates: $(STAMP)
	$(BIN)/python tools/make_templates.py

# Recompile the interview's gettext catalogs (.po -> .mo).
catalogs: $(STAMP)
	$(BIN)/python tools/compile_catalogs.py

clean:
	rm -rf $(VENV) build dist *.egg-info claimgen-demo .pytest_cache .hypothesis
