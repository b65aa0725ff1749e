# shellcheck shell=bash
# Shared settings and helpers for the benchmark scripts (sourced, not run).
# Everything heavy lives outside the repository: peers and corpora under $CACHE, results under Benchmarks/out/.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${STOWAWAY_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowaway-bench}
CORPUS=${CORPUS:-$CACHE/corpus}
PEERS_ROOT=${PEERS_ROOT:-$CACHE/peers}
PEERS=${PEERS:-$PEERS_ROOT/bin}
STOWAWAY=${STOWAWAY:-$ROOT/.build/release/stowaway}
TIME_BIN=${TIME_BIN:-/usr/bin/time}

note() { printf 'bench: %s\n' "$*" >&2; }
warn() { printf 'bench: warning: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

# Tools every script needs, from the distribution. Installed with apt-get when we are root and it is available,
# otherwise we stop and say what to install.
require_system_tools() {
  local missing=() pkgs=() t
  declare -A pkg_of=([git]=git [python3]=python3 [rg]=ripgrep [taskset]=util-linux [timeout]=coreutils
                     [tar]=tar [find]=findutils)
  for t in git python3 rg taskset timeout tar find; do
    command -v "$t" > /dev/null 2>&1 || { missing+=("$t"); pkgs+=("${pkg_of[$t]}"); }
  done
  [[ -x $TIME_BIN ]] || { missing+=("$TIME_BIN"); pkgs+=(time); }
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null 2>&1 && [[ ${AUTO_APT:-1} == 1 ]]; then
    note "installing missing tools (${missing[*]}) with apt-get: ${pkgs[*]}"
    apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" > /dev/null ||
      die "apt-get install ${pkgs[*]} failed"
  else
    die "missing ${missing[*]}: install the packages ${pkgs[*]} (e.g. apt-get install ${pkgs[*]})"
  fi
}

# stowaway_has MODE [FLAG]: does the built CLI have this subcommand (and this option)? The suite asks instead of
# assuming, so rows for modes that have not landed yet print "n/a" and the rest keeps working.
# The command tree comes from swift-argument-parser's `--experimental-dump-help` (JSON; it does not depend on how the
# CLI handles help requests); when that is unavailable, `stowaway help MODE` must succeed and mention FLAG.
stowaway_has() {
  [[ -x $STOWAWAY ]] || return 1
  local dump
  if dump=$("$STOWAWAY" --experimental-dump-help 2> /dev/null) && [[ $dump == "{"* ]]; then
    python3 -c '
import json, sys
mode, flag = sys.argv[1], sys.argv[2]
cmd = json.loads(sys.stdin.read())["command"]
sub = next((c for c in cmd.get("subcommands") or [] if c.get("commandName") == mode), None)
if sub is None:
    sys.exit(1)
if flag:
    names = {"--" + n["name"] if n["kind"] == "long" else "-" + n["name"]
             for a in sub.get("arguments") or [] for n in a.get("names") or []}
    sys.exit(0 if flag in names else 1)' "$1" "${2:-}" <<< "$dump"
    return
  fi
  local help
  help=$("$STOWAWAY" help "$1" 2>&1) || return 1
  [[ -z ${2:-} ]] || grep -q -- "$2" <<< "$help"
}

# build_stowaway: release build in the repository. A failed build stops the benchmark: timing a stale binary
# would be misleading. BUILD=0 skips the build (then whatever binary exists is used, or stowaway rows are n/a).
build_stowaway() {
  [[ ${BUILD:-1} == 1 ]] || { note "BUILD=0: not building; using ${STOWAWAY} as it is"; return 0; }
  command -v swift > /dev/null 2>&1 || die "swift is not on PATH (needed for 'swift build -c release'); BUILD=0 skips the build"
  note "building stowaway: swift build -c release (in $ROOT)"
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/stowaway-bench-build.XXXXXX")
  if ! (cd "$ROOT" && swift build -c release > "$log" 2>&1); then
    tail -n 30 "$log" >&2
    die "swift build -c release failed (whole log: $log; BUILD=0 runs the benchmark without building)"
  fi
  rm -f "$log"
}

# bytes_of PATH: bytes of the regular files under PATH (or of the file).
bytes_of() {
  if [[ -d $1 ]]; then find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%d\n", s}'; else stat -c %s "$1"; fi
}

# now: seconds since the epoch with microseconds (bash's own clock: no process start).
now() { echo "${EPOCHREALTIME/,/.}"; }
