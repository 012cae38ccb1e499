# bpbook: the two set-up commands are `make serve` and `make test`.
# Both create/refresh the local virtualenv .venv themselves (needs only python3 + make).

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
# Hash-pinned lock of the whole toolchain, for every supported Python (environment markers
# pick mkdocs-jupyter 0.26.x on 3.11, 0.27 on 3.12). `make lock` regenerates it.
LOCK        := requirements/lock.txt
SUPPORTED_PYTHONS := 3.11 3.12
UV_VERSION  ?= 0.13.8
STAMP       := $(VENV)/.installed
PROPERDOCS_SITE_DIR ?= site-properdocs
ADDR        ?= 127.0.0.1:8000
SITE_DIR    ?= site
KATEX_VERSION ?= $(shell cat docs/assets/katex/VERSION 2>/dev/null)
# pytest-xdist workers (every core by default; JOBS=0 runs in one process), and how many of
# the slowest tests pytest lists at the end of `make test` / `make pytest`.
JOBS        ?= auto
DURATIONS   ?= 15
# `make test` writes its phase times here and prints them at the end (tools/timed.py).
TIMING_LOG  := .test-timing.tsv
TIMED        = $(PYTHON) tools/timed.py $(TIMING_LOG)

# Quieter, reproducible tool runs.
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help venv serve check unit test site build pdf lint typecheck pytest bench fuzz lighthouse lock \
	vendor-katex clean build-properdocs timed-lint timed-typecheck timed-site \
	dist-check test-torch bench-torch

help:
	@echo "make serve   build and serve the book at http://$(ADDR)/bpbook/ (ADDR=host:port to change)"
	@echo "make check   the everyday loop (under a minute): ruff, mypy and the package tests, side by side"
	@echo "make test    the full gate: ruff, mypy, make site, then pytest (package, book, site, PDF, browser)"
	@echo "make site    the site and its PDF from one strict build into $(SITE_DIR)/ (needs Chromium)"
	@echo "make build   the site alone into $(SITE_DIR)/ (strict; it ships bpbook.pdf if make pdf made one)"
	@echo "make pdf     print the whole book to bpbook.pdf with Chromium (then make build/serve ships it)"
	@echo "make bench   run benchmarks/bench_sgd.py"
	@echo "make bench-torch  the same in $(TORCH_VENV), with the PyTorch comparison (CPU torch)"
	@echo "make test-torch  the PyTorch page's code against bpbook, in its own venv $(TORCH_VENV) (CPU torch)"
	@echo "make fuzz    the fuzz test of the public API with many more examples (a few minutes)"
	@echo "make lighthouse  Lighthouse scores of every page, mobile + desktop (needs node/npm)"
	@echo "make lock    regenerate $(LOCK) (hashes) from pyproject.toml + $(CONSTRAINTS)"
	@echo "make build-properdocs  build with ProperDocs too and compare the pages"
	@echo "make dist-check  build the sdist + wheel, twine check, run the cookbook against the installed wheel"
	@echo "make vendor-katex  re-vendor KaTeX from npm (maintainers only; KATEX_VERSION=...)"
	@echo "make clean   remove .venv, site/ and caches"

# The venv is (re)installed whenever pyproject.toml, the pins or the lock change: every package
# from the lock, each checked against its hashes, then bpbook itself (no deps, no download).
$(STAMP): pyproject.toml $(LOCK) $(CONSTRAINTS) requirements/build.in
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; v = "%d.%d" % sys.version_info[:2]; \
		sys.exit(None if v in "$(SUPPORTED_PYTHONS)".split() \
		else f"$(VENV) has Python {v}; supported: $(SUPPORTED_PYTHONS)")'
	@$(BIN)/python tools/lock_inputs.py --check $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP)

# The site lives under the path of site_url (/bpbook/, mkdocs.yml), as on GitHub Pages.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean --site-dir $(SITE_DIR)

# The site and bpbook.pdf in one strict build: with BPBOOK_PDF=true, hooks/book_pdf.py prints
# the combined print page with Debian's Chromium (BPBOOK_CHROMIUM=... for another) into
# $(SITE_DIR)/bpbook.pdf, then takes the print page out of the site. What `make test` checks
# and the deploy workflow publishes.
site: $(STAMP)
	BPBOOK_PDF=true $(BIN)/mkdocs build --strict --clean --site-dir $(SITE_DIR)

# bpbook.pdf (git-ignored) alone, from the same build in a scratch directory
# (tools/pdf/build.py). The next `make build` copies it into the site (hooks/book_pdf.py).
pdf: $(STAMP)
	$(BIN)/python -m tools.pdf.build --out bpbook.pdf

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy --strict on everything Python in the repo: [tool.mypy] files in pyproject.toml.
typecheck: $(STAMP)
	$(BIN)/mypy

# The package's own tests and docstring examples: the part of `make check` that runs code.
unit: $(STAMP)
	$(BIN)/python -m pytest tests/bpbook bpbook --doctest-modules -q -n $(JOBS) --dist loadscope \
		$(PYTEST_ARGS)

# The everyday loop, without the site, the PDF or a browser: lint, types and the package
# tests side by side (each one's output printed whole when it ends).
check: $(STAMP)
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint typecheck unit

# Every test, on every core (pytest-xdist; tests/conftest.py keeps the tests that share a
# page visit or a module's fixtures on one worker). The site is built first: tests/site/
# and the browser tests (marker `browser`) read it from $(SITE_DIR)/ via BPBOOK_SITE_DIR
# (the `built_site` fixture). PYTEST_MARKS="not browser" or PYTEST_PATHS=... to narrow it.
PYTEST_PATHS ?= tests docs README.md bpbook
pytest: $(STAMP)
	BPBOOK_SITE_DIR=$(abspath $(SITE_DIR)) $(BIN)/python -m pytest $(PYTEST_PATHS) \
		--doctest-modules --markdown-docs --markdown-docs-syntax=superfences \
		-n $(JOBS) --dist loadscope --durations=$(DURATIONS) \
		$(if $(PYTEST_MARKS),-m "$(PYTEST_MARKS)") $(PYTEST_ARGS)

# The full gate. Phases: the venv; ruff, mypy and the one site + PDF build side by side;
# pytest without the browser; the browser tests. Stops at the first failing phase, and
# prints every phase's wall time at the end either way (tools/timed.py).
test:
	@rm -f $(TIMING_LOG); \
	$(TIMED) "venv" -- $(MAKE) --no-print-directory venv \
	&& $(MAKE) --no-print-directory -j3 --output-sync=target timed-lint timed-typecheck timed-site \
	&& $(TIMED) "pytest, no browser" -- $(MAKE) --no-print-directory pytest PYTEST_MARKS="not browser" \
	&& $(TIMED) "pytest, browser" -- $(MAKE) --no-print-directory pytest PYTEST_MARKS=browser \
		PYTEST_PATHS=tests/browser; \
	status=$$?; $(TIMED) --report; exit $$status

timed-lint: $(STAMP)
	@$(TIMED) "ruff (lint, format)" -- $(MAKE) --no-print-directory lint
timed-typecheck: $(STAMP)
	@$(TIMED) "mypy" -- $(MAKE) --no-print-directory typecheck
timed-site: $(STAMP)
	@$(TIMED) "site + PDF (one build)" -- $(MAKE) --no-print-directory site

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_sgd.py $(BENCH_ARGS)

# tests/bpbook/test_fuzz.py reads the profile: "ci" (default, 300 examples per test)
# or "fuzz" (5,000 per test).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/bpbook/test_fuzz.py -q \
		--hypothesis-show-statistics $(PYTEST_ARGS)

# The PyTorch page (docs/pytorch.md), the cookbook's PyTorch block, and bpbook against
# torch autograd (tests/torch/), never part of `make test`: torch is no dependency of the
# book. Its own venv, from the
# same hash lock plus torch, pinned exactly: on the project's machines TORCH_VERSION
# installs a CPU-only wheel; another version may pull a multi-GB CUDA build, so do not
# float it. TORCH_PIP_ARGS (empty by default) passes pip options such as an index of
# CPU-only wheels. BPBOOK_TORCH_TESTS=1 lets pytest collect tests/torch.
TORCH_VENV    ?= .venv-torch
TORCH_VERSION ?= 2.13.0
TORCH_STAMP   := $(TORCH_VENV)/.installed-torch-$(TORCH_VERSION)

$(TORCH_STAMP): pyproject.toml $(LOCK) $(CONSTRAINTS) requirements/build.in
	@test -x $(TORCH_VENV)/bin/python || $(PYTHON) -m venv $(TORCH_VENV)
	$(TORCH_VENV)/bin/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(TORCH_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(TORCH_VENV)/bin/python -m pip install --quiet $(TORCH_PIP_ARGS) torch==$(TORCH_VERSION)
	@touch $@

test-torch: $(TORCH_STAMP)
	BPBOOK_TORCH_TESTS=1 $(TORCH_VENV)/bin/python -m pytest tests/torch $(PYTEST_ARGS)

# make bench in the PyTorch venv: the same script, plus bpbook against a plain PyTorch
# CPU loop on the digits-size network (benchmarks/bench_sgd.py says how it is made fair).
bench-torch: $(TORCH_STAMP)
	$(TORCH_VENV)/bin/python benchmarks/bench_sgd.py $(BENCH_ARGS)

# Speed benchmark of the built site (issue 10), never part of `make test`: pinned
# Lighthouse from npm (tools/lighthouse, `npm ci`), Debian's Chromium, median of 3 runs per
# page and preset, plus the plain-Material and book-theme reference pages; text served
# gzip-compressed as GitHub Pages serves it. LIGHTHOUSE_ARGS="--gzip --runs 1 --only sgd".
LIGHTHOUSE_ARGS ?= --gzip
LIGHTHOUSE_DIR := tools/lighthouse
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/node_modules/.package-lock.json

$(LIGHTHOUSE_STAMP): $(LIGHTHOUSE_DIR)/package-lock.json
	npm ci --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund

lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	$(MAKE) --no-print-directory build
	CHROME_PATH=/usr/bin/chromium $(BIN)/python benchmarks/lighthouse.py --site $(SITE_DIR) $(LIGHTHOUSE_ARGS)

# Compile $(LOCK) with uv (in a throwaway venv) from pyproject.toml's extras, the exact
# pins of $(CONSTRAINTS) and requirements/build.in: one universal lock (any OS) with the
# hashes of every file, for Python 3.11 and 3.12. Pins already in $(LOCK) are kept (uv
# prefers them); to upgrade a package, change its pin in $(CONSTRAINTS). Commit the lock.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.lock-venv/bin/uv pip compile pyproject.toml requirements/build.in \
		--extra docs --extra test --extra properdocs --extra release \
		--constraints $(CONSTRAINTS) --universal --python-version 3.11.5 \
		--generate-hashes --custom-compile-command "make lock" \
		--output-file $(LOCK) --quiet
	.lock-venv/bin/python tools/lock_inputs.py --stamp $(LOCK)
	rm -rf .lock-venv
	@echo "wrote $(LOCK)"

# The same mkdocs.yml built by ProperDocs (the maintained MkDocs 1.x continuation) into
# $(PROPERDOCS_SITE_DIR)/, and every page compared with the MkDocs build.
build-properdocs: build
	$(BIN)/properdocs build --strict --clean --config-file mkdocs.yml \
		--site-dir $(PROPERDOCS_SITE_DIR)
	$(BIN)/python tools/compare_sites.py $(SITE_DIR) $(PROPERDOCS_SITE_DIR)

# The package as a reader installs it: sdist + wheel (python -m build, no isolation: the
# build tools come from the lock), twine check, then the wheel in a clean virtualenv runs
# the cookbook's examples from an empty folder (tools/check_dist.py). CI and release.yml.
dist-check: $(STAMP)
	$(BIN)/python tools/check_dist.py --dist dist

vendor-katex:
	tools/vendor-katex.sh $(KATEX_VERSION)

clean:
	rm -rf $(VENV) $(TORCH_VENV) $(SITE_DIR) $(PROPERDOCS_SITE_DIR) bpbook.pdf $(TIMING_LOG) .lock-venv .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		dist build .cache/mkdocs-jupyter screenshots test-results *.egg-info $(LIGHTHOUSE_DIR)/node_modules
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
