# make run: install, build the demo database, serve at http://127.0.0.1:$(PORT)
# make test: install (Chromium too), run every test
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# npm ci writes node_modules/.package-lock.json: plotly.js's cartesian bundle, from package-lock.json
NODE_STAMP := node_modules/.package-lock.json

.PHONY: run test install demo-db chromium node benchmark check-views clean

# The port is checked first: a second `make run` must not rebuild the data under a running server.
# Chromium: the PDF export renders plots with kaleido, which drives it.
run: install chromium
	$(PY) manage.py serve --port $(PORT) --check
	$(PY) manage.py build_demo_db
	$(PY) manage.py serve --port $(PORT)

test: install chromium
	$(PY) -m pyflakes manage.py pixelws apps tests benchmarks
	$(PY) -m pytest $(PYTEST_ARGS)
	node --test frontend/tests/

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo-db: install
	$(PY) manage.py build_demo_db

# Debian's Chromium, for the browser tests and the PDF's plots (kaleido); Playwright cannot download one here.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Node.js for the frontend's unit tests (node's own test runner) and npm for plotly.js.
node:
	@command -v node >/dev/null && command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }

# plotly.js exactly as package-lock.json pins it (the version the plotly package ships).
$(NODE_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error

benchmark: install demo-db chromium
	$(PY) benchmarks/api_throughput.py
	$(PY) benchmarks/pixel_probes.py
	$(PY) benchmarks/dcs_probes.py
	$(PY) benchmarks/series_probe.py
	$(PY) benchmarks/daq_probes.py
	$(PY) benchmarks/page_first_plot.py
	$(PY) benchmarks/report_pdf.py
	$(PY) benchmarks/handover.py
	$(PY) benchmarks/load_drill.py

check-views: install
	$(PY) manage.py check_views

clean:
	rm -rf $(VENV) var node_modules
