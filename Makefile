# Two commands do all the set-up on a fresh machine: `make site` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := tests/browser/node_modules/axe-core/axe.min.js
ZENSICAL := $(VENV)/.zensical-installed
EXPLAINER := $(BIN)/explainer
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve check charts test test-fast freshness readability claims register screenshots diff bench fuzz \
        mutation lock site-zensical clean

# The virtual environment: the locked, hash-checked requirements, then this package (editable, no other downloads).
$(STAMP): requirements/test.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

site: $(STAMP)            ## check everything, draw the charts, build site/ (swapped in only if every step passed)
	$(EXPLAINER) site

serve: $(STAMP)           ## preview at http://127.0.0.1:8000/, redrawing charts when a dataset or page changes
	$(EXPLAINER) serve

check: $(STAMP)           ## every rule that needs no browser, over every dataset, chart and page; writes nothing
	$(EXPLAINER) check

charts: $(STAMP)          ## check, then draw the charts and write the generated pieces (no MkDocs)
	$(EXPLAINER) charts

freshness: $(STAMP)       ## datasets past their review date, or whose publisher has a newer release due
	$(EXPLAINER) freshness

readability: $(STAMP)     ## each page's reading grade and ease
	$(EXPLAINER) readability

claims: $(STAMP)          ## the claims ledger: numbers bound to data, cited, or neither
	$(EXPLAINER) claims

register: site            ## add newly published URLs to urls.txt (commit it with the new page or chart)
	$(EXPLAINER) register

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $(AXE)

test-fast: $(STAMP)       ## the tests that need no browser, validator or new environment (under a minute)
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not validator and not slow"

# Zensical (Material's successor), for the tests that build the same sources with it.
$(ZENSICAL): requirements/zensical.txt $(STAMP)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/zensical.txt
	touch $(ZENSICAL)

test: $(STAMP) $(AXE) $(ZENSICAL) ## every test: lint and types, the fast tier, then sites, browser and validator
	$(BIN)/ruff check explainer tests tools bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2

screenshots: site         ## home and two topic pages at 1280 and 375 px, light and dark, into build/screenshots/
	$(BIN)/python tools/screenshots.py site

diff: $(STAMP)            ## what a change does to the published site: make diff BASE=origin/main
	@test -n "$(BASE)" || { echo "usage: make diff BASE=<git ref>"; exit 2; }
	$(EXPLAINER) diff --base "$(BASE)"

bench: $(STAMP)           ## the performance benchmark; results in bench/RESULTS.md
	$(BIN)/python bench/run.py

fuzz: $(STAMP)            ## many thousands of generated inputs against the validators (Hypothesis)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

mutation: $(STAMP)        ## mutation testing of the modules that guard readers and maintainers; bench/MUTATION.md
	$(BIN)/python tools/mutation.py

lock:                     ## re-pin every dependency (with hashes) from pyproject.toml; see README "Updating a pin"
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/build.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements/test.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links -c requirements/test.txt -o requirements/zensical.txt requirements/zensical.in

site-zensical: $(ZENSICAL) ## the same sources built by Zensical, Material's successor, into site-zensical/
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/zensical.txt
	$(EXPLAINER) charts
	rm -rf site-zensical
	printf 'INHERIT: mkdocs.yml\nsite_dir: site-zensical\n' > .zensical-build.yml
	$(BIN)/zensical build --config-file .zensical-build.yml --clean --strict; status=$$?; rm -f .zensical-build.yml; exit $$status
	$(EXPLAINER) harden site-zensical

clean:                    ## remove every generated file
	rm -rf site site-zensical build docs/charts docs/cards docs/assets/explainer docs/datapackage.json docs/feed.xml
