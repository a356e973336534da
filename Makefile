# Two commands on a fresh clone: `make demo` and `make test`.
# Both create .venv and install the project into it when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: install demo test test-fast check-api bench clean browser

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Grade the bundled example class into demo-out/ and print where the reports are.
demo: $(STAMP)
	$(VENV)/bin/grader grade examples/submissions --out demo-out --jobs $(JOBS) --force

## The project's own tests (and the public tests against the model solutions).
test: $(STAMP)
	$(PY) -m pytest -n $(JOBS) --dist loadfile -p no:cacheprovider

## Headless Chromium and its driver for the report tests (Debian/Ubuntu, as root); they skip without it.
browser:
	command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

check-api:
	../shared/tools/check-api .

bench: $(STAMP)
	$(PY) bench/grading_bench.py --keras

clean:
	rm -rf demo-out .pytest_cache .hypothesis build *.egg-info
