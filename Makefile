# Two entry points: `make run` (the service on the embedded store) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changes; pip's cache keeps torch from downloading twice.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(INSTALLED)
	$(BIN)/passerelle seed --if-empty
	$(BIN)/passerelle serve

test: $(INSTALLED)
	$(BIN)/python tests/suite.py

clean:
	rm -rf $(VENV) var tests/neo4j-server/target
