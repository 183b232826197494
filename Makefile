# Two commands matter: `make run` and `make test`. Both go through `make install`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test bench serve lock clean screenshots audit chromium ui-check

install: $(STAMP)

# Reinstall only when the lock or the project metadata changed; uv makes a full install take seconds.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "uv==0.13.9"
	# Bytecode compiled once here: PYTHONDONTWRITEBYTECODE may be set, and every crawl process and CLI call
	# would otherwise recompile some 600 modules at start.
	$(BIN)/uv pip install -q --compile-bytecode -p $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q -p $(BIN)/python --no-deps -e .
	touch $(STAMP)

# The demo: the bundled drop-ins (examples/inbox, copied with their dates) go through the nightly flow.
run: install
	mkdir -p data/inbox
	cp -p examples/inbox/*.txt data/inbox/
	$(BIN)/glaneur run

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Known vulnerabilities of the pinned dependencies (PyPI's advisory data, per pinned version). --strict: a dependency
# that cannot be audited is a failure, never a silent skip.
audit: install
	$(BIN)/pip-audit -r requirements.lock --no-deps --disable-pip --strict --progress-spinner off

bench: install
	$(BIN)/glaneur bench --postings 10000 --json

# Prefect server + UI on 127.0.0.1:$(PORT), glaneur's deployments registered and run; Ctrl-C stops (docs/operations.md).
PORT ?= 4200
serve: install
	$(BIN)/glaneur serve --port $(PORT)

# Debian's chromium for the browser checks, installed when missing (the tests that need it skip without it).
chromium:
	test -x /usr/bin/chromium || { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q && \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -q chromium; }

# The HTML pages in headless Chromium (Debian's package, installed when missing); pictures refreshed in docs/.
screenshots: install chromium
	GLANEUR_SCREENSHOT_DIR=docs $(BIN)/python -m pytest tests/read/test_browser.py -q -p no:cacheprovider

# `glaneur serve` for real, its UI in headless Chromium; the deployments page refreshed in docs/.
ui-check: install chromium
	GLANEUR_UI_SCREENSHOT=docs/prefect-ui-deployments.png $(BIN)/python -m pytest tests/ops/test_serve.py -q \
		-p no:cacheprovider

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev -p 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) data
