"""Tests of the corpus generator and the scorer (standard library only).

    python3 -m unittest discover -s Fixtures/corpus -p 'test_*.py'
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate as g  # noqa: E402
import score as s  # noqa: E402

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _b62decode(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 62 + B62.index(ch)
    return n


class Formats(unittest.TestCase):
    """Token formats as published; checksums verified the way independent verifiers do it."""

    def setUp(self):
        self.r = g.Rand(7)

    def test_github_and_npm_checksums(self):
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"]:
            for _ in range(50):
                tok = g.gh_style(self.r, prefix)
                self.assertRegex(tok, "^" + prefix + "[A-Za-z0-9]{36}$")
                body = tok[len(prefix):]
                # CRC32 of the 30 random characters (the prefix is not included), base62, zero-padded to 6
                self.assertEqual(zlib.crc32(body[:30].encode()), _b62decode(body[30:]))

    def test_gitlab_routable_token_decodes_like_gitlab(self):
        for _ in range(50):
            tok = g.gitlab_routable(self.r, "glpat-")
            self.assertRegex(tok, r"^glpat-[A-Za-z0-9_-]{27,300}\.01\.[0-9a-z]{2}[0-9a-z]{7}$")
            crc, body = tok[-7:], tok[:-7]
            self.assertEqual(int(crc, 36), zlib.crc32(body.encode()))
            prefixed_payload, version, length = body.split(".")
            payload = prefixed_payload[-int(length, 36):]
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
            routing = raw[16:-1].decode()
            self.assertEqual(raw[-1], len(routing))
            self.assertIn("o:", routing)

    def test_age_key_bech32_checksum(self):
        key = g.age_key(self.r)
        self.assertRegex(key, "^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$")
        hrp, data = key.lower().rsplit("1", 1)
        values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + [g._BECH32.index(c) for c in data]
        self.assertEqual(g._bech32_polymod(values), 1)

    def test_swarm_and_other_shapes(self):
        shapes = {
            "swarm-join-token": r"^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$",
            "swarm-unlock-key": r"^SWMKEY-1-[A-Za-z0-9+/]{43}$",
            "aws-access-key-id": r"^AKIA[A-Z2-7]{16}$",
            "aws-secret-key": r"^[A-Za-z0-9+/]{40}$",
            "gcp-api-key": r"^AIza[A-Za-z0-9_-]{35}$",
            "slack-bot-token": r"^xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}$",
            "slack-webhook": r"^https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}$",
            "stripe-secret-key": r"^sk_live_[A-Za-z0-9]{24,99}$",
            "sendgrid-api-key": r"^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$",
            "pypi-token": r"^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}$",
            "dockerhub-pat": r"^dckr_pat_[A-Za-z0-9_-]{27}$",
            "anthropic-api-key": r"^sk-ant-api03-[A-Za-z0-9_-]{93}AA$",
            "huggingface-token": r"^hf_[A-Za-z]{34}$",
            "openai-api-key": r"^sk-(proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})$",
            "vault-token": r"^(hvs\.[A-Za-z0-9_-]{90,120}|s\.[A-Za-z0-9]{24})$",
            "doppler-token": r"^dp\.(pt\.[A-Za-z0-9]{43}|st\.[a-z_]+\.[A-Za-z0-9]{40})$",
            "github-fine-grained-pat": r"^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$",
            "sentry-auth-token": r"^sntrys_eyJpYXQiO[A-Za-z0-9+/]+={0,2}_[A-Za-z0-9+/]{43}$",
            "jwt": r"^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$",
        }
        for kind, rx in shapes.items():
            for _ in range(20):
                self.assertRegex(g.make(self.r, kind).value, rx, kind)

    def test_pem_blocks(self):
        for kind, label in [("private-key-rsa", "RSA PRIVATE KEY"), ("private-key-ec", "EC PRIVATE KEY"),
                            ("private-key-pkcs8", "PRIVATE KEY"), ("private-key-openssh", "OPENSSH PRIVATE KEY")]:
            v = g.make(self.r, kind).value
            lines = v.split("\n")
            self.assertEqual(lines[0], f"-----BEGIN {label}-----")
            self.assertEqual(lines[-1], f"-----END {label}-----")
            der = base64.b64decode("".join(lines[1:-1]))
            if kind == "private-key-openssh":
                self.assertTrue(der.startswith(b"openssh-key-v1\x00"))
            else:
                self.assertEqual(der[0], 0x30)  # a DER SEQUENCE


class Corpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.texts, cls.manifest = g.build(1)

    def test_deterministic(self):
        texts, manifest = g.build(1)
        self.assertEqual(texts, self.texts)
        self.assertEqual(json.dumps(manifest, sort_keys=True), json.dumps(self.manifest, sort_keys=True))

    def test_other_seeds_pass_the_self_check(self):
        for seed in (2, 3):
            _, m = g.build(seed)  # build() runs check() and exits on any inconsistency
            self.assertGreater(m["stats"]["secrets"], 300)

    def test_size_and_coverage(self):
        st = self.manifest["stats"]
        self.assertGreaterEqual(st["positive_files"], 140)
        self.assertGreaterEqual(st["negative_files"], 110)
        self.assertGreaterEqual(st["secrets"], 380)
        self.assertGreaterEqual(st["kinds"], 80)
        self.assertEqual(set(st["by_context"]), {"dockerfile", "compose", "k8s", "ci", "dotfile", "source", "config"})
        for kind in ["aws-access-key-id", "aws-secret-key", "gcp-api-key", "gcp-service-account-key",
                     "azure-storage-connection-string", "github-pat", "github-fine-grained-pat", "github-oauth",
                     "github-app-token", "gitlab-pat", "gitlab-pat-routable", "slack-bot-token", "slack-user-token",
                     "slack-webhook", "stripe-secret-key", "sendgrid-api-key", "twilio-auth-token", "mailgun-api-key",
                     "npm-token", "pypi-token", "dockerhub-pat", "swarm-join-token", "swarm-unlock-key",
                     "openai-api-key", "anthropic-api-key", "huggingface-token", "datadog-api-key",
                     "sentry-auth-token", "shopify-access-token", "vault-token", "doppler-token", "age-secret-key",
                     "private-key-rsa", "private-key-ec", "private-key-openssh", "private-key-pkcs8", "jwt",
                     "postgres-uri", "mysql-uri", "mongodb-uri", "redis-uri", "amqp-uri", "jdbc-url",
                     "mssql-connection-string", "generic-password", "generic-api-key"]:
            self.assertGreaterEqual(st["by_kind"].get(kind, 0), 2, kind)

    def test_base64_plants(self):
        enc = [x for x in self.manifest["secrets"] if x.get("encoded")]
        self.assertTrue(any(x["path"].endswith("config.json") for x in enc))  # docker auth
        self.assertTrue(any("k8s" in x["context"] for x in enc))              # Secret data:
        for x in enc:
            line = self.texts[x["path"]].split("\n")[x["line"] - 1]
            self.assertIn(x["encoded_value"], line)

    def test_no_token_shaped_literals_in_the_sources(self):
        for name in ("generate.py", "score.py", "test_corpus.py", "README.md"):
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                text = f.read()
            for rx in [r"gh[pousr]_[A-Za-z0-9]{36}", r"github_pat_\w{82}", r"AKIA[A-Z0-9]{16}", r"xox[bp]-\d+-",
                       r"sk_live_[A-Za-z0-9]{20}", r"SWMTKN-1-[0-9a-z]{50}", r"glpat-[\w-]{20}", r"npm_[A-Za-z0-9]{36}",
                       r"AIza[\w-]{35}", r"-----BEGIN [A-Z ]*PRIVATE KEY-----\n[A-Za-z0-9+/]{40}"]:
                self.assertIsNone(re.search(rx, text), f"{name}: {rx}")

    def test_refuses_to_write_into_the_repository(self):
        out = os.path.join(HERE, "_out_should_not_exist")
        proc = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", out, "--quiet"],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertFalse(os.path.exists(out))


def occ(path, line, secret, rule="r"):
    return s.Occurrence(path, None, line, secret, rule)


class Scorer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.texts, cls.manifest = g.build(1)
        cls.by_kind = {}
        for x in cls.manifest["secrets"]:
            cls.by_kind.setdefault(x["kind"], x)

    def score(self, occs):
        return s.score(self.manifest, occs, "/nonexistent-root")

    def test_a_perfect_report_scores_100(self):
        res = self.score([occ(x["path"], x["line"], x["secret"]) for x in self.manifest["secrets"]])
        self.assertEqual(res["recall"], 1.0)
        self.assertEqual(res["precision"], 1.0)

    def test_accepted_variants(self):
        uri = self.by_kind["postgres-uri"]
        pem = self.by_kind["private-key-rsa"]
        gh = self.by_kind["github-pat"]
        enc = next(x for x in self.manifest["secrets"] if x.get("encoded") and x["context"] == "k8s")
        routable = self.by_kind["gitlab-pat-routable"]
        for plant, reported, line in [
            (uri, uri["core"], uri["line"]),                                   # the password of a URI
            (uri, "DATABASE_URL=" + uri["secret"], uri["line"] + 1),           # more context, next line
            (pem, pem["secret"].split("\n")[0], pem["line"]),                  # the BEGIN line of a key
            (pem, pem["secret"].replace("\n", "\\n"), pem["line"]),             # the block with escaped newlines
            (gh, gh["secret"], gh["line"] - 1),
            (gh, base64.b64encode(("bot:" + gh["secret"]).encode()).decode(), gh["line"]),  # encoded report
            (enc, enc["encoded_value"], enc["line"]),                          # undecoded k8s data value
            (routable, routable["secret"][:26], routable["line"]),            # a long token cut short
        ]:
            self.assertTrue(s.matches(reported, plant) and abs(line - plant["line"]) <= 1, (plant["kind"], reported))

    def test_rejected_variants(self):
        uri = self.by_kind["postgres-uri"]
        gh = self.by_kind["github-pat"]
        self.assertFalse(s.matches(uri["secret"].split("@")[1], uri))      # host part only
        self.assertFalse(s.matches(gh["secret"][:6], gh))                   # the prefix only
        self.assertFalse(s.matches(gh["secret"][10:25], gh))                # a short slice
        res = self.score([occ(gh["path"], gh["line"] + 2, gh["secret"])])  # two lines off
        self.assertEqual(res["found"], 0)
        self.assertEqual(res["false_positives"], 1)

    def test_a_composite_occurrence_finds_each_part_at_its_line(self):
        key_id = next(x for x in self.manifest["secrets"] if x["kind"] == "aws-access-key-id"
                      and x["path"].endswith(".json") and "AccessKey" in self.texts[x["path"]])
        secret = next(x for x in self.manifest["secrets"] if x["kind"] == "aws-secret-key" and x["path"] == key_id["path"])
        self.assertGreater(secret["line"] - key_id["line"], 1)  # more than the ±1 line tolerance apart
        pair = occ(key_id["path"], key_id["line"], key_id["secret"] + " + " + secret["secret"])
        pair.related_lines, pair.parts = (secret["line"],), (key_id["secret"], secret["secret"])
        res = self.score([pair])
        self.assertEqual(res["found"], 2)
        self.assertEqual(res["false_positives"], 0)

    def test_encoded_plants_decode_to_their_secret(self):
        kinds = {x["encoded"] for x in self.manifest["secrets"] if x.get("encoded")}
        self.assertEqual(kinds, {"base64", "percent", "escape", "hex"})
        percent = next(x for x in self.manifest["secrets"] if x.get("encoded") == "percent")
        self.assertNotIn(percent["secret"], percent["encoded_value"])
        self.assertTrue(s.matches(percent["secret"], percent))          # reported decoded
        hexed = next(x for x in self.manifest["secrets"] if x.get("encoded") == "hex")
        self.assertIn(hexed["secret"], bytes.fromhex(hexed["encoded_value"]).decode())

    def test_negative_files_and_manifest(self):
        neg = self.manifest["negative_files"][0]
        res = self.score([occ(neg, 1, "whatever-looks-secret"), occ("/tmp/x/manifest.json", 3, "abc")])
        self.assertEqual(res["false_positives_in_negative_files"], 1)
        self.assertEqual(res["ignored_manifest_occurrences"], 1)

    def test_report_formats_and_thresholds(self):
        gh = self.by_kind["github-pat"]
        with tempfile.TemporaryDirectory() as tmp:
            man = os.path.join(tmp, "manifest.json")
            with open(man, "w") as f:
                json.dump(self.manifest, f)
            jl = os.path.join(tmp, "r.jsonl")
            with open(jl, "w") as f:
                f.write(json.dumps({"rule_id": "github-pat", "severity": "critical", "path": os.path.join(tmp, gh["path"]),
                                    "line": gh["line"], "column": 1, "secret": gh["secret"]}) + "\n")
            gl = os.path.join(tmp, "gl.json")
            with open(gl, "w") as f:
                json.dump([{"RuleID": "github-pat", "File": os.path.join(tmp, gh["path"]), "StartLine": gh["line"],
                            "EndLine": gh["line"], "Secret": gh["secret"], "Match": gh["secret"]}], f)
            for fmt, rep in (("jsonl", jl), ("gitleaks", gl)):
                cmd = [sys.executable, os.path.join(HERE, "score.py"), "--manifest", man, "--report", rep,
                       "--format", fmt]
                ok = subprocess.run(cmd, capture_output=True, text=True)
                self.assertEqual(ok.returncode, 0, ok.stderr)
                self.assertIn("precision  100.0%", ok.stdout)
                low = subprocess.run(cmd + ["--min-recall", "0.5"], capture_output=True, text=True)
                self.assertEqual(low.returncode, 1)


if __name__ == "__main__":
    unittest.main()
