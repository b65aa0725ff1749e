#!/usr/bin/env bash
# Peak memory as the input doubles: a scan's memory should stay flat (bounded by buffers, windows and the rule
# database), not grow with the bytes it reads. Prints peak RSS per size and the ratio to the smallest.
#
#   Benchmarks/memory-scaling.sh          tree corpus at 1x, 2x and 4x (the same tree named again through symbolic
#                                         links given as roots; findings double with it), then the full history of
#                                         each Git corpus (of different sizes), compared with the smallest
#   BUILD=0 STOWAWAY=/path/to/stowaway Benchmarks/memory-scaling.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"

require_system_tools
[[ -d $CORPUS/tree ]] || "$BENCH_DIR/make-corpus.sh" > /dev/null
build_stowaway
work=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
for copy in 1 2 3 4; do ln -s "$CORPUS/tree" "$work/tree$copy"; done

# peak ROW ARGS...: runs stowaway with ARGS under GNU time; prints "ROW wall_s peak_rss_mb bytes_scanned".
peak() {
  local row=$1
  shift
  "$TIME_BIN" -f '%e %M' -o "$work/time" "$STOWAWAY" "$@" --format json -o "$work/report.json" > /dev/null 2>&1 || true
  local bytes
  bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"].get("bytes_scanned", 0))' "$work/report.json")
  read -r wall rss < <(tail -1 "$work/time")
  printf '%s %s %s %s\n' "$row" "$wall" "$((rss / 1024))" "$bytes"
}

{
  peak "tree-1x" scan "$work/tree1"
  peak "tree-2x" scan "$work/tree1" "$work/tree2"
  peak "tree-4x" scan "$work/tree1" "$work/tree2" "$work/tree3" "$work/tree4"
  for repo in "$CORPUS"/git/*; do
    [[ -d $repo ]] && peak "git-$(basename "$repo")" git "$repo"
  done
} > "$work/rows"

printf '%-26s %8s %10s %12s %s\n' run wall_s peak_MB scanned_MB "peak vs smallest of its group"
sort -k4,4n "$work/rows" > "$work/sorted"
awk '{ group = $1; sub(/-.*$/, "", group)
       if (!(group in base)) base[group] = $3
       printf "%-26s %8s %10s %12.0f %.2fx\n", $1, $2, $3, $4 / 1e6, $3 / base[group] }' "$work/sorted"
