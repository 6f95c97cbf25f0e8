# The two commands of the README: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# OCR peer and engine (tesseract), OpenCV runtime, browser for the review-app test,
# LibreOffice for the Excel export check. PostgreSQL is installed by scripts/start_postgres.sh.
APT_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim libgl1 libglib2.0-0 chromium libreoffice-calc-nogui
STAMP := $(VENV)/.installed
EXTRAS ?= dev,ray

.PHONY: demo test lint typecheck unit system-deps venv bench-accuracy bench-speed samples review

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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

demo: system-deps venv
	$(BIN)/formtally demo

review: venv
	$(BIN)/formtally review

samples: venv
	$(BIN)/python -m samplegen

bench-accuracy: venv system-deps
	$(BIN)/python -m bench.accuracy

bench-speed: venv system-deps
	$(BIN)/python -m bench.speed
