# The two commands of the README: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo needs only the OpenCV runtime (its OCR, RapidOCR, comes as a wheel). The tests add the
# Tesseract peer engine, the browser for the review-app test and LibreOffice for the Excel export
# check. PostgreSQL is installed by scripts/start_postgres.sh.
DEMO_APT := libgl1 libglib2.0-0
APT_PACKAGES := $(DEMO_APT) tesseract-ocr tesseract-ocr-chi-sim chromium libreoffice-calc-nogui
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
EXTRAS ?= dev,ray

.PHONY: demo test lint typecheck unit system-deps demo-deps apt-install venv bench-accuracy bench-speed samples review

system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

demo-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(DEMO_APT)"

apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[$(EXTRAS)]'
	touch $(STAMP)

# The demo needs the package alone (no test tools, no Ray); a full install serves it too.
$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -f $(STAMP) -a $(STAMP) -nt pyproject.toml || { $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e .; }
	touch $(DEMO_STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy models extraction verification service ui bench samplegen

# Storage tests run on SQLite and on a real PostgreSQL server started here on 127.0.0.1.
unit: venv system-deps
	FORMTALLY_TEST_PG_URL="$$(scripts/start_postgres.sh)" $(BIN)/pytest

test: system-deps venv lint typecheck unit

# Scans one rendering of each sample form, opens the review app on :8501 and scans the rest in the
# background (python -m: the code of this checkout, whatever else the venv has seen).
demo: demo-deps $(DEMO_STAMP)
	$(BIN)/python -m service.cli demo

review: venv
	$(BIN)/formtally review

samples: venv
	$(BIN)/python -m samplegen

bench-accuracy: venv system-deps
	$(BIN)/python -m bench.accuracy

bench-speed: venv system-deps
	$(BIN)/python -m bench.speed
	$(BIN)/python -m bench.speed.documents
