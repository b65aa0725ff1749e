#!/usr/bin/env bash
# Run stowaway and the peer scanners side by side on the same inputs, in interleaved rounds, and print medians,
# peak RSS, MB/s and ratios (stowaway against each peer and against the physical references). bench.sh calls this
# after it has made sure peers, corpora and the release build exist; it can be run on its own too.
#
#   Benchmarks/suite.sh                   the default plan (tree, tree/1core, git-nio, git-th, image, precommit)
#   LIST=1 Benchmarks/suite.sh            print the plan (row ids and exact command lines), run nothing
#   ONLY='^tree/' RUNS=5 Benchmarks/suite.sh        rows whose id matches the regex (grep -E), more rounds
#   TOOLS='stowaway kingfisher ref-rg' Benchmarks/suite.sh   only these tools
#   ONLY='^small/' Benchmarks/suite.sh    the opt-in 35 MB subset with detect-secrets (~70 s a run)
#
# A row is INPUT/TOOL[/VARIANT]. Every run is timed from outside: wall time with bash's clock, CPU seconds and
# the peak RSS of the largest process with GNU time (`/usr/bin/time -f '%U %S %M'`; git children included).
# Each round runs every row once (after WARMUP uncounted rounds that also fill the page cache), so load drift on a
# shared machine spreads over all tools instead of hitting one. A run longer than CAP seconds is killed and flagged.
# Before every timed run the row's input is read once, untimed (WARM=0 turns it off): hosts that page cold memory
# out (this one runs DAMON with action `pageout`) otherwise drop parts of a corpus while other tools run, and the
# next tool pays disk reads that depend on its place in the round.
# Nothing here passes or fails on absolute time: the machine is shared and noisy; read the ratios of one run.
set -euo pipefail
. "$(dirname "$0")/common.sh"

RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
CAP=${CAP:-600}
WARM=${WARM:-1}
ONLY=${ONLY:-'^(tree|git-nio|git-th|image|precommit)/'}
TOOLS=${TOOLS:-"stowaway gitleaks betterleaks kingfisher trivy detect-secrets ref-cat ref-rg ref-gitlog ref-gitblobs ref-gitdiff"}
SUBJECT=${SUBJECT:-stowaway}     # the tool the ratio table is about
LIST=${LIST:-0}
OUT=${OUT:-$BENCH_DIR/out/$(date -u +%Y%m%dT%H%M%SZ)}
RG_REGEX=${RG_REGEX:-'AKIA[0-9A-Z]{16}'}
STOWAWAY_ARGS=${STOWAWAY_ARGS:-}   # extra options for every stowaway row, e.g. "--rules $PWD/Rules" (absolute paths)

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"
[[ $CAP =~ ^[1-9][0-9]*$ ]] || die "CAP must be a positive number of seconds (got '$CAP')"
[[ -f $CORPUS/SIZES ]] || die "no corpus at $CORPUS (no SIZES file): run Benchmarks/make-corpus.sh (bench.sh does)"
require_system_tools

peer() { # name -> path, or empty when not installed
  [[ -x $PEERS/$1 ]] && echo "$PEERS/$1" || true
}
GITLEAKS=${GITLEAKS:-$(peer gitleaks)}
BETTERLEAKS=${BETTERLEAKS:-$(peer betterleaks)}
KINGFISHER=${KINGFISHER:-$(peer kingfisher)}
TRIVY=${TRIVY:-$(peer trivy)}
DETECT_SECRETS=${DETECT_SECRETS:-$(peer detect-secrets)}
RG=${RG:-$(command -v rg)}

# Inputs, relative to $CORPUS (every command runs with cwd=$CORPUS).
declare -A INPUTS=([tree]=tree [small]=tree-small [git-nio]=git/swift-nio [git-th]=git/trufflehog
                   [image]=image/corpus.tar [precommit]=precommit/trufflehog)
mode_of() { case $1 in tree | small) echo tree ;; git-*) echo git ;; image) echo image ;; precommit) echo staged ;; esac; }

# The plan, as data: "INPUT TOOL [VARIANT]". 1core rows run under `taskset -c 0` with the tool's thread flag
# (Go tools follow the affinity mask: GOMAXPROCS=1).
PLAN=(
  "tree stowaway" "tree gitleaks" "tree betterleaks" "tree kingfisher" "tree trivy" "tree ref-cat" "tree ref-rg"
  "tree stowaway 1core" "tree gitleaks 1core" "tree betterleaks 1core" "tree kingfisher 1core" "tree ref-rg 1core"
  "git-nio stowaway" "git-nio gitleaks" "git-nio betterleaks" "git-nio kingfisher"
  "git-nio ref-gitlog" "git-nio ref-gitblobs" "git-nio ref-rg"
  "git-th stowaway" "git-th gitleaks" "git-th betterleaks" "git-th kingfisher"
  "git-th ref-gitlog" "git-th ref-gitblobs" "git-th ref-rg"
  "image stowaway" "image trivy" "image betterleaks" "image kingfisher" "image gitleaks" "image ref-cat" "image ref-rg"
  "precommit stowaway" "precommit gitleaks" "precommit betterleaks" "precommit kingfisher" "precommit ref-gitdiff"
  "small stowaway" "small detect-secrets" "small kingfisher" "small ref-rg"
)

# ---------------------------------------------------------------------------------------------------------------
# Tools. tool_NAME MODE INPUT REPORT VARIANT prints one command line (run by `bash -c` in $CORPUS), nothing when
# the tool has no such mode (no row), or "n/a: REASON" (a row that says why it was not run).
# ok_rc_NAME: exit codes that mean "ran to the end" (findings are not failures).
# parse_NAME REPORT LOG prints "FINDINGS SCANNED_BYTES" ('-' when unknown).
# ---------------------------------------------------------------------------------------------------------------

tool_stowaway() {
  local j=""; [[ $4 == 1core ]] && j="--threads 1"
  [[ -x $STOWAWAY ]] || { echo "n/a: no stowaway binary at $STOWAWAY (swift build -c release)"; return; }
  case $1 in
    tree)
      stowaway_has scan || { echo "n/a: stowaway has no scan yet"; return; }
      echo "$STOWAWAY scan $2 $j $STOWAWAY_ARGS --format json --output $3" ;;
    git)
      stowaway_has git || { echo "n/a: stowaway has no git yet"; return; }
      echo "$STOWAWAY git $2 $j $STOWAWAY_ARGS --format json --output $3" ;;
    staged)
      stowaway_has git --staged || { echo "n/a: stowaway has no git --staged yet"; return; }
      echo "cd $2 && $STOWAWAY git --staged $STOWAWAY_ARGS --format json --output $3" ;;
    image)
      stowaway_has image || { echo "n/a: stowaway has no image yet"; return; }
      echo "$STOWAWAY image $2 $j $STOWAWAY_ARGS --format json --output $3" ;;
  esac
}
ok_rc_stowaway() { [[ $1 == 0 || $1 == 1 ]]; }   # 1 = findings at or above --fail-on; 2 = error
parse_stowaway() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["findings"], s["bytes_scanned"])' "$1" 2> /dev/null || echo "- -"
}

need() { [[ -n $1 ]] || { echo "n/a: $2 not installed (Benchmarks/install-peers.sh)"; return 1; }; }

tool_gitleaks() { # Go; no thread flag (GOMAXPROCS = CPUs in the affinity mask)
  need "$GITLEAKS" gitleaks || return 0
  local common="--no-banner --exit-code 0 -f json -r $3"
  case $1 in
    tree) echo "$GITLEAKS dir $2 $common" ;;
    git) echo "$GITLEAKS git $2 $common" ;;
    staged) echo "cd $2 && $GITLEAKS git --pre-commit --staged $common ." ;;
    image) echo "$GITLEAKS dir $2 --max-archive-depth 2 $common" ;;   # opens the layer tars inside
  esac
}
ok_rc_gitleaks() { [[ $1 == 0 ]]; }
parse_gitleaks() {
  local n b
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1" 2> /dev/null || echo -)
  b=$(grep -ao 'scanned ~[0-9]* bytes' "$2" | tail -n 1 | grep -o '[0-9]*' || true)
  echo "$n ${b:--}"
}

tool_betterleaks() { # Go successor of gitleaks
  need "$BETTERLEAKS" betterleaks || return 0
  local common="--no-banner --exit-code 0 -s -o $3"
  case $1 in
    tree) echo "$BETTERLEAKS fs $2 $common" ;;
    git) echo "$BETTERLEAKS git $2 $common" ;;
    staged) echo "cd $2 && $BETTERLEAKS git --staged $common ." ;;
    image) echo "$BETTERLEAKS fs $2 $common" ;;   # archives are opened (--max-archive-depth 8 by default)
  esac
}
ok_rc_betterleaks() { [[ $1 == 0 ]]; }
parse_betterleaks() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["scan"]; print(s["num_findings"], s["bytes_scanned"], "" if s["state"]=="complete" else s["state"])' "$1" 2> /dev/null || echo "- -"
}

tool_kingfisher() { # Rust + Vectorscan; -j = CPUs by default; offline
  need "$KINGFISHER" kingfisher || return 0
  local j=""; [[ $4 == 1core ]] && j="-j 1"
  local common="--no-validate --no-update-check $j -f json -o $3"
  case $1 in
    tree | git) echo "$KINGFISHER scan $2 $common" ;;   # a git repository path: its full history (all objects)
    staged) echo "cd $2 && $KINGFISHER scan . --staged $common" ;;
    image) echo "$KINGFISHER scan docker --archive $2 $common" ;;
  esac
}
ok_rc_kingfisher() { [[ $1 == 0 || $1 == 200 || $1 == 205 ]]; }   # 200 = findings, 205 = validated findings
parse_kingfisher() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["metadata"]["summary"]; print(s["findings"], s["bytes_scanned"])' "$1" 2> /dev/null || echo "- -"
}

tool_trivy() { # Go; secret scanner only, fully offline; no history mode (trivy repo = one checkout)
  need "$TRIVY" trivy || return 0
  [[ $4 == 1core ]] && return 0
  local common="--scanners secret --skip-db-update --skip-java-db-update --offline-scan --skip-version-check"
  common="$common --skip-check-update --no-progress --cache-backend memory --timeout 60m -f json -o $3"
  case $1 in
    tree) echo "$TRIVY fs $common $2" ;;
    image) echo "$TRIVY image --input $2 $common" ;;
  esac
}
ok_rc_trivy() { [[ $1 == 0 ]]; }
parse_trivy() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(r.get("Secrets") or []) for r in d.get("Results") or []), "-")' "$1" 2> /dev/null || echo "- -"
}

tool_detect-secrets() { # Python, ~0.5 MB/s: only on the small subset
  need "$DETECT_SECRETS" detect-secrets || return 0
  [[ $1 == tree && $2 == tree-small && $4 == default ]] && echo "$DETECT_SECRETS scan --all-files $2 > $3"
  return 0
}
ok_rc_detect-secrets() { [[ $1 == 0 ]]; }
parse_detect-secrets() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(v) for v in d["results"].values()), "-")' "$1" 2> /dev/null || echo "- -"
}

# Physical references (not scanners): read every byte; one literal-prefixed regex; git's own work.
tool_ref-cat() {
  case $1 in
    tree) echo "find $2 -type f -print0 | xargs -0 cat > /dev/null" ;;
    image) echo "cat $2 > /dev/null" ;;
  esac
}
ok_rc_ref-cat() { [[ $1 == 0 ]]; }
parse_ref-cat() { echo "- -"; }

tool_ref-rg() { # -uuu: no ignore files, hidden files too; -a: binary as text
  local j=""; [[ $4 == 1core ]] && j="-j1"
  case $1 in
    tree | image) echo "$RG -uuu -a -c $j '$RG_REGEX' $2 > $3" ;;
    # inflate every object once and search it: the floor for a blob-level history scan
    git) echo "git -C $2 cat-file --batch-all-objects --batch --unordered | $RG -a -c '$RG_REGEX' > $3" ;;
  esac
}
ok_rc_ref-rg() { [[ $1 == 0 || $1 == 1 ]]; }   # 1 = no match
parse_ref-rg() { awk -F: '{s+=$NF} END {print (s?s:0), "-"}' "$1" 2> /dev/null || echo "- -"; }

tool_ref-gitlog() { # exactly what gitleaks/betterleaks make git produce for a history scan
  [[ $1 == git ]] && echo "git -C $2 log -p -U0 --full-history --all --diff-filter=tuxdb > /dev/null"
  return 0
}
ok_rc_ref-gitlog() { [[ $1 == 0 ]]; }
parse_ref-gitlog() { echo "- -"; }

tool_ref-gitblobs() { # inflate every object of the repository once
  [[ $1 == git ]] && echo "git -C $2 cat-file --batch-all-objects --batch --unordered > /dev/null"
  return 0
}
ok_rc_ref-gitblobs() { [[ $1 == 0 ]]; }
parse_ref-gitblobs() { echo "- -"; }

tool_ref-gitdiff() { # what a diff-based pre-commit hook makes git do
  [[ $1 == staged ]] && echo "git -C $2 diff --cached -U0 > /dev/null"
  return 0
}
ok_rc_ref-gitdiff() { [[ $1 == 0 ]]; }
parse_ref-gitdiff() { echo "- -"; }

warm_input() { # path (relative to $CORPUS) -> its bytes read once, into the page cache
  if [[ -d $1 ]]; then
    find "$1" -type f -print0 | xargs -0 cat > /dev/null 2>&1 || true
  elif [[ -f $1 ]]; then
    cat "$1" > /dev/null
  fi
}

input_bytes() { # input label -> bytes, from $CORPUS/SIZES
  local key field=bytes
  case $1 in
    tree) key=tree ;; small) key=tree-small ;; image) key=image ;; precommit) key=precommit ;;
    git-nio) key=git-swift-nio field=blob_bytes ;; git-th) key=git-trufflehog field=blob_bytes ;;
  esac
  awk -v k="$key" -v f="$field=" '$1==k {for (i=2;i<=NF;i++) if (index($i,f)==1) print substr($i,length(f)+1)}' "$CORPUS/SIZES"
}

# ---------------------------------------------------------------------------------------------------------------
if [[ $LIST == 1 ]]; then OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT; fi
mkdir -p "$OUT"
cd "$CORPUS"
US=$'\x1f'   # field separator for row records (tabs would collapse empty fields in `read`)
ROWS=() NA=()
: > "$OUT/commands.txt"
printf 'id\tinput\tinput_bytes\tnote\n' > "$OUT/na.tsv"
for entry in "${PLAN[@]}"; do
  read -r in tool variant <<< "$entry"
  variant=${variant:-default}
  id="$in/$tool"; [[ $variant != default ]] && id="$id/$variant"
  grep -Eq -- "$ONLY" <<< "$id" || continue
  [[ " $TOOLS " == *" $tool "* ]] || continue
  safe=${id//\//_}
  report="$OUT/$safe.report.json"   # betterleaks insists on a .json name
  cmd=$("tool_$tool" "$(mode_of "$in")" "${INPUTS[$in]}" "$report" "$variant")
  [[ -n $cmd ]] || continue
  if [[ $cmd == n/a:* ]]; then
    NA+=("$id")
    printf '%s\t%s\t%s\t%s\n' "$id" "${INPUTS[$in]}" "$(input_bytes "$in")" "$cmd" >> "$OUT/na.tsv"
    printf '%-30s %s\n' "$id" "$cmd" >&2
    continue
  fi
  cmd=$(tr -s ' ' <<< "$cmd")
  pfx=""; [[ $variant == 1core ]] && pfx="taskset -c 0"
  printf '%s\t%s\n' "$id" "$pfx${pfx:+ }$cmd" >> "$OUT/commands.txt"
  [[ $LIST == 1 ]] && printf '%-30s %s\n' "$id" "$pfx${pfx:+ }$cmd"
  ROWS+=("$id$US$in$US$tool$US$variant$US$pfx$US$cmd$US$safe")
done
[[ $LIST == 1 ]] && exit 0
((${#ROWS[@]} > 0)) || die "no row to run (ONLY='$ONLY', TOOLS='$TOOLS')"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "stowaway: $STOWAWAY $( [[ -x $STOWAWAY ]] && { "$STOWAWAY" --version 2> /dev/null || echo '(no --version)'; } || echo '(not built)')" \
    "commit $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo none)"
  for t in GITLEAKS BETTERLEAKS KINGFISHER TRIVY DETECT_SECRETS; do
    [[ -n ${!t} ]] && echo "$t: ${!t} $("${!t}" --version 2>&1 | head -n 1)"
  done
  echo "rg: $("$RG" --version | head -n 1); git: $(git --version)"
  echo "stowaway extra options: ${STOWAWAY_ARGS:-(none)}"
  echo "runs: $RUNS counted + $WARMUP warm-up, CAP ${CAP}s, ONLY '$ONLY', input read before each run: $WARM"
  echo "corpus ($CORPUS):"; sed 's/^/  /' "$CORPUS/SIZES"
} > "$OUT/env.txt"
cat "$OUT/env.txt" >&2

printf 'id\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\trc\tload1\n' > "$OUT/runs.tsv"
for ((i = 1 - WARMUP; i <= RUNS; i++)); do
  for row in "${ROWS[@]}"; do
    IFS=$US read -r id in tool variant pfx cmd safe <<< "$row"
    rm -f "$OUT/$safe.report.json"
    [[ $WARM == 1 ]] && warm_input "${INPUTS[$in]}"
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(now)
    rc=0
    # shellcheck disable=SC2086
    "$TIME_BIN" -f '%U %S %M' -o "$OUT/$safe.time" timeout -k 10 "$CAP" $pfx bash -c "$cmd" > "$OUT/$safe.log" 2>&1 || rc=$?
    t1=$(now)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    read -r user sys rss < <(tail -n 1 "$OUT/$safe.time") || true
    [[ $user =~ ^[0-9.]+$ ]] || { user=0 sys=0 rss=0; }
    ((i >= 1)) && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$i" "$wall" "$user" "$sys" "$rss" "$rc" "$load" >> "$OUT/runs.tsv"
    flag=""
    if [[ $rc == 124 || $rc == 137 ]]; then flag="  CAPPED at ${CAP}s"
    elif ! "ok_rc_$tool" "$rc"; then flag="  FAILED (see $OUT/$safe.log)"; fi
    printf '%-30s %s: wall %8ss  cpu %7ss  rss %6s MB  rc %s  load %s%s\n' "$id" \
      "$( ((i >= 1)) && echo "run $i" || echo "warm-up")" "$wall" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$((rss / 1024))" "$rc" "$load" "$flag" >&2
  done
done

printf 'id\tinput\ttool\tvariant\tinput_bytes\tfindings\tscanned_bytes\tok\tnote\n' > "$OUT/rows.tsv"
for row in "${ROWS[@]}"; do
  IFS=$US read -r id in tool variant pfx cmd safe <<< "$row"
  read -r findings scanned extra < <("parse_$tool" "$OUT/$safe.report.json" "$OUT/$safe.log") || true
  bad=$(awk -F'\t' -v id="$id" '$1==id {print $7}' "$OUT/runs.tsv" | while read -r rc; do
    if [[ $rc == 124 || $rc == 137 ]]; then echo capped; elif ! "ok_rc_$tool" "$rc"; then echo "rc=$rc"; fi
  done | sort -u | tr '\n' ' ')
  [[ -n $bad ]] && bad="$bad($(grep -v '^[[:space:]]*$' "$OUT/$safe.log" | tail -n 1 | tr '\t|' '  ' | cut -c1-120))"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$in" "$tool" "$variant" "$(input_bytes "$in")" \
    "${findings:--}" "${scanned:--}" "$([[ -z $bad ]] && echo 1 || echo 0)" "${extra:-} $bad" >> "$OUT/rows.tsv"
done

python3 "$BENCH_DIR/report.py" "$OUT" "$SUBJECT" | tee "$OUT/table.md"
mkdir -p "$BENCH_DIR/out" && ln -sfn "$OUT" "$BENCH_DIR/out/latest"
note "results: $OUT (table.md, runs.tsv, rows.tsv, commands.txt, env.txt, last run's report/log per row)"
