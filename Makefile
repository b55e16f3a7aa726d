# Two commands do all the set-up: `make site` (or `make serve`) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test charts check freshness register bench site-zensical clean

AXE    := tests/browser/node_modules/axe-core/axe.min.js

$(STAMP): requirements.txt requirements-test.txt requirements-zensical.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-test.txt
	touch $(STAMP)

charts: $(STAMP)
	$(BIN)/python build_charts.py

site: charts
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m explainer.harden site

serve: charts
	$(BIN)/mkdocs serve --livereload

register: site
	$(BIN)/python -m explainer.registry site urls.txt

check: $(STAMP)
	$(BIN)/python build_charts.py --check

freshness: $(STAMP)
	$(BIN)/python build_charts.py --check-freshness

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $(AXE)

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

site-zensical: charts
	$(BIN)/pip install --quiet -r requirements-zensical.txt
	@# Zensical has no --site-dir option and keeps site_dir inside the folder of its config file, so build from a
	@# throw-away config at the top level that inherits mkdocs.yml and changes only where the site is written.
	rm -rf site-zensical
	printf 'INHERIT: mkdocs.yml\nsite_dir: site-zensical\n' > .zensical-build.yml
	$(BIN)/zensical build --config-file .zensical-build.yml --clean --strict; status=$$?; rm -f .zensical-build.yml; exit $$status
	$(BIN)/python -m explainer.harden site-zensical
	@echo "Zensical build written to site-zensical/"

clean:
	rm -rf site site-zensical build docs/charts docs/cards docs/datapackage.json docs/feed.xml
