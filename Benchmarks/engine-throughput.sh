#!/usr/bin/env bash
# Quick benchmark: the scanning engine's single-thread throughput on real source text, end to end through the CLI.
#
#   Benchmarks/engine-throughput.sh            ~1 min: builds release, scans the tree corpus (~415 MB of text in
#                                              52k files) with ONE thread pinned to CPU 0, data in the page cache
#   RUNS=9 Benchmarks/engine-throughput.sh     more counted runs (default 5, after 1 warm-up)
#   DIR=/some/text Benchmarks/engine-throughput.sh    another input (must hold >= 300 MB that stowaway scans)
#   COMPARE='rg' ... / COMPARE='' ...          which single-thread references run interleaved (default: rg kingfisher)
#   BUILD=0 ...                                use the existing .build/release/stowaway as it is
#   STOWAWAY_ARGS="--rules $PWD/Rules" ...      extra stowaway options (e.g. a rule pack; absolute paths)
#
# Prints, for `taskset -c 0 stowaway scan DIR --threads 1`: median wall, MB/s over the bytes stowaway says it
# scanned (summary.bytes_scanned), MB/s after subtracting the start-up time (median wall of the same command on an
# empty directory: rule database load/compile), CPU and peak RSS; then the same for the references and the ratios.
# Never a pass/fail on absolute time: the machine is shared; compare with the rg reference from the same run.
set -euo pipefail
. "$(dirname "$0")/common.sh"

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
CAP=${CAP:-600}
DIR=${DIR:-$CORPUS/tree}
MIN_BYTES=${MIN_BYTES:-300000000}
COMPARE=${COMPARE-rg kingfisher}
RG_REGEX=${RG_REGEX:-'AKIA[0-9A-Z]{16}'}
read -r -a SW_ARGS <<< "${STOWAWAY_ARGS:-}"   # extra stowaway options, e.g. "--rules $PWD/Rules" (absolute paths)
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"

require_system_tools
if [[ ! -d $DIR ]]; then
  [[ $DIR == "$CORPUS/tree" ]] || die "DIR=$DIR does not exist"
  note "no corpus at $CORPUS/tree: building it"
  "$BENCH_DIR/make-corpus.sh" > /dev/null
fi
build_stowaway
[[ -x $STOWAWAY ]] || die "no stowaway binary at $STOWAWAY"
if ! stowaway_has scan --threads; then
  echo "n/a: stowaway has no scan (with --threads) yet: nothing to measure" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-engine.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/empty"
input=$(bytes_of "$DIR")

note "warming the page cache: reading $((input / 1000000)) MB under $DIR"
find "$DIR" -type f -print0 | xargs -0 cat > /dev/null

# timed NAME CMD...: runs CMD pinned to CPU 0 under GNU time and a CAP; appends "NAME wall cpu rss_kb rc" to runs.
timed() {
  local name=$1; shift
  local t0 t1 rc=0 user sys rss
  t0=$(now)
  "$TIME_BIN" -f '%U %S %M' -o "$work/time" timeout -k 10 "$CAP" taskset -c 0 "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  t1=$(now)
  read -r user sys rss < <(tail -n 1 "$work/time") || true
  [[ $user =~ ^[0-9.]+$ ]] || { user=0 sys=0 rss=0; }
  if [[ ($name == stowaway || $name == startup) && $rc != 0 && $rc != 1 ]] || [[ $rc == 124 || $rc == 137 ]]; then
    sed 's/^/  | /' "$work/$name.err" | tail -n 20 >&2
    die "$name failed (exit $rc): $*"
  fi
  awk -v n="$name" -v a="$t0" -v b="$t1" -v u="$user" -v s="$sys" -v r="$rss" -v rc="$rc" \
    'BEGIN {printf "%s %.4f %.2f %d %d\n", n, b - a, u + s, r, rc}' >> "$work/runs"
}

KF=$PEERS/kingfisher
cmds=("stowaway")
for c in $COMPARE; do
  case $c in
    rg) cmds+=(rg) ;;
    kingfisher) if [[ -x $KF ]]; then cmds+=(kingfisher); else warn "kingfisher not installed (Benchmarks/install-peers.sh): skipped"; fi ;;
    *) die "COMPARE knows rg and kingfisher, not '$c'" ;;
  esac
done

run_one() { # what -> one timed run
  case $1 in
    startup) timed startup "$STOWAWAY" scan "$work/empty" --threads 1 "${SW_ARGS[@]}" --format json --output "$work/empty.json" ;;
    stowaway) timed stowaway "$STOWAWAY" scan "$DIR" --threads 1 "${SW_ARGS[@]}" --format json --output "$work/report.json" ;;
    rg) timed rg rg -uuu -a -c -j1 "$RG_REGEX" "$DIR" ;;
    kingfisher) timed kingfisher "$KF" scan "$DIR" --no-validate --no-update-check -j 1 -f json -o "$work/kf.json" ;;
  esac
}

: > "$work/runs"
for ((i = 1 - WARMUP; i <= RUNS; i++)); do
  for c in startup "${cmds[@]}"; do
    run_one "$c"
    if ((i < 1)); then sed -i '$d' "$work/runs"; fi   # warm-up runs are not counted
  done
  printf 'bench: %s done\n' "$( ((i >= 1)) && echo "run $i/$RUNS" || echo warm-up)" >&2
done

scanned=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["bytes_scanned"], s["files_scanned"], s.get("binary_files_skipped", "-"), s["findings"], s.get("rules", "-"))' "$work/report.json") ||
  die "could not read summary.bytes_scanned from stowaway's JSON report"
kf_scanned=$([[ -f $work/kf.json ]] && python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metadata"]["summary"]["bytes_scanned"])' "$work/kf.json" 2> /dev/null || echo 0)
read -r sbytes sfiles sbin sfind srules <<< "$scanned"
((sbytes >= MIN_BYTES)) || warn "stowaway scanned only $((sbytes / 1000000)) MB (< $((MIN_BYTES / 1000000)) MB): the figure is less meaningful"

python3 - "$work/runs" "$input" "$sbytes" "$kf_scanned" "$DIR" "$sfiles" "$sbin" "$sfind" "$srules" "$RUNS" << 'EOF'
import statistics, sys
runs_file, input_b, sbytes, kf_b, d, sfiles, sbin, sfind, srules, nruns = sys.argv[1:]
input_b, sbytes, kf_b = int(input_b), int(sbytes), int(kf_b)
runs = {}
for line in open(runs_file):
    n, w, c, r, rc = line.split()
    runs.setdefault(n, []).append((float(w), float(c), int(r)))
med = lambda xs: statistics.median(xs)
def m(name, k):
    return med([x[k] for x in runs[name]])
st = m('startup', 0)
w = m('stowaway', 0)
print()
print('engine throughput, ONE thread (taskset -c 0, --threads 1), page cache warm, %s counted runs' % nruns)
print('input: %s — %.1f MB on disk; stowaway scanned %.1f MB in %s files (%s binary skipped), %s rules, %s findings'
      % (d, input_b / 1e6, sbytes / 1e6, sfiles, sbin, srules, sfind))
print()
print('| command | wall s median [min-max] | cpu s | peak RSS MB | MB/s |')
print('|---|---|---|---|---|')
def row(label, name, nbytes, note=''):
    ws = [x[0] for x in runs[name]]
    mbps = nbytes / 1e6 / med(ws) if nbytes else 0
    print('| %s | %.3f [%.3f-%.3f] | %.2f | %.0f | %s |' % (label, med(ws), min(ws), max(ws), m(name, 1),
                                                           m(name, 2) / 1024, ('%.0f' % mbps) + note if nbytes else '-'))
row('stowaway scan (end to end)', 'stowaway', sbytes, ' (of scanned bytes)')
row('stowaway start-up (empty dir)', 'startup', 0)
if 'rg' in runs:
    row('rg -j1, one regex (reference)', 'rg', input_b, ' (of input bytes)')
if 'kingfisher' in runs:
    row('kingfisher -j 1 (peer)', 'kingfisher', kf_b or input_b,
        (' (of the %.1f MB it says it scanned)' % (kf_b / 1e6)) if kf_b else ' (of input bytes)')
print()
e2e = sbytes / 1e6 / w
net = sbytes / 1e6 / (w - st) if w > st else float('nan')
print('stowaway: %.0f MB/s end to end; %.0f MB/s excluding %.3f s start-up' % (e2e, net, st))
if 'rg' in runs:
    print('  vs rg -j1 (same CPU, reads every byte, one regex): stowaway takes %.2f× rg\'s time' % (w / m('rg', 0)))
if 'kingfisher' in runs:
    print('  vs kingfisher -j 1: %.2f× %s' % ((m('kingfisher', 0) / w, 'faster') if m('kingfisher', 0) >= w
                                           else (w / m('kingfisher', 0), 'slower')))
print()
print('engine-throughput: %.0f MB/s (1 thread, %.0f MB scanned, %.3f s median wall)' % (e2e, sbytes / 1e6, w))
EOF
