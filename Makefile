# The two set-up commands: `make run` (the app against a local reception service) and
# `make test` (every test). Both install what they need first (scripts/setup.sh).

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run web web-build test setup fmt lint unit mobile-check bundle-checks e2e api-contract

setup:
	@scripts/setup.sh

# The desktop app against the reference reception service started on 127.0.0.1:8787
# (scripts/run.sh; data and outbox under .data/reception). The app reads VSSID_API_BASE;
# without it the app sends nothing and says so; `VSSID_API_BASE=demo cargo run -p vssid-app`
# uses the built-in demo service (e-mail code 123456).
run: setup
	@scripts/run.sh

# The web version as people get it: release, shrunk by wasm-opt -Oz (scripts/build-web.sh,
# which prints its sizes), served on 127.0.0.1. PROFILE=debug for a quicker build.
WEB_PORT ?= 8087
PROFILE ?= release
web: web-build
	@echo "web: http://127.0.0.1:$(WEB_PORT)/  (demo states: ?demo=declaration, ?demo=office, ...)"
	python3 -m http.server $(WEB_PORT) --bind 127.0.0.1 --directory dist/web

web-build:
	@PROFILE=$(PROFILE) scripts/build-web.sh

test: setup fmt lint unit mobile-check bundle-checks e2e api-contract

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace

# The Android build type-checked for phones and emulators (no SDK needed: clang stands in for
# the NDK). Honours CARGO_TARGET_DIR. Building APKs: android/README.md.
mobile-check:
	@scripts/check-mobile.sh

# The checks the phone workflow runs on the built APK and iOS app (scripts/check-apk.sh,
# scripts/check-ios-app.sh) and the patch of dx's Android project, tried on sample APKs and apps,
# good and broken (no SDK needed; installs Debian's llvm for llvm-ifs and llvm-readelf).
bundle-checks:
	@scripts/test-bundle-checks.sh

# The browser end-to-end tests (headless Chromium against the reception service), then the
# desktop smoke test under xvfb; installs Chromium, chromedriver and axe-core when missing.
# Screenshots and failure notes: target/e2e/.
e2e:
	@scripts/e2e.sh

# The running reception service against docs/api/openapi.yaml with schemathesis (installed
# into a virtual environment under target/ when missing): no server error, no schema
# violation, no undocumented status. SCHEMATHESIS_MAX_EXAMPLES bounds the run (default 25).
api-contract:
	@scripts/schemathesis.sh
