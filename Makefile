# Two commands on a fresh clone: `make demo` and `make test`.
# Both create .venv and install the project into it when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: install demo test check-api bench clean sandbox-package browser-packages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Grade the bundled example class into demo-out/ and print where the reports are.
demo: $(STAMP) sandbox-package
	$(VENV)/bin/grader grade examples/submissions --out demo-out --jobs $(JOBS) --force

## The project's own tests (and the public tests against the model solutions).
test: $(STAMP) sandbox-package browser-packages
	$(PY) -m pytest -n $(JOBS) --dist loadfile -p no:cacheprovider

## Best effort, never fatal: bubblewrap (the sandbox's strongest layer) and
## Chromium (the report and quiz page tests) from the OS packages, when root.
sandbox-package:
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq bubblewrap) >/dev/null 2>&1; } || \
	  echo "note: bubblewrap not installed; the sandbox runs its fallback"

browser-packages:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || \
	  { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1; } || \
	  echo "note: chromium/chromedriver not installed; the browser tests are skipped"

check-api:
	../shared/tools/check-api .

bench: $(STAMP)
	$(PY) bench/grading_bench.py --keras

clean:
	rm -rf demo-out .pytest_cache .hypothesis build *.egg-info
