# make run: set up, build the docs and serve on http://127.0.0.1:5000 · make serve: waitress for a team
# (docs/deploying.md) · make docs: the docs (docs/, mkdocs.yml) into site/, served by the app at /docs/
# make test: set up and run every test (Chromium and PostgreSQL via apt-get when root) · make bench, make bench-db
# make lock: compile requirements*.in into the hash-locked requirements*.txt (docs/deploying.md)
# make test-stress: the browser tests beside two CPU hogs (stress-ng), to prove they wait on state
# make screenshots: the docs' screenshots (docs/images/), rendered by the app itself in headless Chromium
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 5000
ASSETS := static/vendor/.installed
CATALOGUE := translations/ru/LC_MESSAGES/messages.mo

.PHONY: run serve docs test test-setup test-stress stress-ng lint lock migrate bench bench-db browser postgres export-tools clean screenshots

$(PY):
	python3 -m venv $(VENV)

# The locked install: every package at the version and with the hashes requirements-dev.txt gives (pip too).
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# Compile the direct dependencies (requirements*.in) into the locks, keeping every locked version that still
# fits; `make lock UPGRADE=flask` moves one package (and what it needs) to its newest release.
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade-package $(UPGRADE))
lock: $(STAMP)
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-dev.txt requirements-dev.in
	$(PY) scripts/lock_lines.py requirements.txt requirements-dev.txt

# Page libraries from npm (package-lock.json pins them), copied under static/: served as files, no build step.
$(ASSETS): package.json package-lock.json
	@command -v npm >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; \
	  else echo "npm is missing: run 'sudo apt-get install -y nodejs npm'"; exit 1; fi; }
	npm ci --silent --no-audit --no-fund
	rm -rf static/vendor && mkdir -p static/vendor/noble-hashes
	cp node_modules/@noble/hashes/*.js node_modules/@noble/hashes/LICENSE static/vendor/noble-hashes/
	touch $(ASSETS)

# The Russian catalogue, compiled from the committed .po (the .mo is gitignored, like static/vendor).
$(CATALOGUE): translations/ru/LC_MESSAGES/messages.po $(STAMP)
	$(VENV)/bin/pybabel compile -d translations -l ru

# The docs: MkDocs Material, strict (a broken link or anchor fails), offline (no web fonts, no CDN).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

run: $(STAMP) $(ASSETS) $(CATALOGUE) docs
	$(VENV)/bin/flask --app app run --host 127.0.0.1 --port $(PORT)

# The store's schema brought to the newest revision ahead of a start (start-up does it too): FLASK_DATABASE_URL as
# for `make serve`. `.venv/bin/flask --app app store current` and `... store history` say where it stands.
migrate: $(STAMP)
	$(VENV)/bin/flask --app app store upgrade

serve: $(STAMP) $(ASSETS) $(CATALOGUE) docs
	$(PY) serve.py

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium' (browser tests will be skipped)"; fi; \
	fi

# Debian's PostgreSQL server: the tests start a throwaway cluster of it (tests/pg.py), as the postgres user.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; \
	  else echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql' (PostgreSQL tests will be skipped)"; fi; \
	fi

# The code exports' tools (tests/web/test_exports_run*.py run each snippet): PHP with its curl extension, a JDK,
# and openssl, which the v4 curl script signs with.
export-tools:
	@if ! command -v php >/dev/null || ! php -m | grep -qx curl || ! command -v javac >/dev/null \
	    || ! command -v openssl >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y php-cli php-curl \
	    default-jdk-headless curl openssl; \
	  else echo "php-cli, php-curl, a JDK or openssl is missing: run 'sudo apt-get install -y php-cli php-curl" \
	    "default-jdk-headless openssl' (their export tests will be skipped)"; fi; \
	fi

# Test-only npm tools (never served): newman, Postman's runner, and the collection v2.1 schema.
NEWMAN := tests/newman/node_modules/.installed
$(NEWMAN): tests/newman/package.json tests/newman/package-lock.json $(ASSETS)
	npm ci --prefix tests/newman --silent --no-audit --no-fund
	touch $(NEWMAN)

# Everything `make test` installs, alone: .ci/run times it apart from the tests.
test-setup: $(STAMP) $(ASSETS) $(CATALOGUE) $(NEWMAN) browser postgres export-tools

# Two pytest runs, both counted: unit, web and export tests on two workers (pytest-xdist; each worker its own
# PostgreSQL cluster), then the browser tests alone in one process, as before. Each prints its slowest 15 tests.
test: test-setup
	$(VENV)/bin/ruff check .
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
	@start=$$(date +%s); status=0; \
	echo "$(PY) -m pytest -n 2 --ignore=tests/browser"; $(PY) -m pytest -n 2 --ignore=tests/browser || status=$$?; \
	echo "$(PY) -m pytest tests/browser"; $(PY) -m pytest tests/browser || status=$$?; \
	echo "make test: pytest took $$(($$(date +%s) - start)) s"; exit $$status

# The browser suite with two CPU hogs beside it (stress-ng, from Debian): a test that waits on time instead of
# the page's state fails here. Not part of `make test`; run it before calling the browser tests stable.
test-stress: test-setup stress-ng
	@stress-ng --cpu 2 --quiet & hogs=$$!; start=$$(date +%s); \
	REQUIRE_BROWSER=1 $(PY) -m pytest tests/browser; status=$$?; \
	kill $$hogs; wait $$hogs 2>/dev/null; \
	echo "make test-stress: the browser tests took $$(($$(date +%s) - start)) s beside two CPU hogs"; exit $$status

stress-ng:
	@command -v stress-ng >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y stress-ng; \
	  else echo "stress-ng is missing: run 'sudo apt-get install -y stress-ng'"; exit 1; fi; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP) $(ASSETS) $(CATALOGUE) browser postgres
	$(PY) bench/latency.py
	$(PY) bench/submit.py
	$(PY) bench/debugger.py
	$(PY) bench/debugger_v4.py
	$(PY) bench/page_weight.py
	$(PY) bench/slow_clients.py
	$(PY) bench/inspector.py
	$(PY) bench/db.py

# The docs' screenshots (docs/images/): the builder, the debugger, the callbacks page and the inspector, both themes.
screenshots: $(STAMP) $(ASSETS) $(CATALOGUE) browser
	$(PY) scripts/screenshots.py

bench-db: $(STAMP) $(ASSETS) postgres
	$(PY) bench/db.py

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache node_modules static/vendor tests/newman/node_modules
