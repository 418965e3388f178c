#!/usr/bin/env bash
# Takes a screenshot of every screen of the web build (demo states, 390x844) into
# docs/screenshots/ (Vietnamese; the English ones stay in target/e2e/screens/en/, except
# those of "Hồ sơ của tôi", copied as NAME-en.png): runs the
# browser test that visits every screen in both languages (and checks each with axe-core),
# then copies its Vietnamese pictures; then the office console's pages (1366x900,
# docs/screenshots/console-*.png) from the console's browser test, and the page with what an
# applicant changed from the follow-up story. Needs Chromium and chromedriver (scripts/e2e.sh
# installs them) and the web build (scripts/build-web.sh).
# (Chromium's own --screenshot with a virtual time budget drew most screens blank once the
# service worker started installing the app shell, so the pictures come from the test.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --test web -- --ignored --test-threads=1 --exact \
  every_screen_passes_axe_in_both_languages_and_is_photographed
out="docs/screenshots"
mkdir -p "$out"
cp target/e2e/screens/vi/*.png "$out/"
# "Hồ sơ của tôi" in English too, as NAME-en.png.
for name in my-registrations status-changes status-approved fixing; do
  cp "target/e2e/screens/en/$name.png" "$out/$name-en.png"
done
cargo test --workspace --test web -- --ignored --test-threads=1 --exact \
  console::a_reviewer_finds_the_new_registration_views_its_photos_and_asks_for_a_new_portrait
cp target/e2e/console/console-*.png "$out/"
# The console's page with what the applicant changed, from the follow-up story.
cargo test --workspace --test web -- --ignored --test-threads=1 --exact \
  follow_up::the_applicant_fixes_the_portrait_the_office_asked_for_and_hears_it_was_approved
cp target/e2e/follow-up/console-changes.png "$out/"
ls "$out"/*.png | sed 's/^/screenshots: /'
