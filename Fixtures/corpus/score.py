#!/usr/bin/env python3
"""Score a secret scanner's report against the corpus manifest written by generate.py.

    python3 Fixtures/corpus/score.py --manifest /tmp/corpus/manifest.json --report r.jsonl
    python3 Fixtures/corpus/score.py --manifest /tmp/corpus/manifest.json --report gl.json --format gitleaks

A planted secret is *found* when some occurrence is on the same file, within one line of the planted line (or inside
the reported span, for reports that give an end line), and its
secret equals the planted one, contains it, or is a substantial part of it (see `matches`). Precision is the share of
occurrences that find a planted secret (optional identifiers such as a Twilio account SID count as neither hit nor
miss for recall, but reporting them is not a false positive). Any occurrence in a hard-negative file is a false
positive. Exit status is 0, or 1 when --min-recall / --min-precision are given and not reached.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import re
import signal
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional
from urllib.parse import unquote

SEVERITIES = ["info", "low", "medium", "high", "critical"]


@dataclass
class Occurrence:
    path: str          # as reported
    rel: Optional[str]  # path relative to the corpus root, or None when it is not a corpus file
    line: int
    secret: str
    rule: str
    severity: str = ""
    match: str = ""    # gitleaks: the whole text the rule matched (its Secret is only a capture group)
    end_line: int = 0  # last line of the reported span when the report gives one (gitleaks EndLine)
    related_lines: tuple = ()  # lines of the other parts of a composite finding (stowaway `related`)
    parts: tuple = ()  # a composite finding's parts (stowaway joins them with " + ")


# -- reading reports ---------------------------------------------------------------------------------------------------

def read_jsonl(path: str, min_severity: Optional[str]) -> list[Occurrence]:
    out = []
    floor = SEVERITIES.index(min_severity) if min_severity else 0
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.strip()
            if not raw:
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as e:
                print(f"warning: {path}:{n}: not JSON ({e}); skipped", file=sys.stderr)
                continue
            if not isinstance(rec, dict) or "path" not in rec or "line" not in rec:
                continue
            sev = str(rec.get("severity") or "").lower()
            if sev in SEVERITIES and SEVERITIES.index(sev) < floor:
                continue
            related = [r for r in rec.get("related") or [] if isinstance(r, dict)]
            secret = str(rec.get("secret") or "")
            # A composite finding (key id and secret key) carries its parts joined by " + " and lists where the
            # other parts are: each part may find the secret planted at its own line.
            parts = tuple(secret.split(" + ")) if related else ()
            out.append(Occurrence(str(rec["path"]), None, int(rec.get("line") or 0), secret,
                                  str(rec.get("rule_id") or "?"), sev, end_line=int(rec.get("end_line") or 0),
                                  related_lines=tuple(int(r.get("line") or 0) for r in related), parts=parts))
    return out


def read_gitleaks(path: str) -> list[Occurrence]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f) or []
    return [Occurrence(str(x.get("File", "")), None, int(x.get("StartLine") or 0), str(x.get("Secret") or ""),
                       str(x.get("RuleID") or "?"), match=str(x.get("Match") or ""),
                       end_line=int(x.get("EndLine") or 0)) for x in data]


# -- paths -------------------------------------------------------------------------------------------------------------

def normaliser(root: str, known: set[str]):
    root = os.path.realpath(root)

    def rel(p: str) -> Optional[str]:
        p = p.replace("\\", "/")
        while p.startswith("./"):
            p = p[2:]
        if p in known or p == "manifest.json":
            return p
        for cand in (p, os.path.join(os.getcwd(), p)):
            full = os.path.realpath(cand)
            if full == root or full.startswith(root + os.sep):
                r = os.path.relpath(full, root).replace(os.sep, "/")
                if r in known or r == "manifest.json":
                    return r
        # last resort: a suffix that is a corpus path (reports made from another working directory)
        best = None
        for k in known:
            if p.endswith("/" + k) and (best is None or len(k) > len(best)):
                best = k
        if best is None and p.endswith("/manifest.json"):
            return "manifest.json"
        return best
    return rel


# -- matching ----------------------------------------------------------------------------------------------------------

_WS = re.compile(r"\\[nrt]|\s+")
_B64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


def squash(s: str) -> str:
    """Formatting-insensitive form: whitespace and escaped newlines removed (PEM blocks in YAML, JSON, .env)."""
    return _WS.sub("", s)


def longest_common(a: str, b: str) -> int:
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def decoded(reported: str) -> str:
    """The reported text base64-decoded, when it is base64 (a scanner may report an encoded credential)."""
    if not _B64.fullmatch(reported):
        return ""
    try:
        padded = reported + "=" * (-len(reported) % 4)
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return ""
    return raw.decode("utf-8", "replace")


def matches(reported: str, plant: dict) -> bool:
    """Is `reported` a report of `plant`?

    - exact, or a superset (the scanner reported more context: the whole URI, `user:password`, `KEY=value`);
    - the reported text is base64 whose decoding contains the secret (an encoded credential reported as such);
    - a substantial part: for composite secrets (URIs, connection strings) a part that contains the password
      (`core`); for private keys the BEGIN line or 40+ characters of the block; otherwise a stretch shared with the
      secret at least half its length, or a prefix of 20+ characters (a scanner that cut a long token short).
    Encoded plants (Kubernetes `data:`, docker `auth`) are also matched by their encoded text."""
    if not reported:
        return False
    secret = plant["secret"]
    dec = decoded(reported)
    if dec and len(secret) >= 8 and secret in dec:
        return True
    candidates = [secret] + ([plant["encoded_value"]] if plant.get("encoded_value") else [])
    # A scanner may report a percent-encoded value decoded (`p%40ss` in a URI is the password `p@ss`).
    if "%" in secret and unquote(secret) != secret:
        candidates.append(unquote(secret))
    for cand in candidates:
        for f in (lambda x: x, squash):
            a, b = f(reported), f(cand)
            if not a or not b:
                continue
            if b in a:
                return True
            if len(a) < 8:
                continue
            core = plant.get("core")
            if core and cand != plant.get("encoded_value"):
                if cand != secret:
                    core = unquote(core)
                if a in b and f(core) in a:
                    return True
                continue
            if plant["kind"].startswith("private-key") or plant["kind"] == "gcp-service-account-key":
                if a in b and ("PRIVATEKEY" in squash(a) or len(a) >= 40):
                    return True
                continue
            if b.startswith(a) and len(a) >= 20:
                return True
            if longest_common(a, b) * 2 >= len(b):
                return True
    return False


def score(manifest: dict, occs: list[Occurrence], root: str) -> dict:
    plants = manifest["secrets"]
    negatives = set(manifest.get("negative_files", []))
    known = set(manifest.get("positive_files", [])) | negatives | {p["path"] for p in plants}
    rel = normaliser(root, known)
    by_path: dict[str, list[int]] = {}
    for i, p in enumerate(plants):
        by_path.setdefault(p["path"], []).append(i)

    found = [False] * len(plants)
    tp, fps, ignored, secretless = [], [], 0, 0
    for o in occs:
        o.rel = rel(o.path)
        if o.rel == "manifest.json":
            ignored += 1
            continue
        if not o.secret:
            secretless += 1
        hit = False
        if o.rel is not None:
            for i in by_path.get(o.rel, []):
                p = plants[i]
                # within one line of the reported line, or inside the reported span when the report gives one
                near = o.line - 1 <= p["line"] <= max(o.line, o.end_line) + 1 or \
                    any(line - 1 <= p["line"] <= line + 1 for line in o.related_lines)
                if near and (matches(o.secret, p) or matches(o.match, p) or any(matches(x, p) for x in o.parts)):
                    found[i] = True
                    hit = True
        (tp if hit else fps).append(o)

    required = [i for i, p in enumerate(plants) if not p.get("optional")]
    n_found = sum(1 for i in required if found[i])
    per_kind: dict[str, list[int]] = {}
    per_context: dict[str, list[int]] = {}
    for i in required:
        p = plants[i]
        for table, key in ((per_kind, p["kind"]), (per_context, p["context"])):
            t = table.setdefault(key, [0, 0])
            t[1] += 1
            t[0] += found[i]
    total = len(tp) + len(fps)
    return {
        "planted": len(required), "found": n_found,
        "recall": n_found / len(required) if required else 0.0,
        "occurrences": total, "true_positives": len(tp), "false_positives": len(fps),
        "precision": len(tp) / total if total else 0.0,
        "false_positives_in_negative_files": sum(1 for o in fps if o.rel in negatives),
        "ignored_manifest_occurrences": ignored, "occurrences_without_secret": secretless,
        "per_kind": per_kind, "per_context": per_context,
        "misses": [plants[i] for i in required if not found[i]],
        "fp_list": fps,
    }


# -- output ------------------------------------------------------------------------------------------------------------

def clip(s: str, n: int = 60) -> str:
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[: n - 1] + "…"


def report(res: dict, max_list: int, out=sys.stdout) -> None:
    w = lambda s="": print(s, file=out)
    w(f"recall     {res['recall']:6.1%}  ({res['found']}/{res['planted']} planted secrets found)")
    w(f"precision  {res['precision']:6.1%}  ({res['true_positives']}/{res['occurrences']} occurrences match a planted "
      f"secret; {res['false_positives']} false positives, {res['false_positives_in_negative_files']} of them in "
      "hard-negative files)")
    if res["ignored_manifest_occurrences"]:
        w(f"           ({res['ignored_manifest_occurrences']} occurrences in manifest.json ignored)")
    if res["occurrences_without_secret"]:
        w(f"warning: {res['occurrences_without_secret']} occurrences carry no secret and cannot match "
          "(run the scanner with --show-secrets)")
    w()
    w("recall by context")
    for k, (f, t) in sorted(res["per_context"].items()):
        w(f"  {k:<12} {f:>4}/{t:<4} {f / t:6.1%}")
    w()
    w("recall by kind")
    for k, (f, t) in sorted(res["per_kind"].items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        w(f"  {k:<34} {f:>3}/{t:<3} {f / t:6.1%}")
    lim = (lambda xs: xs[:max_list]) if max_list else (lambda xs: xs)
    w()
    w(f"misses ({len(res['misses'])})")
    for p in lim(res["misses"]):
        enc = f" [{p['encoded']}]" if p.get("encoded") else ""
        w(f"  {p['path']}:{p['line']}  {p['kind']}{enc}  {clip(p['secret'])}")
    if max_list and len(res["misses"]) > max_list:
        w(f"  … {len(res['misses']) - max_list} more")
    w()
    w(f"false positives ({len(res['fp_list'])})")
    for o in lim(res["fp_list"]):
        where = o.rel or f"{o.path} (not a corpus file)"
        w(f"  {where}:{o.line}  {o.rule}  {clip(o.secret)}")
    if max_list and len(res["fp_list"]) > max_list:
        w(f"  … {len(res['fp_list']) - max_list} more")


def main(argv: Optional[list[str]] = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `score.py … | head` ends quietly
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True, help="manifest.json written by generate.py")
    ap.add_argument("--report", required=True, help="the scanner's report")
    ap.add_argument("--format", choices=["jsonl", "gitleaks"], default="jsonl",
                    help="jsonl: stowaway --format jsonl --show-secrets (default); gitleaks: gitleaks JSON report")
    ap.add_argument("--root", help="corpus directory the report's paths refer to (default: the manifest's folder)")
    ap.add_argument("--min-severity", choices=SEVERITIES, help="ignore jsonl occurrences below this severity")
    ap.add_argument("--min-recall", type=float, help="exit 1 when recall is below this fraction (e.g. 0.9)")
    ap.add_argument("--min-precision", type=float, help="exit 1 when precision is below this fraction")
    ap.add_argument("--max-list", type=int, default=0, help="list at most N misses and false positives (0: all)")
    ap.add_argument("--summary-json", help="also write the numbers as JSON to this file")
    args = ap.parse_args(argv)

    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)
    occs = read_gitleaks(args.report) if args.format == "gitleaks" else read_jsonl(args.report, args.min_severity)
    res = score(manifest, occs, args.root or os.path.dirname(os.path.abspath(args.manifest)))
    report(res, args.max_list)
    if args.summary_json:
        summary = {k: v for k, v in res.items() if k not in ("misses", "fp_list")}
        summary["misses"] = [{k: p[k] for k in ("path", "line", "kind")} for p in res["misses"]]
        summary["false_positive_list"] = [{"path": o.rel or o.path, "line": o.line, "rule": o.rule}
                                          for o in res["fp_list"]]
        with open(args.summary_json, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
            f.write("\n")
    status = 0
    if args.min_recall is not None and res["recall"] < args.min_recall:
        print(f"FAIL: recall {res['recall']:.3f} < {args.min_recall}", file=sys.stderr)
        status = 1
    if args.min_precision is not None and res["precision"] < args.min_precision:
        print(f"FAIL: precision {res['precision']:.3f} < {args.min_precision}", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
