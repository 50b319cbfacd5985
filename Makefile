# make run: set up and serve on http://127.0.0.1:5000 · make serve: gunicorn for a team (README: Team deployment)
# make test: set up and run every test
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test lint bench browser clean

$(PY):
	python3 -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/flask --app app run --host 127.0.0.1 --port 5000

serve: $(STAMP)
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium' (browser tests will be skipped)"; fi; \
	fi

test: $(STAMP) browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP) browser
	$(PY) bench/latency.py
	$(PY) bench/slow_clients.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
