#!/usr/bin/env bash
# Chaos run: builds the reception service and the `chaos` example with the `service` profile,
# then sends registrations through a seeded fault proxy while the service is killed (SIGKILL)
# and restarted, and audits its database and outbox. Exit status 0 when every registration is
# stored exactly once with its first e-mail and every client got its receipt, 1 otherwise, 2 on
# a build or usage error.
#
#   scripts/chaos.sh                                   # 200 submissions, seed 1, 2 restarts
#   scripts/chaos.sh --submissions 500 --seed 42 --restarts 4 --fault-rate 0.5
#   scripts/chaos.sh --database-url postgres://vssid@127.0.0.1:5432/chaos --submissions 200 \
#       --concurrency 8 --restarts 2     # two instances on one PostgreSQL database, A killed
#
# Arguments are passed to the example (see reception/examples/chaos/main.rs).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --profile service -p vssid-reception --bins --example chaos >&2 || exit 2
if [ "$#" -eq 0 ]; then
    set -- --submissions 200 --concurrency 8 --seed 1 --restarts 2 --fault-rate 0.4
fi
echo "machine: $(nproc) cores; $(uptime)"
exec "$CARGO_TARGET_DIR/service/examples/chaos" \
    --binary "$CARGO_TARGET_DIR/service/vssid-reception" "$@"
