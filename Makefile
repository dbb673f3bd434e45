# make run: install, build the demo database, serve at http://127.0.0.1:$(PORT)
# make test: install (Chromium too), run every test
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install demo-db chromium node benchmark check-views clean

# The port is checked first: a second `make run` must not rebuild the data under a running server.
run: $(STAMP)
	$(PY) manage.py serve --port $(PORT) --check
	$(PY) manage.py build_demo_db
	$(PY) manage.py serve --port $(PORT)

test: $(STAMP) chromium node
	$(PY) -m pyflakes manage.py pixelws apps tests benchmarks
	$(PY) -m pytest $(PYTEST_ARGS)
	node --test frontend/tests/

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo-db: $(STAMP)
	$(PY) manage.py build_demo_db

# Debian's Chromium, for the browser tests and plot export (it cannot be downloaded by Playwright here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Node.js for the frontend's unit tests (no packages: node's own test runner).
node:
	@command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; }

benchmark: $(STAMP) demo-db chromium
	$(PY) benchmarks/api_throughput.py
	$(PY) benchmarks/pixel_probes.py
	$(PY) benchmarks/page_first_plot.py
	$(PY) benchmarks/load_drill.py

check-views: $(STAMP)
	$(PY) manage.py check_views

clean:
	rm -rf $(VENV) var
