# make run: install, build the demo database if its inputs changed, serve at http://127.0.0.1:$(PORT)
#   the live demo (docs/live.md): a run happening now after the frozen week; LIVE=0: the frozen week
#   alone; LIVE_SPEED=20: the live run 20 times faster
# make test: install (Chromium too), run every test (pytest in TEST_WORKERS processes)
PORT ?= 8000
LIVE ?= 1
LIVE_SPEED ?= 1
TEST_WORKERS ?= auto
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# npm ci writes node_modules/.package-lock.json: plotly.js's cartesian bundle, from package-lock.json
NODE_STAMP := node_modules/.package-lock.json

.PHONY: run test install demo-db chromium poppler node benchmark check-views clean

# The port is checked first: a second `make run` must not rebuild the data under a running server.
# The demo database is rebuilt only when its inputs changed (a digest kept beside it); it says which.
# Chromium: the PDF export renders plots with kaleido, which drives it.
run: install chromium
	$(PY) manage.py serve --port $(PORT) --check
	$(PY) manage.py build_demo_db --if-changed
	PIXELWS_LIVE=$(LIVE) PIXELWS_LIVE_SPEED=$(LIVE_SPEED) $(PY) manage.py serve --port $(PORT)

test: install chromium poppler
	$(PY) -m pyflakes manage.py pixelws apps tests benchmarks
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)
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
	@command -v chromium >/dev/null || $(call apt_install,chromium)

# pdftotext: the tests read where each word of a PDF lies (tests/reports/test_pdf_fits.py).
poppler:
	@command -v pdftotext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

# Node.js for the frontend's unit tests (node's own test runner) and npm for plotly.js.
node:
	@command -v node >/dev/null && command -v npm >/dev/null || $(call apt_install,nodejs npm)

# Only what is missing is installed, with apt-get, which needs root: without it, say what to install.
apt_install = { [ "$$(id -u)" = 0 ] || { echo "make: $(1) missing: install it as root (apt-get install $(1)), then run make again" >&2; exit 1; }; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; }

# plotly.js exactly as package-lock.json pins it (the version the plotly package ships).
$(NODE_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error

benchmark: install demo-db chromium
	$(PY) benchmarks/first_pages.py
	$(PY) benchmarks/api_throughput.py
	$(PY) benchmarks/pixel_probes.py
	$(PY) benchmarks/dcs_probes.py
	$(PY) benchmarks/series_probe.py
	$(PY) benchmarks/daq_probes.py
	$(PY) benchmarks/events.py
	$(PY) benchmarks/page_first_plot.py
	$(PY) benchmarks/pages_drawn.py
	$(PY) benchmarks/report_pdf.py
	$(PY) benchmarks/pdf_abandoned.py
	$(PY) benchmarks/handover.py
	$(PY) benchmarks/load_drill.py
	$(PY) benchmarks/oidc_outage.py
	$(PY) benchmarks/restart.py

check-views: install
	$(PY) manage.py check_views

clean:
	rm -rf $(VENV) var node_modules
