#!/usr/bin/env bash
# How the HTML report copes with a large audit: generates a JSON report with N findings (default 10,000; synthetic,
# shaped like `stowaway git` output with some image-layer places), renders it with `stowaway report`, loads the page
# in headless Chromium and prints the page's own timings (data-render-ms: parse + every view; data-filter-ms: one
# filter/sort + redraw of the table page) next to the browser's wall time. Usage: Benchmarks/html-report.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release >/dev/null
stowaway=$(swift build -c release --show-bin-path)/stowaway

python3 - "$count" "$work/large.json" <<'PY'
import json, random, sys
count, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(99)
severities = ["critical", "high", "high", "medium", "medium", "medium", "low"]
findings = []
for i in range(count):
    month = i % 72
    path = f"services/service-{i % 200}/config/settings-{i % 7}.env"
    occurrences = [{"source": "git", "path": path, "line": i % 90 + 1, "column": 5, "end_line": i % 90 + 1, "end_column": 41,
                    "commit": f"{i * 7919:040x}", "author": f"Developer {i % 12}", "email": f"dev{i % 12}@example.com",
                    "date": f"{2019 + month // 12:04d}-{month % 12 + 1:02d}-{i % 28 + 1:02d}T12:00:00+00:00",
                    "refs": ["refs/heads/main"], "in_head": i % 3 == 0, "context": f"KEY_{i}=tok_*****"}]
    if i % 10 == 0:
        occurrences.append({"source": "image-layer", "path": "app/" + path, "line": 1, "column": 1, "end_line": 1, "end_column": 37,
                            "image": f"registry.example.com/service-{i % 5}:1", "layer_digest": f"sha256:{rnd.getrandbits(256):064x}",
                            "layer_index": i % 8, "created_by": "COPY services /app/services", "context": f"KEY_{i}=tok_*****"})
    findings.append({"rule_id": f"rule-{i % 40}", "rule_name": f"Rule {i % 40}", "severity": severities[i % 7], "confidence": "high",
                     "fingerprint": f"rule-{i % 40}:{rnd.getrandbits(256):064x}", "secret": "tok_*****", "message": "found",
                     "remediation": "Revoke it.", "occurrences": occurrences})
summary = {"files_scanned": count, "bytes_scanned": count * 400, "findings": count,
           "occurrences": sum(len(f["occurrences"]) for f in findings), "suppressed": 0, "hidden": 0, "rules": 391, "duration_seconds": 1.0}
json.dump({"tool": {"name": "stowaway", "version": "bench"}, "findings": findings, "summary": summary, "applied": {}, "errors": []},
          open(out, "w"), indent=2)
PY

start=$(date +%s.%N)
"$stowaway" report "$work/large.json" -o "$work/large.html"
echo "stowaway report: $(echo "$(date +%s.%N) - $start" | bc) s, page $(( $(stat -c %s "$work/large.html") / 1000000 )) MB for $count findings"

load() {  # fragment label
  local began dom attributes
  began=$(date +%s.%N)
  dom=$(chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$work/profile" --dump-dom "file://$work/large.html#$1" 2>/dev/null)
  attributes=$(grep -o '<body[^>]*>' <<<"$dom")
  printf '%-34s render %6s ms  filter+sort+page %6s ms  shown %6s  errors %s  (browser start to DOM %.1f s)\n' "$2" \
    "$(grep -o 'data-render-ms="[^"]*"' <<<"$attributes" | cut -d'"' -f2)" \
    "$(grep -o 'data-filter-ms="[^"]*"' <<<"$attributes" | cut -d'"' -f2)" \
    "$(grep -o 'data-shown="[^"]*"' <<<"$attributes" | cut -d'"' -f2)" \
    "$(grep -o 'data-errors="[^"]*"' <<<"$attributes" | cut -d'"' -f2)" \
    "$(echo "$(date +%s.%N) - $began" | bc)"
}
load "" "all findings, first page"
load "severity=high&path=service-7/" "severity + path filter"
load "q=developer%203" "free text over every field"
load "sort=date&dir=desc&page=50" "sort by date, page 50"
load "sort=path&status=history" "status filter, sort by path"
