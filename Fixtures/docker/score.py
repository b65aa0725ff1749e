#!/usr/bin/env python3
"""Score a stowaway JSONL report against the Docker corpus manifest: recall on leaks, findings on negatives.

    stowaway scan /tmp/docker-corpus/tree --format jsonl > /tmp/docker-report.jsonl
    python3 Fixtures/docker/score.py --manifest /tmp/docker-corpus/manifest.json --report /tmp/docker-report.jsonl

A leak counts as found when any finding is reported in its file at its line. Every finding in a negative file is a
false positive. Findings in leak files at other lines are listed as extra (context such as a second occurrence).
"""

import argparse
import collections
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    with open(args.manifest, encoding="utf-8") as handle:
        manifest = json.load(handle)
    found = collections.defaultdict(list)
    with open(args.report, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            found[record["path"]].append(record)

    misses = []
    matched_places = set()
    by_template = collections.Counter()
    missed_by_template = collections.Counter()
    for leak in manifest["leaks"]:
        path = "leaks/%s/%s" % (leak["case"], leak["file"])
        by_template[leak["template"]] += 1
        hits = [record for record in found.get(path, []) if record["line"] == leak["line"]]
        if hits:
            matched_places.add((path, leak["line"]))
        else:
            misses.append(leak)
            missed_by_template[leak["template"]] += 1
    negative_paths = {"negatives/%s/%s" % (entry["case"], entry["file"]) for entry in manifest["negatives"]}
    false_positives = [record for path in sorted(negative_paths) for record in found.get(path, [])]
    extra = [record for path, records in found.items() if path.startswith("leaks/")
             for record in records if (path, record["line"]) not in matched_places]

    total = len(manifest["leaks"])
    recall = 100.0 * (total - len(misses)) / total if total else 0.0
    negative_cases = {path.split("/")[1] for path in negative_paths}
    flagged_cases = {record["path"].split("/")[1] for record in false_positives}
    print("leaks found: %d / %d (recall %.1f %%)" % (total - len(misses), total, recall))
    print("negative files: %d in %d cases; findings on them: %d (cases with any: %d)" % (
        len(negative_paths), len(negative_cases), len(false_positives), len(flagged_cases)))
    print("extra findings in leak files at other lines: %d" % len(extra))
    if missed_by_template:
        print("missed by template: " + ", ".join("%s %d/%d" % (name, missed_by_template[name], by_template[name])
                                                for name in sorted(missed_by_template)))
    if args.verbose:
        for leak in misses:
            print("MISS leaks/%s/%s:%d (%s)" % (leak["case"], leak["file"], leak["line"], leak["template"]))
        for record in false_positives:
            print("FP   %s:%d %s" % (record["path"], record["line"], record["rule_id"]))
        for record in extra:
            print("EXTRA %s:%d %s" % (record["path"], record["line"], record["rule_id"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
