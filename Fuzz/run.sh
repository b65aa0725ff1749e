#!/usr/bin/env bash
# Runs each fuzzer for FUZZ_SECONDS (default 60) on a corpus kept in FUZZ_WORK (outside the repository), seeded by
# Fuzz/seeds.py, and prints the executions per fuzzer. Crashing inputs land in FUZZ_WORK/artifacts/<fuzzer>/; the exit
# code is 1 when any fuzzer found one. Usage: Fuzz/run.sh [FuzzDockerfile FuzzRules ...] (default: all of them).
# Build first: swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/stowaway-fuzz}
SWIFT=${SWIFT:-swift}
ALL=(FuzzDockerfile FuzzDockerFormats FuzzRules FuzzImageMetadata FuzzLayer FuzzDecoders FuzzEngine)
if [ $# -gt 0 ]; then FUZZERS=("$@"); else FUZZERS=("${ALL[@]}"); fi

# Largest input per fuzzer: text files and rule packs are small; archives need room for a few headers and entries.
max_len() {
    case "$1" in
        FuzzLayer) echo 262144 ;;
        FuzzEngine | FuzzDecoders) echo 65536 ;;
        *) echo 16384 ;;
    esac
}

BIN=$("$SWIFT" build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)
python3 Fuzz/seeds.py --out "$FUZZ_WORK/seeds" >/dev/null || exit 2
export STOWAWAY_FUZZ_SCRATCH="$FUZZ_WORK/scratch"
# Leaks are not what these runs look for, and the Swift runtime's caches read as leaks at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}

status=0
summary=()
for fuzzer in "${FUZZERS[@]}"; do
    corpus="$FUZZ_WORK/corpus/$fuzzer" artifacts="$FUZZ_WORK/artifacts/$fuzzer/" log="$FUZZ_WORK/logs/$fuzzer.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    echo "== $fuzzer: $FUZZ_SECONDS s (log: $log)"
    "$BIN/$fuzzer" "$corpus" "$FUZZ_WORK/seeds/$fuzzer" -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$fuzzer")" \
        -timeout=20 -rss_limit_mb=4096 -artifact_prefix="$artifacts" -print_final_stats=1 -detect_leaks=0 >"$log" 2>&1
    code=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    crashes=$(find "$artifacts" -type f | wc -l)
    [ "$code" = 0 ] || status=1
    summary+=("$(printf '%-18s %12s executions  %-10s  exit %s  %s crash file(s) in %s' "$fuzzer" "${runs:-?}" "$coverage" "$code" "$crashes" "$artifacts")")
    [ "$code" = 0 ] || { echo "   FAILED:"; grep -m5 -E 'ERROR|SUMMARY|Fatal error|panic|Test unit written' "$log" | sed 's/^/   /'; }
done
echo
printf '%s\n' "${summary[@]}"
exit $status
