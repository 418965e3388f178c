#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for a set time and reports executions and crashes.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh field_phone draft_decode
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the sanitizer flags are
# allowed with RUSTC_BOOTSTRAP=1, which this script sets. Seeds come from fuzz/corpus/<target>/
# (kept in git); new inputs go to fuzz/work/<target>/ (ignored); a crash is written to
# fuzz/artifacts/<target>/ and reproduced with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --debug-assertions <target> fuzz/artifacts/<target>/<file>
# Exit status: 0 when no target crashed, 1 otherwise, 2 on a build or usage error.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
cd "$root/fuzz"

if ! cargo fuzz --help >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# Debug assertions on: an arithmetic overflow is a finding too.
cargo fuzz build --debug-assertions >/dev/null || { echo "fuzz build failed" >&2; exit 2; }

# Crashes, leaks, timeouts and out-of-memory inputs; "slow-unit" files are only a note.
count_findings() {
    find "artifacts/$1" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | wc -l
}

log_dir="$root/fuzz/work/logs"
mkdir -p "$log_dir"
failed=0
printf '%-26s %8s %14s %10s %8s\n' target seconds execs execs/s crashes
for target in "${targets[@]}"; do
    mkdir -p "work/$target" "corpus/$target" "artifacts/$target"
    dict=()
    if [ -f "$target.dict" ]; then dict=("-dict=$target.dict"); fi
    before=$(count_findings "$target")
    status=0
    cargo fuzz run --debug-assertions "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 "${dict[@]}" \
        >"$log_dir/$target.log" 2>&1 || status=$?
    after=$(count_findings "$target")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log_dir/$target.log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log_dir/$target.log" | tail -1)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="err($status)"; fi
    printf '%-26s %8s %14s %10s %8s\n' "$target" "$seconds" "${execs:-?}" "${rate:-?}" "$crashes"
    if [ "$status" -ne 0 ]; then
        failed=1
        grep -m1 -E "panicked|ERROR: (libFuzzer|AddressSanitizer)" "$log_dir/$target.log" >&2 || true
        echo "  log: $log_dir/$target.log" >&2
    fi
done
exit "$failed"
