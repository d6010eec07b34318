# Two commands do everything (see README.md):
#   make report   set up the environment, build the sample store, render every year's reports and
#                 the site
#   make test     set up the environment (and, as root, the Debian packages tests need), run tests
# PYTHON bootstraps uv; VENV_PYTHON is what .venv is built on: the distribution's optimised
# build of the same Python version when there is one (tools/venv-python.sh), or PYTHON when you
# set it yourself.
ifeq ($(origin PYTHON),undefined)
PYTHON := python3
VENV_PYTHON ?= $(shell tools/venv-python.sh $(PYTHON))
else
VENV_PYTHON ?= $(PYTHON)
endif
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced
# Never let uv download a Python build: use the machine's Python 3.11.
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Install .pyc files with the packages: every worker, kernel and CLI start imports from bytecode,
# even where PYTHONDONTWRITEBYTECODE is set (it is on some CI images), instead of compiling
# pandas, matplotlib and debugpy from source each time.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup report sample build site serve test test-fast lint system-deps lab bench clean axe \
	nbstripout

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Installs exactly the locked versions (uv.lock); re-runs only when the lock, pyproject or the
# settings above change.
$(STAMP): pyproject.toml uv.lock Makefile tools/venv-python.sh | $(UV)
	$(UV) sync --frozen --python $(VENV_PYTHON)
	touch $@

setup: $(STAMP) nbstripout

# Notebooks are committed without outputs or execution counts (.gitattributes names the filter):
# in a git checkout of this project, not yet set up, `nbstripout --install` registers the filter
# (with --keep-id, so cell ids do not churn). Outside a checkout (a tarball, a folder git
# refuses), or where git cannot write its config, it is skipped with a note: never a failure of
# `make test` or `make report`.
nbstripout: $(STAMP)
	@if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$(CURDIR)" ] \
	    && ! $(BIN)/nbstripout --is-installed >/dev/null 2>&1; then \
	  { $(BIN)/nbstripout --install --attributes .gitattributes \
	    && git config filter.nbstripout.clean "$$(git config filter.nbstripout.clean) --keep-id" \
	    && echo "nbstripout: notebooks are committed without outputs in this checkout"; } \
	  || echo "nbstripout: not installed in this checkout; strip outputs before committing"; \
	fi

SAMPLE_STAMP := data/store/.sample-stamp
# The sample store is rebuilt only when its generator or the reference data change.
$(SAMPLE_STAMP): $(STAMP) src/helpers/ingest/sample.py src/helpers/ingest/sample_services.py $(wildcard src/helpers/store/*.py) src/helpers/reference/schema.py $(wildcard data/reference/*.csv)
	$(BIN)/workbook sample
	touch $@

sample: $(SAMPLE_STAMP)

build: setup
	$(BIN)/workbook build

# Every year that has data, so the site's year menu and archive list them all (`workbook build`
# alone renders the latest year). The first run renders every report; later runs only what
# changed. One year: `make report REPORT_YEARS="--year 2024"`.
REPORT_YEARS ?= --all-years

report: setup sample
	$(BIN)/workbook build $(REPORT_YEARS)

site: setup
	$(BIN)/workbook site

system-deps:
	@bash tools/system-deps.sh

# axe-core (accessibility checks in the browser tests), pinned in package-lock.json; installed
# only when missing.
axe:
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

# The import contract (pyproject.toml, [tool.importlinter]): imports point down the pipeline only.
LINT_IMPORTS := $(BIN)/lint-imports --no-cache --no-logo

test: setup system-deps axe
	$(LINT_IMPORTS)
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not integration and not browser"

lint: setup
	$(BIN)/ruff check src tests bench
	$(LINT_IMPORTS)

serve: setup
	$(BIN)/workbook serve

# JupyterLab at the project root (notebooks/, params/, data/, outputs/ in its file browser),
# opening the report notebook: `make lab LAB_PORT=8890 LAB_ARGS=--no-browser` on a server. Jupyter
# refuses to start as root unless told, so the flag is added only when running as root (a
# container).
LAB_PORT ?= 8888
LAB_ARGS ?=
LAB_ROOT_FLAG = $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.port=$(LAB_PORT) \
	  $(LAB_ROOT_FLAG) $(LAB_ARGS) notebooks/annual_report.ipynb

# The build against the naive loop (all units of the sample's latest year), then the national
# roll-up of a 10 million-row synthetic store; see bench/README.md.
bench: setup
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/aggregate.py

clean:
	rm -rf outputs/site outputs/notebooks outputs/failed outputs/logs data/store
