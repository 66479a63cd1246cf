# Everything installs into .venv inside the checkout; only python3.11 and make are needed.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := build

ifeq (, $(shell command -v $(PYTHON) 2>/dev/null))
PYTHON := python3
endif

.PHONY: help install run test check fix report bench fuzz fuzz-quick linearity clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Tests also need the optional Ray engine, so CI runs its tests instead of skipping them.
TEST_STAMP := $(VENV)/.installed-test
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,ray]"
	touch $(TEST_STAMP)

## help: list the targets and what they do
help:
	@sed -n 's/^## //p' Makefile

install: $(STAMP)

## run: the main job — clean the bundled fixtures, write cleaned records and a summary
run: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/cleaner clean fixtures/news.jsonl -o $(OUT)/news.clean.jsonl --rejects $(OUT)/news.rejects.jsonl
	@echo "cleaned records: $(OUT)/news.clean.jsonl"

## test: the test suite (installs the test extras, Ray included, first)
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## check: lint the fixtures like a pre-commit hook would (findings are expected there)
check: $(STAMP)
	-$(BIN)/cleaner check fixtures --statistics

## fix: apply safe fixes to a copy of the fixtures in build/fixed
fix: $(STAMP)
	rm -rf $(OUT)/fixed && mkdir -p $(OUT) && cp -r fixtures $(OUT)/fixed
	-$(BIN)/cleaner check --fix $(OUT)/fixed

## report: the HTML report of the fixtures' news records (open build/report.html in a browser)
report: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/cleaner report fixtures/news.jsonl -o $(OUT)/report.html

## bench: throughput against ftfy and datasketch (MB=20 by default; DATA=path/to/real/news to add data)
MB ?= 20
bench: $(STAMP)
	$(BIN)/python bench/run.py --mb $(MB) $(if $(DATA),--data $(DATA)) $(BENCH_ARGS)

## fuzz: generated hostile documents through check, --fix and clean (FUZZ_CASES each), then the
## robustness tests with many more examples and 1 MB regex inputs; reports crashes, lost records,
## corrupted files (docs/robustness.md)
FUZZ_CASES ?= 2000
fuzz: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/python bench/fuzz.py --cases $(FUZZ_CASES) --big --json $(OUT)/fuzz.json
	CLEANER_HYPOTHESIS_EXAMPLES=1000 CLEANER_HYPOTHESIS_RANDOM=1 CLEANER_ROBUST_THOROUGH=1 \
		$(BIN)/python -m pytest -q tests/robustness

## fuzz-quick: a short fuzz run (CI)
fuzz-quick: $(STAMP)
	$(BIN)/python bench/fuzz.py --cases 150

## linearity: cleaner check on 25/50/100 MB single-line files of "a" and ",.,.", and cleaner clean
## on one 12.5/25/50 MB record; reports CPU-time ratios per doubling
linearity: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/python bench/linearity.py --max-mb 100 --json $(OUT)/linearity.json

## clean: remove the virtual environment, build output and caches
clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .cleaner *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
