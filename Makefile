# Two set-up commands: `make run` (dashboard on the committed data) and `make test` (the whole suite).
# Both create .venv themselves; `make test` also installs Debian chromium and a Hangul font when missing.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# Debian packages the tests use (browser tests, image export, third-party readers of our files), as
# `package:command-or-file-it-provides`; `make test` installs the missing ones when run as root.
TEST_APT := chromium:/usr/bin/chromium fonts-nanum:/usr/share/fonts/truetype/nanum nginx:/usr/sbin/nginx \
	pandoc:/usr/bin/pandoc libimage-exiftool-perl:/usr/bin/exiftool librsvg2-bin:/usr/bin/rsvg-convert \
	libreoffice-calc:/usr/bin/soffice nodejs:/usr/bin/node npm:/usr/bin/npm
# npm packages the tests read our files with (citation-js), from tests/tools/package.json (no lock file).
TEST_NPM := tests/tools/node_modules/.installed

.PHONY: run serve test lint build fetch verify system-deps bench screenshot clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	# cffconvert validates CITATION.cff in the tests; it pins jsonschema 3, frictionless needs 4 (which cffconvert
	# works with), so it cannot sit in the test extra: installed without its pins; its other needs (pykwalify, click, requests) come with the test extra.
	$(BIN)/pip install -q --no-deps "cffconvert==2.0.0"
	touch $(STAMP)

# Bytecode of our own sources, as pip writes it for every installed package but not for an editable install: a
# server started where PYTHONDONTWRITEBYTECODE is set (many container images) would otherwise compile 10,000
# lines at every start. Files already compiled and unchanged are skipped.
BYTECODE := $(BIN)/python -m compileall -q dashboard etl

# Debian packages for browser tests and image export; installed only when missing and we are root.
system-deps:
	@missing=""; \
	for pair in $(TEST_APT); do \
	  pkg=$${pair%%:*}; have=$${pair#*:}; \
	  [ -e "$$have" ] || command -v "$$have" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

run: $(STAMP)
	$(BYTECODE)
	$(BIN)/nk-arrivals serve

serve: $(STAMP) system-deps
	$(BYTECODE)
	$(BIN)/nk-arrivals serve --prod

build: $(STAMP)
	$(BIN)/nk-arrivals build

fetch: $(STAMP)
	$(BIN)/nk-arrivals fetch

verify: $(STAMP)
	$(BIN)/nk-arrivals verify

$(TEST_NPM): tests/tools/package.json
	npm install --prefix tests/tools --no-save
	touch $(TEST_NPM)

test: $(STAMP) system-deps $(TEST_NPM)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

# Benchmarks (not part of `make test`): wrk for load, npm for Lighthouse; installed when missing and we are root.
bench: $(STAMP) system-deps
	@missing=""; command -v wrk >/dev/null || missing="$$missing wrk"; command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Missing Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
	$(BYTECODE)
	PYTHONPATH=.:tests $(BIN)/python benchmarks/run.py

# The README's picture, from the running app (the browser tests run the same code).
screenshot: $(STAMP) system-deps
	PYTHONPATH=.:tests $(BIN)/python -m support.screenshot

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
