# Two commands do all the set-up: `make site` (or `make serve`) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test charts check freshness register bench site-zensical clean

$(STAMP): requirements.txt requirements-test.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-test.txt
	touch $(STAMP)

charts: $(STAMP)
	$(BIN)/python build_charts.py

site: charts
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m socsite.harden site

serve: charts
	$(BIN)/mkdocs serve --livereload

register: site
	$(BIN)/python -m socsite.registry site urls.txt

check: $(STAMP)
	$(BIN)/python build_charts.py --check

freshness: $(STAMP)
	$(BIN)/python build_charts.py --check-freshness

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

site-zensical: charts
	$(BIN)/pip install --quiet -r requirements-zensical.txt
	$(BIN)/zensical build --config-file mkdocs.yml --clean
	@echo "Zensical build written to site-zensical/"

clean:
	rm -rf site site-zensical build docs/charts docs/cards docs/datapackage.json docs/feed.xml
