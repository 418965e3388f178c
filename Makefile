# The two set-up commands: `make run` (the app against a local reception service) and
# `make test` (every test). Both install what they need first (scripts/setup.sh).

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test setup fmt lint unit

setup:
	@scripts/setup.sh

run: setup
	$(CARGO) run -p vssid-app

test: setup fmt lint unit

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace
