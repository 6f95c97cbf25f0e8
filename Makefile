# The two commands of the README: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim libgl1 libglib2.0-0
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit system-deps venv bench-accuracy bench-speed samples

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
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy models extraction verification service ui bench samplegen

unit: venv system-deps
	$(BIN)/pytest

test: system-deps venv lint typecheck unit

demo: system-deps venv
	$(BIN)/formtally demo

samples: venv
	$(BIN)/python -m samplegen

bench-accuracy: venv system-deps
	$(BIN)/python -m bench.accuracy

bench-speed: venv system-deps
	$(BIN)/python -m bench.speed
