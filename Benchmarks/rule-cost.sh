#!/usr/bin/env bash
# What each rule family costs Hyperscan (the matching stage alone, no PCRE2, no I/O): the built-in pack's scan rate
# over a sample of the tree corpus, then how much faster it runs with one rule file left out. With a file argument,
# one rule of that file at a time instead. Use it before adding a rule with no literal (see Rules/README.md).
#
#   Benchmarks/rule-cost.sh                          every rule file (≈ 3 min)
#   Benchmarks/rule-cost.sh Rules/generic/generic.yml   each rule of one file
#   SAMPLE_MB=30 RUNS=5 Benchmarks/rule-cost.sh      sample size (from $CORPUS/tree) and runs per measurement
#
# Rules with `paths.include` are left out: the engine runs them in a second database, only on matching paths.
# Prints seconds and MB/s per line and the seconds saved without each group: compare within one run.
set -euo pipefail
. "$(dirname "$0")/common.sh"

SAMPLE_MB=${SAMPLE_MB:-30}
RUNS=${RUNS:-5}
ONLY=${1:-}
require_system_tools
command -v cc > /dev/null || die "no C compiler: apt-get install gcc"
python3 -c 'import yaml' 2> /dev/null || {
  [[ $(id -u) == 0 ]] && apt-get install -y -qq python3-yaml > /dev/null || die "install python3-yaml"
}
[[ -d $CORPUS/tree ]] || "$BENCH_DIR/make-corpus.sh" > /dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-rule-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/rule-cost" "$BENCH_DIR/rule-cost/rule-cost.c" -lhs
# The same files in the same order every time, so runs compare.
find "$CORPUS/tree" -type f -print0 | sort -z | xargs -0 cat 2> /dev/null | head -c $((SAMPLE_MB * 1000000)) > "$work/sample" || true
python3 - "$ROOT/Rules" "$ONLY" > "$work/patterns" <<'PY'
import glob, os, sys, yaml
root, only = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(os.path.join(root, "**", "*.yml"), recursive=True)):
    for rule in (yaml.safe_load(open(path)) or {}).get("rules") or []:
        expression = rule.get("prefilter") or rule.get("pattern")
        if not expression or (rule.get("paths") or {}).get("include"):
            continue
        if only:
            group = rule["id"] if os.path.samefile(path, only) else "-"
        else:
            group = os.path.relpath(path, root)
        print(f"{group}\t{rule['id']}\t-\t{expression}")
PY
note "sample: $(($(stat -c %s "$work/sample") / 1000000)) MB of $CORPUS/tree; $(wc -l < "$work/patterns") rules"
printf '%-40s %6s %9s %8s %9s\n' group rules seconds MB/s saved
taskset -c 0 "$work/rule-cost" "$work/patterns" "$work/sample" "$RUNS" |
  awk -F'\t' '$1 == "pack" { printf "%-40s %6s %9s %8s\n", "(whole pack)", $2, $3, $4; next }
              { printf "%-40s %6s %9s %8s %9s\n", $1, $2, $3, $4, $5 }'
