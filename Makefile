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

# Front-end assets served by Passerelle itself (Swagger UI for /docs); no install scripts run
# (swagger-ui-dist's analytics dependency would report the install otherwise).
ASSETS := node_modules/.installed
$(ASSETS): package.json package-lock.json
	SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

run: $(INSTALLED) $(ASSETS)
	$(BIN)/passerelle seed --if-empty
	$(BIN)/passerelle serve

test: $(INSTALLED) $(ASSETS)
	$(BIN)/python tests/suite.py

clean:
	rm -rf $(VENV) var tests/neo4j-server/target node_modules
