#!/usr/bin/env bash
# Build the benchmark corpora under $CORPUS (default ~/.cache/stowaway-bench/corpus) from local bare git mirrors of
# five public repositories. Offline once the mirrors are there; ~2 GB of disk, a few minutes. Idempotent: a part that
# already exists is kept (FORCE=1 rebuilds everything). Nothing from these repositories goes into this repository.
#
#   $MIRROR/OWNER+NAME/repo   bare mirrors (all refs) of:
#       trufflesecurity/trufflehog  moby/buildkit  apple/swift-nio  gitleaks/gitleaks  praetorian-inc/noseyparker
#
# What it builds:
#   tree/        ~426 MB of real source text, no .git folders: HEAD of the five repositories plus ten older tagged
#                revisions, one folder each (<repo>@<rev>/, from `git archive`)
#   tree-small/  hardlinked 35 MB subset (four HEAD folders) for the slow detect-secrets row (opt-in)
#   git/         non-bare repositories with every mirrored ref, for full-history scans (swift-nio, trufflehog)
#   image/corpus.tar   a `docker save` style archive: manifest.json, config, one uncompressed layer per HEAD tree
#   precommit/trufflehog  a checkout of trufflehog (18k commits) with a small staged, uncommitted change containing
#                generated fake credentials: the pre-commit case (`git --staged`)
#   SIZES        byte and file counts read by suite.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"

FORCE=${FORCE:-0}
REPOS=(trufflesecurity+trufflehog moby+buildkit apple+swift-nio gitleaks+gitleaks praetorian-inc+noseyparker)

mirrors_help() {
  cat >&2 << EOF
bench: the corpora are built from local bare mirrors of five public repositories, and they are missing.
  Set MIRROR to a folder that holds OWNER+NAME/repo for each of:
$(for r in "${REPOS[@]}"; do printf '      %s   (github:%s)\n' "\$MIRROR/$r/repo" "${r/+//}"; done)
  Ways to get them:
    - in a stowaway agent session: the fetch tool, one call per repository (github:OWNER/NAME); it answers with
      a path ending in OWNER+NAME/repo: MIRROR is the folder above those (e.g. MIRROR=/work/.mirror);
    - elsewhere: git clone --mirror <url of OWNER/NAME> "\$MIRROR/OWNER+NAME/repo" for each.
  Then rerun, e.g.: MIRROR=/work/.mirror Benchmarks/bench.sh
EOF
}

if [[ -z ${MIRROR:-} ]]; then mirrors_help; die "MIRROR is not set"; fi
for r in "${REPOS[@]}"; do
  git --git-dir="$MIRROR/$r/repo" rev-parse -q --verify HEAD > /dev/null 2>&1 ||
    { mirrors_help; die "no usable bare repository at $MIRROR/$r/repo"; }
done
require_system_tools

HEAD_REPOS=("${REPOS[@]}")
# Older revisions that bring the tree to ~426 MB (the five HEADs are only ~93 MB).
OLD_REVS=(
  praetorian-inc+noseyparker:v0.16.0   # 168 MB: vendored vectorscan + boost C++ sources
  praetorian-inc+noseyparker:v0.20.0
  moby+buildkit:v0.10.0 moby+buildkit:v0.14.0 moby+buildkit:v0.18.0   # Go with vendor/
  trufflesecurity+trufflehog:v3.60.0 trufflesecurity+trufflehog:v3.90.0
  apple+swift-nio:2.40.0 apple+swift-nio:2.80.0
  gitleaks+gitleaks:v8.18.0
)
HIST_REPOS=(apple+swift-nio trufflesecurity+trufflehog)
IMAGE_LAYERS=(moby+buildkit trufflesecurity+trufflehog apple+swift-nio gitleaks+gitleaks praetorian-inc+noseyparker)
SMALL=(trufflehog@HEAD swift-nio@HEAD gitleaks@HEAD noseyparker@HEAD)

short() { echo "${1#*+}"; }

export_tree() { # mirror rev dest
  local bare=$MIRROR/$1/repo rev=$2 dest=$3
  [[ -d $dest && $FORCE != 1 ]] && return 0
  rm -rf "$dest.part" "$dest"; mkdir -p "$dest.part"
  git --git-dir="$bare" archive --format=tar "$rev" | tar -x -C "$dest.part"
  mv "$dest.part" "$dest"
  note "tree: $(short "$1")@$rev $(bytes_of "$dest") bytes"
}

mkdir -p "$CORPUS/tree" "$CORPUS/git" "$CORPUS/image" "$CORPUS/precommit"

# 1. tree
for r in "${HEAD_REPOS[@]}"; do export_tree "$r" HEAD "$CORPUS/tree/$(short "$r")@HEAD"; done
for e in "${OLD_REVS[@]}"; do export_tree "${e%%:*}" "${e#*:}" "$CORPUS/tree/$(short "${e%%:*}")@${e#*:}"; done

# 1b. tree-small: hardlinks, for tools too slow for the whole tree (detect-secrets: ~0.5 MB/s)
if [[ ! -d $CORPUS/tree-small || $FORCE == 1 ]]; then
  rm -rf "$CORPUS/tree-small"; mkdir -p "$CORPUS/tree-small"
  for s in "${SMALL[@]}"; do cp -al "$CORPUS/tree/$s" "$CORPUS/tree-small/$s"; done
fi

# 2. history: a non-bare copy of each mirror with all its refs (heads, tags, refs/pull/*), so (almost) every
#    mirrored commit is reachable from --all. Mirrors made by a partial (promisor) fetch can lack a few large blobs;
#    then `git clone` dies in pack-objects and `git log -p` dies on those diffs (replace refs do not help:
#    betterleaks runs git with GIT_NO_REPLACE_OBJECTS=1). So we copy pack + refs, delete the few refs whose history
#    touches a missing blob (printed), and repack so only reachable objects remain.
for r in "${HIST_REPOS[@]}"; do
  d=$CORPUS/git/$(short "$r")
  if [[ ! -f $d/.git/bench-ready || $FORCE == 1 ]]; then
    rm -rf "$d"; git init -q "$d"
    src=$MIRROR/$r/repo
    for f in "$src"/objects/pack/*.pack "$src"/objects/pack/*.idx; do [[ -e $f ]] && cp "$f" "$d/.git/objects/pack/"; done
    if [[ -d $src/objects ]]; then  # loose objects, if the mirror has any
      (cd "$src/objects" && find . -path ./pack -prune -o -path ./info -prune -o -type f -print |
        while read -r o; do mkdir -p "$d/.git/objects/$(dirname "$o")"; cp -n "$o" "$d/.git/objects/$o"; done)
    fi
    [[ -f $src/packed-refs ]] && cp "$src/packed-refs" "$d/.git/packed-refs"
    cp -r "$src/refs/." "$d/.git/refs/"
    cp "$src/HEAD" "$d/.git/HEAD"
    before=$(git -C "$d" rev-list --all --count)
    for oid in $(git -C "$d" rev-list --all --objects --missing=print 2> /dev/null | sed -n 's/^?//p'); do
      for c in $(git -C "$d" log --all --no-renames --format=%H --find-object="$oid"); do
        git -C "$d" for-each-ref --contains "$c" --format='%(refname)'
      done
    done | sort -u > "$d/.git/bench-dropped-refs"
    while read -r ref; do git -C "$d" update-ref -d "$ref"; done < "$d/.git/bench-dropped-refs"
    git -C "$d" repack -a -d -q
    git -C "$d" prune --expire=now
    git -C "$d" reset -q --hard
    after=$(git -C "$d" rev-list --all --count)
    note "git: $(short "$r"): dropped $(wc -l < "$d/.git/bench-dropped-refs") refs ($(tr '\n' ' ' < "$d/.git/bench-dropped-refs")), commits $before -> $after"
    touch "$d/.git/bench-ready"
  fi
  if git -C "$d" rev-list --all --objects --missing=print | grep -q '^?'; then die "$d still misses objects"; fi
done

# 3. image: docker-save archive of the HEAD trees, one uncompressed layer per repository under /src/<repo>
IMG=$CORPUS/image/corpus.tar
if [[ ! -f $IMG || $FORCE == 1 ]]; then
  work=$CORPUS/image/build; rm -rf "$work"; mkdir -p "$work"
  layers=()
  for r in "${IMAGE_LAYERS[@]}"; do
    s=$(short "$r")
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
      -C "$CORPUS/tree" --transform "s,^$s@HEAD,src/$s," -cf "$work/$s.tar" "$s@HEAD"
    layers+=("$s.tar")
  done
  python3 - "$work" "${layers[@]}" << 'EOF'
import hashlib, json, os, sys
work, layers = sys.argv[1], sys.argv[2:]
diff_ids, names = [], []
for l in layers:
    h = hashlib.sha256()
    with open(os.path.join(work, l), 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    d = h.hexdigest()
    os.makedirs(os.path.join(work, d), exist_ok=True)
    os.rename(os.path.join(work, l), os.path.join(work, d, 'layer.tar'))
    diff_ids.append('sha256:' + d); names.append(d + '/layer.tar')
config = {
    'architecture': 'amd64', 'os': 'linux', 'created': '1970-01-01T00:00:00Z',
    'config': {'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], 'WorkingDir': '/src'},
    'rootfs': {'type': 'layers', 'diff_ids': diff_ids},
    'history': [{'created': '1970-01-01T00:00:00Z', 'created_by': 'COPY %s /src/' % l} for l in layers],
}
cb = json.dumps(config, separators=(',', ':')).encode()
cd = hashlib.sha256(cb).hexdigest()
open(os.path.join(work, cd + '.json'), 'wb').write(cb)
manifest = [{'Config': cd + '.json', 'RepoTags': ['bench/corpus:latest'], 'Layers': names}]
open(os.path.join(work, 'manifest.json'), 'w').write(json.dumps(manifest))
EOF
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$IMG.part" .
  mv "$IMG.part" "$IMG"; rm -rf "$work"
  note "image: $IMG $(stat -c %s "$IMG") bytes"
fi

# 4. pre-commit: a local clone of the trufflehog history repository (hardlinked objects, one branch checked out)
#    with a small staged change: one modified Go file, one modified YAML file, one new .env file. The fake
#    credentials are generated here (random, well-formed), so no token-shaped string lives in this script.
PC=$CORPUS/precommit/trufflehog
if [[ ! -f $PC/.git/bench-ready || $FORCE == 1 ]]; then
  rm -rf "$PC"
  git clone -q --single-branch "$CORPUS/git/trufflehog" "$PC"
  git -C "$PC" config user.name bench; git -C "$PC" config user.email bench@example.invalid
  python3 - "$PC" << 'EOF'
import os, random, string, sys, glob
root = sys.argv[1]
rnd = random.Random(42)
up = string.ascii_uppercase + string.digits
an = string.ascii_letters + string.digits
aws_id = 'AKIA' + ''.join(rnd.choice(up) for _ in range(16))
aws_secret = ''.join(rnd.choice(an + '/+') for _ in range(40))
gh = 'ghp' + '_' + ''.join(rnd.choice(an) for _ in range(36))
pw = ''.join(rnd.choice(an) for _ in range(20))
go = sorted(glob.glob(os.path.join(root, 'pkg', '*', '*.go')))[0]
with open(go, 'a') as f:
    f.write('\n// added by the pre-commit benchmark\nconst benchAWSAccessKeyID = "%s"\nconst benchAWSSecretAccessKey = "%s"\n'
            % (aws_id, aws_secret))
ymls = sorted(glob.glob(os.path.join(root, '.github', 'workflows', '*.yml')))
if ymls:
    with open(ymls[0], 'a') as f:
        f.write('\n# added by the pre-commit benchmark\nenv:\n  GITHUB_TOKEN: %s\n' % gh)
with open(os.path.join(root, 'bench-precommit.env'), 'w') as f:
    f.write('DATABASE_URL=postgres://app:%s@db.internal:5432/app\nAPI_TOKEN=%s\n' % (pw, gh))
EOF
  git -C "$PC" add -A
  touch "$PC/.git/bench-ready"
  note "precommit: staged $(git -C "$PC" diff --cached --shortstat)"
fi

# 5. sizes: bytes of regular files; for git, the total size of the distinct blobs (what a blob-level scanner reads)
#    and of `git log -p -U0` (what the diff-based scanners read)
{
  echo "tree bytes=$(bytes_of "$CORPUS/tree") files=$(find "$CORPUS/tree" -type f | wc -l)"
  echo "tree-small bytes=$(bytes_of "$CORPUS/tree-small") files=$(find "$CORPUS/tree-small" -type f | wc -l)"
  for r in "${HIST_REPOS[@]}"; do
    d=$CORPUS/git/$(short "$r")
    blobs=$(git -C "$d" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
      awk '$1=="blob"{s+=$2; n++} END {printf "%d %d\n", s, n}')
    patch=$(git -C "$d" log -p -U0 --full-history --all --diff-filter=tuxdb | wc -c)
    echo "git-$(short "$r") commits=$(git -C "$d" rev-list --all --count) blob_bytes=${blobs% *} blobs=${blobs#* }" \
      "objects_dir_bytes=$(du -sb "$d/.git/objects" | cut -f1) log_patch_bytes=$patch"
  done
  echo "image bytes=$(stat -c %s "$IMG") layers=${#IMAGE_LAYERS[@]}"
  echo "precommit bytes=$(git -C "$PC" diff --cached | wc -c) files=$(git -C "$PC" diff --cached --name-only | wc -l)" \
    "repo_commits=$(git -C "$PC" rev-list --count HEAD) repo_files=$(git -C "$PC" ls-files | wc -l)"
} > "$CORPUS/SIZES.part"
mv "$CORPUS/SIZES.part" "$CORPUS/SIZES"
cat "$CORPUS/SIZES"
