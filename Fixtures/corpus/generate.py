#!/usr/bin/env python3
"""Generate stowaway's accuracy corpus: realistic files with planted secrets, hard negatives and a manifest.

    python3 Fixtures/corpus/generate.py --out /tmp/corpus [--seed 1]

Everything is derived from the seed (Python's `random.Random`, standard library only), so the same seed always
writes the same bytes. No token-shaped literal is stored in this file: each planted secret is built at run time from
its published format (prefix, length, alphabet, checksum), and vendor documentation examples used as negatives are
assembled by concatenation. See README.md beside this file for the manifest format and the scoring rules.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import string
import struct
import sys
import zlib
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import unquote
import random

MANIFEST_VERSION = 1

# ---------------------------------------------------------------------------------------------------------------------
# Alphabets and the seeded random source
# ---------------------------------------------------------------------------------------------------------------------

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = UPPER + LOWER + DIGITS
B62 = DIGITS + UPPER + LOWER  # the order GitHub/npm checksums are encoded in
HEX = "0123456789abcdef"
HEXU = "0123456789ABCDEF"
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"
B36 = DIGITS + LOWER
B32 = UPPER + "234567"
PW_SYMBOLS = "!%*+-._~^"
PASSWORD_ALPHABET = ALNUM + PW_SYMBOLS
URL_SAFE_PW = ALNUM + "-_.~"

# Random parts are re-drawn if they happen to contain a word that placeholder filters rightly drop, so that a
# planted secret never looks like a placeholder by accident.
_PLACEHOLDER_WORDS = ("example", "test", "xxxx", "dummy", "sample", "fake", "changeme", "placeholder", "redact",
                      "secret", "passw", "token", "0000", "1234", "abcd", "aaaa", "demo", "null", "none", "todo")


def _looks_placeholder(s: str) -> bool:
    low = s.lower()
    return any(w in low for w in _PLACEHOLDER_WORDS)


class Rand:
    """The one random source of a run. Every draw goes through it, in a fixed order."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        for _ in range(100):
            out = "".join(self.r.choice(alphabet) for _ in range(n))
            if not _looks_placeholder(out):
                return out
        raise RuntimeError("could not draw a clean random string")

    def bytes(self, n: int) -> bytes:
        return bytes(self.r.getrandbits(8) for _ in range(n))

    def int(self, a: int, b: int) -> int:
        return self.r.randint(a, b)

    def choice(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def shuffle(self, seq) -> None:
        self.r.shuffle(seq)

    def sample(self, seq, k: int):
        return self.r.sample(seq, k)

    def digits(self, n: int) -> str:
        return str(self.r.randint(1, 9)) + "".join(self.r.choice(DIGITS) for _ in range(n - 1))

    def uuid(self) -> str:
        h = "".join(self.r.choice(HEX) for _ in range(32))
        h = h[:12] + "4" + h[13:16] + self.r.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hexs(self, n: int) -> str:
        return "".join(self.r.choice(HEX) for _ in range(n))

    def password(self, lo: int = 18, hi: int = 30, alphabet: str = PASSWORD_ALPHABET) -> str:
        """A high-entropy password that starts with a letter and mixes classes."""
        style = self.r.random()
        if alphabet == PASSWORD_ALPHABET and style < 0.45:
            alphabet = ALNUM                      # password-manager style, letters and digits only
        elif alphabet == PASSWORD_ALPHABET and style < 0.65:
            alphabet = ALNUM + "-_."
        while True:
            n = self.int(lo, hi)
            pw = self.r.choice(LOWER + UPPER) + self.s(alphabet, n - 1)
            classes = sum(any(c in cls for c in pw) for cls in (LOWER, UPPER, DIGITS))
            if classes == 3 and not _looks_placeholder(pw):
                return pw


# ---------------------------------------------------------------------------------------------------------------------
# Encodings and checksums used by real token formats
# ---------------------------------------------------------------------------------------------------------------------

def base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n, 62)
        out = B62[rem] + out
    return out.rjust(width, "0")


def base36(n: int, width: int = 0) -> str:
    out = ""
    while n:
        n, rem = divmod(n, 36)
        out = B36[rem] + out
    return (out or "0").rjust(width, "0")


def b64(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()


def b64url_nopad(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64_nopad(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def bech32_encode(hrp: str, data: bytes) -> str:
    acc, bits, five = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod(expanded + five + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in five + checksum)


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def pem(label: str, der: bytes, width: int = 64) -> str:
    body = "\n".join(wrap(b64(der), width))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"


def _ssh_string(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return b"\x81" + bytes([n])
    return b"\x82" + struct.pack(">H", n)


def _der_int(value: bytes) -> bytes:
    value = value.lstrip(b"\x00") or b"\x00"
    if value[0] & 0x80:
        value = b"\x00" + value
    return b"\x02" + _der_len(len(value)) + value


def _der_seq(*parts: bytes) -> bytes:
    body = b"".join(parts)
    return b"\x30" + _der_len(len(body)) + body


# ---------------------------------------------------------------------------------------------------------------------
# Token formats. Each returns a Tok: the kind, the value as written, and for composite values (URIs, connection
# strings) the `core` that must be part of any partial report (the password).
# ---------------------------------------------------------------------------------------------------------------------

@dataclass
class Tok:
    kind: str
    value: str
    core: Optional[str] = None
    optional: bool = False  # an identifier that may be reported but need not be (e.g. a Twilio account SID)


def gh_style(r: Rand, prefix: str) -> str:
    """GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: 30 random base62 characters followed by the CRC32 of
    those 30 characters in base62, zero-padded to 6. A checksum that needs no padding is preferred, so that
    verifiers which forget the padding accept the token too."""
    while True:
        body = r.s(ALNUM, 30)
        crc = zlib.crc32(body.encode())
        if crc >= 62 ** 5:
            return prefix + body + base62(crc, 6)


def gitlab_routable(r: Rand, prefix: str) -> str:
    """GitLab routable tokens (Authn::TokenField::Generator::RoutableToken): base64url(16 random bytes + routing
    payload + payload length byte) '.' version '.' base36 payload length, then CRC32 (base36, 7 chars) of all that."""
    routing = {"c": base36(r.int(1, 4)), "o": base36(r.int(1, 900000)), "u": base36(r.int(1, 30000000))}
    payload = "\n".join(f"{k}:{v}" for k, v in sorted(routing.items()))
    encodable = r.bytes(16) + payload.encode() + bytes([len(payload)])
    b64p = b64url_nopad(encodable)
    encoded = f"{prefix}{b64p}.{base36(1, 2)}.{base36(len(b64p), 2)}"
    return encoded + base36(zlib.crc32(encoded.encode()), 7)


def pypi_token(r: Rand, host: str = "pypi.org") -> str:
    """A PyPI API token: 'pypi-' + base64url of a version-2 macaroon (location, identifier, caveat, signature)."""
    def fld(tag: int, data: bytes) -> bytes:
        assert len(data) < 128
        return bytes([tag, len(data)]) + data
    caveat = json.dumps({"permissions": "user", "version": 1}).encode()
    if r.chance(0.4):
        caveat = json.dumps({"permissions": {"projects": [r.choice(["acme-utils", "billing-sdk", "pyfastq"])]},
                             "version": 1}).encode()
    mac = (b"\x02" + fld(1, host.encode()) + fld(2, r.uuid().encode()) + b"\x00"
           + fld(2, caveat) + b"\x00" + b"\x00" + fld(6, r.bytes(32)))
    return "pypi-" + b64url_nopad(mac)


def jwt(r: Rand, alg: str = "HS256", claims: Optional[dict] = None) -> str:
    header = {"alg": alg, "typ": "JWT"}
    if alg.startswith("RS"):
        header["kid"] = r.s(B64URL, 43)
    now = 1_700_000_000 + r.int(0, 60_000_000)
    payload = claims or {
        "sub": r.choice([r.uuid(), "svc-" + r.s(LOWER + DIGITS, 8), str(r.int(10000, 9999999))]),
        "iss": r.choice(["https://auth.acme-corp.io/", "billing-api", "https://login.northwind.dev"]),
        "iat": now, "exp": now + r.choice([3600, 86400, 31536000, 315360000]),
        "scope": r.choice(["read write", "admin", "orders:write payments:read", "deploy"]),
    }
    sig = r.bytes(256 if alg.startswith("RS") else 32)
    return ".".join([b64url_nopad(json.dumps(header, separators=(",", ":"))),
                     b64url_nopad(json.dumps(payload, separators=(",", ":"))), b64url_nopad(sig)])


def k8s_sa_jwt(r: Rand) -> str:
    ns = r.choice(["default", "ci", "monitoring", "payments"])
    sa = r.choice(["deployer", "ci-bot", "prometheus", "argocd-manager"])
    now = 1_700_000_000 + r.int(0, 60_000_000)
    claims = {"aud": ["https://kubernetes.default.svc.cluster.local"], "exp": now + 31536000, "iat": now,
              "iss": "https://kubernetes.default.svc.cluster.local",
              "kubernetes.io": {"namespace": ns, "serviceaccount": {"name": sa, "uid": r.uuid()}},
              "nbf": now, "sub": f"system:serviceaccount:{ns}:{sa}"}
    return jwt(r, "RS256", claims)


def rsa_pkcs1_der(r: Rand, bits: int = 2048) -> bytes:
    n = r.bytes(bits // 8)
    n = bytes([n[0] | 0x80]) + n[1:]
    half = bits // 16
    parts = [b"\x00", n, b"\x01\x00\x01", r.bytes(bits // 8), r.bytes(half), r.bytes(half), r.bytes(half),
             r.bytes(half), r.bytes(half)]
    return _der_seq(*(_der_int(p) if i else b"\x02\x01\x00" for i, p in enumerate(parts)))


def private_key_rsa(r: Rand) -> str:
    return pem("RSA PRIVATE KEY", rsa_pkcs1_der(r, r.choice([2048, 2048, 3072])))


def private_key_pkcs8(r: Rand) -> str:
    alg = _der_seq(b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", b"\x05\x00")
    inner = rsa_pkcs1_der(r, 2048)
    der = _der_seq(b"\x02\x01\x00", alg, b"\x04" + _der_len(len(inner)) + inner)
    return pem("PRIVATE KEY", der)


def private_key_ec(r: Rand) -> str:
    der = (b"\x30\x77\x02\x01\x01\x04\x20" + r.bytes(32) + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
           + b"\xa1\x44\x03\x42\x00\x04" + r.bytes(64))
    return pem("EC PRIVATE KEY", der)


def private_key_openssh(r: Rand, comment: str = "") -> str:
    pub = r.bytes(32)
    seed = r.bytes(32)
    pub_blob = _ssh_string(b"ssh-ed25519") + _ssh_string(pub)
    check = r.bytes(4)
    comment = comment or r.choice(["deploy@ci", "alice@laptop", "jenkins@build-01", "git@bastion"])
    priv = check + check + _ssh_string(b"ssh-ed25519") + _ssh_string(pub) + _ssh_string(seed + pub) + \
        _ssh_string(comment.encode())
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b"openssh-key-v1\x00" + _ssh_string(b"none") + _ssh_string(b"none") + _ssh_string(b"")
            + struct.pack(">I", 1) + _ssh_string(pub_blob) + _ssh_string(priv))
    return pem("OPENSSH PRIVATE KEY", blob, 70)


def private_key_pgp(r: Rand) -> str:
    body = b"\x95\x03\x98\x04" + struct.pack(">I", 1_600_000_000 + r.int(0, 99_999_999)) + b"\x01" + r.bytes(940)
    lines = wrap(b64(body), 64)
    crc = b64(struct.pack(">I", crc24(body))[1:])
    label = "PGP PRIVATE " + "KEY BLOCK"
    return f"-----BEGIN {label}-----\n\n" + "\n".join(lines) + "\n=" + crc + f"\n-----END {label}-----"


def ssh_public_key(r: Rand, comment: str) -> str:
    if r.chance(0.5):
        blob = _ssh_string(b"ssh-ed25519") + _ssh_string(r.bytes(32))
        return f"ssh-ed25519 {b64(blob)} {comment}"
    n = b"\x00" + bytes([r.int(0xC0, 0xFF)]) + r.bytes(255)
    blob = _ssh_string(b"ssh-rsa") + _ssh_string(b"\x01\x00\x01") + _ssh_string(n)
    return f"ssh-rsa {b64(blob)} {comment}"


def certificate_pem(r: Rand) -> str:
    """A certificate-shaped PEM (public material): SEQUENCE { tbs, alg, signature } with random contents."""
    tbs = _der_seq(b"\xa0\x03\x02\x01\x02", _der_int(r.bytes(16)), r.bytes(40), r.bytes(300), r.bytes(290))
    der = _der_seq(tbs, _der_seq(b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b", b"\x05\x00"),
                   b"\x03\x82\x01\x01\x00" + r.bytes(256))
    return pem("CERTIFICATE", der)


def public_key_pem(r: Rand) -> str:
    n = b"\x00" + bytes([r.int(0xC0, 0xFF)]) + r.bytes(255)
    rsa = _der_seq(_der_int(n), b"\x02\x03\x01\x00\x01")
    der = _der_seq(_der_seq(b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", b"\x05\x00"),
                   b"\x03" + _der_len(len(rsa) + 1) + b"\x00" + rsa)
    return pem("PUBLIC KEY", der)


HOSTS = {
    "postgres": ["db.internal.acme-corp.net", "orders-db.c3lrkq9v2xyt.eu-west-1.rds.amazonaws.com",
                 "10.20.4.17", "pg-primary.payments.svc.cluster.local", "postgres"],
    "mysql": ["mysql.prod.northwind.io", "legacy-db.c9akciq32bmx.us-east-1.rds.amazonaws.com", "mariadb", "10.0.3.21"],
    "mongodb": ["cluster0.a1b2c3d.mongodb.net", "prod-shard.x7k2m.mongodb.net", "analytics.q9zr4.mongodb.net"],
    "redis": ["redis-14523.c1.eu-west-1-2.ec2.cloud.redislabs.com", "cache.internal.acme-corp.net", "redis"],
    "amqp": ["rabbitmq.internal.acme-corp.net", "rattlesnake.rmq.cloudamqp.com", "rabbit"],
    "mssql": ["sql-prod-01.database.windows.net", "crm-sql.database.windows.net", "10.1.8.40"],
}
DB_USERS = ["app", "billing", "svc_orders", "admin", "root", "etl_writer", "api", "reporting", "sa", "webapp"]
DB_NAMES = ["orders", "billing", "app_production", "crm", "analytics", "inventory", "users", "payments"]


def db_uri(r: Rand, scheme: str) -> Tok:
    pw = r.password(16, 28, URL_SAFE_PW)
    user = r.choice(DB_USERS)
    if scheme in ("postgres", "postgresql"):
        host = r.choice(HOSTS["postgres"])
        v = f"{scheme}://{user}:{pw}@{host}:5432/{r.choice(DB_NAMES)}"
        if r.chance(0.4):
            v += "?sslmode=require"
        return Tok("postgres-uri", v, pw)
    if scheme == "mysql":
        v = f"mysql://{user}:{pw}@{r.choice(HOSTS['mysql'])}:3306/{r.choice(DB_NAMES)}"
        return Tok("mysql-uri", v, pw)
    if scheme == "mongodb":
        v = f"mongodb+srv://{user}:{pw}@{r.choice(HOSTS['mongodb'])}/{r.choice(DB_NAMES)}?retryWrites=true&w=majority"
        return Tok("mongodb-uri", v, pw)
    if scheme == "redis":
        host = r.choice(HOSTS["redis"])
        v = r.choice([f"redis://:{pw}@{host}:6379/0", f"rediss://default:{pw}@{host}:6380",
                      f"redis://default:{pw}@{host}:6379"])
        return Tok("redis-uri", v, pw)
    if scheme == "amqp":
        host = r.choice(HOSTS["amqp"])
        v = r.choice([f"amqp://{user}:{pw}@{host}:5672/", f"amqps://{user}:{pw}@{host}/{user}"])
        return Tok("amqp-uri", v, pw)
    raise ValueError(scheme)


def jdbc_url(r: Rand) -> Tok:
    pw = r.password(16, 26, URL_SAFE_PW)
    user = r.choice(DB_USERS)
    db = r.choice(DB_NAMES)
    form = r.int(0, 3)
    if form == 0:
        v = f"jdbc:postgresql://{r.choice(HOSTS['postgres'])}:5432/{db}?user={user}&password={pw}&ssl=true"
    elif form == 1:
        v = f"jdbc:mysql://{r.choice(HOSTS['mysql'])}:3306/{db}?user={user}&password={pw}&useSSL=true"
    elif form == 2:
        v = f"jdbc:sqlserver://{r.choice(HOSTS['mssql'])}:1433;databaseName={db};user={user};password={pw};encrypt=true"
    else:
        v = f"jdbc:oracle:thin:{user}/{pw}@//ora-prod.internal.acme-corp.net:1521/ORCLPDB1"
    return Tok("jdbc-url", v, pw)


def mssql_conn(r: Rand) -> Tok:
    pw = r.password(16, 26, ALNUM + "!*-_.~^")
    host = r.choice(HOSTS["mssql"])
    db = r.choice(DB_NAMES)
    user = r.choice(["sqladmin", "app_user", "sa", "crm_rw"])
    v = r.choice([
        f"Server=tcp:{host},1433;Initial Catalog={db};Persist Security Info=False;User ID={user};Password={pw};"
        f"MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;",
        f"Data Source={host};Initial Catalog={db};User Id={user};Password={pw};",
        f"Server={host};Database={db};User Id={user};Password={pw};TrustServerCertificate=true",
    ])
    return Tok("mssql-connection-string", v, pw)


def azure_storage(r: Rand) -> Tok:
    account = r.choice(["acmeprodstore", "billingexports", "stlogs" + r.s(LOWER + DIGITS, 6), "northwindmedia"])
    key = r.s(B64, 86) + "=="
    v = (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};"
         f"EndpointSuffix=core.windows.net")
    return Tok("azure-storage-connection-string", v, key)


def azure_sas_url(r: Rand) -> Tok:
    """A blob container SAS URL; `sig` (URL-encoded base64 HMAC) is what makes it a credential."""
    sig = r.s(ALNUM, 40) + r.choice(["%2B", "%2F", ""]) + r.s(ALNUM, 3) + "%3D"
    account = r.choice(["acmeprodstore", "billingexports", "northwindmedia"])
    v = (f"https://{account}.blob.core.windows.net/{r.choice(['exports', 'backups', 'uploads'])}?sv=2022-11-02"
         f"&ss=b&srt=co&sp=rwdlac&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig={sig}")
    return Tok("azure-sas-token", v, sig)


def sentry_org_token(r: Rand) -> str:
    org = r.choice(["acme", "northwind", "globex-inc", "initech"])
    payload = {"iat": round(1_700_000_000 + r.r.random() * 6e7, 6), "url": "https://sentry.io",
               "region_url": r.choice(["https://us.sentry.io", "https://de.sentry.io"]), "org": org}
    return "sntrys_" + b64(json.dumps(payload, separators=(",", ":"))) + "_" + b64_nopad(r.bytes(32))


def discord_bot_token(r: Rand) -> str:
    uid = str(r.int(10 ** 17, 2 * 10 ** 18))
    return b64url_nopad(uid) + "." + r.s(B64URL, 6) + "." + r.s(B64URL, 38)


def swarm_join(r: Rand) -> str:
    digest = int.from_bytes(r.bytes(32), "big")
    secret = int.from_bytes(r.bytes(16), "big")
    return f"SWMTKN-1-{base36(digest, 50)}-{base36(secret, 25)}"


def age_key(r: Rand) -> str:
    return bech32_encode("age-secret-key-", r.bytes(32)).upper()


def _tok(kind: str, fn: Callable[[Rand], str]) -> Callable[[Rand], Tok]:
    return lambda r: Tok(kind, fn(r))


def _stripe_body(r: Rand) -> str:
    return r.s(ALNUM, 24) if r.chance(0.4) else "51" + r.s(ALNUM, 97)


# kind -> (generator, names a developer gives it (UPPER_SNAKE), vendor label for client code)
KIND_SPECS: dict[str, tuple[Callable[[Rand], Tok], list[str], str]] = {
    "aws-access-key-id": (_tok("aws-access-key-id", lambda r: "AKIA" + r.s(B32, 16)),
                          ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "S3_ACCESS_KEY_ID"], "S3"),
    "aws-secret-key": (_tok("aws-secret-key", lambda r: r.s(B64, 40)),
                       ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "S3_SECRET_ACCESS_KEY"], "S3"),
    "aws-session-token": (_tok("aws-session-token", lambda r: "IQoJb3JpZ2luX2Vj" + r.s(B64, 372)),
                          ["AWS_SESSION_TOKEN"], "S3"),
    "gcp-api-key": (_tok("gcp-api-key", lambda r: "AIzaSy" + r.s(B64URL, 33)),
                    ["GOOGLE_API_KEY", "GOOGLE_MAPS_API_KEY", "FIREBASE_API_KEY", "GEMINI_API_KEY"], "Google"),
    "gcp-oauth-client-secret": (_tok("gcp-oauth-client-secret", lambda r: "GOCSPX-" + r.s(B64URL, 28)),
                                ["GOOGLE_CLIENT_SECRET", "GOOGLE_OAUTH_CLIENT_SECRET"], "Google"),
    "azure-storage-connection-string": (azure_storage, ["AZURE_STORAGE_CONNECTION_STRING", "STORAGE_CONNECTION"],
                                        "BlobService"),
    "azure-storage-key": (_tok("azure-storage-key", lambda r: r.s(B64, 86) + "=="),
                          ["AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "ARM_ACCESS_KEY"], "BlobService"),
    "azure-sas-token": (azure_sas_url, ["AZURE_BLOB_SAS_URL", "EXPORT_CONTAINER_SAS_URL"], "BlobService"),
    "azure-client-secret": (_tok("azure-client-secret", lambda r: r.s(ALNUM, 3) + r.choice(DIGITS) + "Q~"
                                 + r.s(ALNUM + "_~.-", 34)), ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"], "Azure"),
    "digitalocean-pat": (_tok("digitalocean-pat", lambda r: "dop_v1_" + r.hexs(64)),
                         ["DIGITALOCEAN_TOKEN", "DO_API_TOKEN"], "DigitalOcean"),
    "alibaba-access-key-id": (_tok("alibaba-access-key-id", lambda r: "LTAI5t" + r.s(ALNUM, 18)),
                              ["ALIBABA_CLOUD_ACCESS_KEY_ID"], "Alibaba"),
    "alibaba-secret-key": (_tok("alibaba-secret-key", lambda r: r.s(ALNUM, 30)),
                           ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], "Alibaba"),
    "cloudflare-api-token": (_tok("cloudflare-api-token", lambda r: r.s(B64URL, 40)),
                             ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"], "Cloudflare"),
    "heroku-api-key": (lambda r: Tok("heroku-api-key", r.uuid() if r.chance(0.4) else "HRKU-AA" + r.s(B64URL, 58)),
                       ["HEROKU_API_KEY"], "Heroku"),
    "github-pat": (_tok("github-pat", lambda r: gh_style(r, "ghp_")), ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT"],
                   "Github"),
    "github-fine-grained-pat": (_tok("github-fine-grained-pat",
                                     lambda r: "github_pat_11" + r.s(ALNUM, 20) + "_" + r.s(ALNUM, 59)),
                                ["GITHUB_TOKEN", "GH_PAT", "RELEASE_TOKEN"], "Github"),
    "github-oauth": (_tok("github-oauth", lambda r: gh_style(r, "gho_")), ["GITHUB_OAUTH_TOKEN", "GH_OAUTH_TOKEN"],
                     "Github"),
    "github-app-token": (_tok("github-app-token", lambda r: gh_style(r, r.choice(["ghs_", "ghu_"]))),
                         ["GITHUB_APP_TOKEN", "GH_INSTALLATION_TOKEN"], "Github"),
    "github-refresh-token": (_tok("github-refresh-token", lambda r: gh_style(r, "ghr_")),
                             ["GITHUB_REFRESH_TOKEN"], "Github"),
    "gitlab-pat": (_tok("gitlab-pat", lambda r: "glpat-" + r.s(B64URL, 20)),
                   ["GITLAB_TOKEN", "GITLAB_PRIVATE_TOKEN", "CI_PUSH_TOKEN"], "Gitlab"),
    "gitlab-pat-routable": (_tok("gitlab-pat-routable", lambda r: gitlab_routable(r, "glpat-")),
                            ["GITLAB_TOKEN", "GL_TOKEN", "GITLAB_API_TOKEN"], "Gitlab"),
    "gitlab-runner-token": (_tok("gitlab-runner-token", lambda r: "glrt-" + r.s(B64URL, 20)),
                            ["RUNNER_TOKEN", "CI_SERVER_TOKEN"], "Gitlab"),
    "gitlab-trigger-token": (_tok("gitlab-trigger-token", lambda r: "glptt-" + r.hexs(40)),
                             ["TRIGGER_TOKEN", "GITLAB_TRIGGER_TOKEN"], "Gitlab"),
    "gitlab-deploy-token": (_tok("gitlab-deploy-token", lambda r: "gldt-" + r.s(B64URL, 20)),
                            ["DEPLOY_TOKEN", "GITLAB_DEPLOY_TOKEN"], "Gitlab"),
    "atlassian-api-token": (_tok("atlassian-api-token", lambda r: "ATATT3xFfGF0" + r.s(B64URL, 171) + "="
                                 + r.s(HEXU, 8)), ["JIRA_API_TOKEN", "ATLASSIAN_API_TOKEN", "CONFLUENCE_TOKEN"],
                            "Jira"),
    "slack-bot-token": (_tok("slack-bot-token", lambda r: f"xoxb-{r.digits(12)}-{r.digits(13)}-{r.s(ALNUM, 24)}"),
                        ["SLACK_BOT_TOKEN", "SLACK_TOKEN"], "Slack"),
    "slack-user-token": (_tok("slack-user-token", lambda r: f"xoxp-{r.digits(12)}-{r.digits(12)}-{r.digits(13)}-"
                              f"{r.hexs(32)}"), ["SLACK_USER_TOKEN", "SLACK_LEGACY_TOKEN"], "Slack"),
    "slack-app-token": (_tok("slack-app-token", lambda r: f"xapp-1-A{r.s(UPPER + DIGITS, 10)}-{r.digits(13)}-"
                             f"{r.hexs(64)}"), ["SLACK_APP_TOKEN"], "Slack"),
    "slack-webhook": (_tok("slack-webhook", lambda r: f"https://hooks.slack.com/services/T{r.s(UPPER + DIGITS, 10)}/"
                           f"B{r.s(UPPER + DIGITS, 10)}/{r.s(ALNUM, 24)}"),
                      ["SLACK_WEBHOOK_URL", "SLACK_WEBHOOK", "ALERT_WEBHOOK"], "Slack"),
    "discord-webhook": (_tok("discord-webhook", lambda r: f"https://discord.com/api/webhooks/{r.digits(19)}/"
                             f"{r.s(B64URL, 68)}"), ["DISCORD_WEBHOOK_URL"], "Discord"),
    "discord-bot-token": (_tok("discord-bot-token", discord_bot_token), ["DISCORD_BOT_TOKEN", "DISCORD_TOKEN"],
                          "Discord"),
    "telegram-bot-token": (_tok("telegram-bot-token", lambda r: f"{r.digits(10)}:AA{r.s(B64URL, 33)}"),
                           ["TELEGRAM_BOT_TOKEN", "TELEGRAM_TOKEN"], "Telegram"),
    "msteams-webhook": (_tok("msteams-webhook", lambda r: f"https://acmecorp.webhook.office.com/webhookb2/{r.uuid()}@"
                             f"{r.uuid()}/IncomingWebhook/{r.hexs(32)}/{r.uuid()}"), ["TEAMS_WEBHOOK_URL"], "Teams"),
    "stripe-secret-key": (_tok("stripe-secret-key", lambda r: "sk_live_" + _stripe_body(r)),
                          ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY"], "Stripe"),
    "stripe-restricted-key": (_tok("stripe-restricted-key", lambda r: "rk_live_" + _stripe_body(r)),
                              ["STRIPE_RESTRICTED_KEY"], "Stripe"),
    "stripe-webhook-secret": (_tok("stripe-webhook-secret", lambda r: "whsec_" + r.s(ALNUM, 32)),
                              ["STRIPE_WEBHOOK_SECRET", "STRIPE_SIGNING_SECRET"], "Stripe"),
    "square-access-token": (_tok("square-access-token", lambda r: "EAAA" + r.s(B64URL, 60)),
                            ["SQUARE_ACCESS_TOKEN"], "Square"),
    "braintree-access-token": (_tok("braintree-access-token", lambda r: "access_token$production$"
                                    + r.s(LOWER + DIGITS, 16) + "$" + r.hexs(32)),
                               ["BRAINTREE_ACCESS_TOKEN", "PAYPAL_ACCESS_TOKEN"], "Braintree"),
    "shopify-access-token": (_tok("shopify-access-token", lambda r: "shpat_" + r.hexs(32)),
                             ["SHOPIFY_ACCESS_TOKEN", "SHOPIFY_ADMIN_TOKEN"], "Shopify"),
    "shopify-shared-secret": (_tok("shopify-shared-secret", lambda r: "shpss_" + r.hexs(32)),
                              ["SHOPIFY_API_SECRET", "SHOPIFY_SHARED_SECRET"], "Shopify"),
    "sendgrid-api-key": (_tok("sendgrid-api-key", lambda r: f"SG.{r.s(B64URL, 22)}.{r.s(B64URL, 43)}"),
                         ["SENDGRID_API_KEY", "SMTP_PASSWORD"], "SendGrid"),
    "twilio-account-sid": (lambda r: Tok("twilio-account-sid", "AC" + r.hexs(32), optional=True),
                           ["TWILIO_ACCOUNT_SID"], "Twilio"),
    "twilio-auth-token": (_tok("twilio-auth-token", lambda r: r.hexs(32)), ["TWILIO_AUTH_TOKEN"], "Twilio"),
    "twilio-api-key": (_tok("twilio-api-key", lambda r: "SK" + r.hexs(32)), ["TWILIO_API_KEY"], "Twilio"),
    "mailgun-api-key": (_tok("mailgun-api-key", lambda r: "key-" + r.hexs(32) if r.chance(0.5)
                             else f"{r.hexs(32)}-{r.hexs(8)}-{r.hexs(8)}"), ["MAILGUN_API_KEY"], "Mailgun"),
    "mailchimp-api-key": (_tok("mailchimp-api-key", lambda r: f"{r.hexs(32)}-us{r.int(2, 21)}"),
                          ["MAILCHIMP_API_KEY"], "Mailchimp"),
    "npm-token": (_tok("npm-token", lambda r: gh_style(r, "npm_")), ["NPM_TOKEN", "NODE_AUTH_TOKEN"], "Npm"),
    "pypi-token": (_tok("pypi-token", pypi_token), ["PYPI_TOKEN", "TWINE_PASSWORD", "PYPI_API_TOKEN"], "PyPI"),
    "dockerhub-pat": (_tok("dockerhub-pat", lambda r: "dckr_pat_" + r.s(B64URL, 27)),
                      ["DOCKERHUB_TOKEN", "DOCKER_PASSWORD", "REGISTRY_PASSWORD"], "Docker"),
    "rubygems-api-key": (_tok("rubygems-api-key", lambda r: "rubygems_" + r.hexs(48)),
                         ["GEM_HOST_API_KEY", "RUBYGEMS_API_KEY"], "RubyGems"),
    "nuget-api-key": (_tok("nuget-api-key", lambda r: "oy2" + r.s(LOWER + DIGITS, 43)),
                      ["NUGET_API_KEY", "NUGET_KEY"], "NuGet"),
    "artifactory-api-key": (_tok("artifactory-api-key", lambda r: "AKCp8" + r.s(ALNUM, 68)),
                            ["ARTIFACTORY_API_KEY", "JFROG_API_KEY", "ARTIFACTORY_PASSWORD"], "Artifactory"),
    "crates-io-token": (_tok("crates-io-token", lambda r: "cio" + r.s(ALNUM, 32)),
                        ["CARGO_REGISTRY_TOKEN", "CRATES_IO_TOKEN"], "Cargo"),
    "openai-api-key": (_tok("openai-api-key", lambda r: "sk-proj-" + r.s(B64URL, 74) + "T3BlbkFJ" + r.s(B64URL, 74)
                            if r.chance(0.7) else "sk-" + r.s(ALNUM, 20) + "T3BlbkFJ" + r.s(ALNUM, 20)),
                       ["OPENAI_API_KEY", "OPENAI_KEY", "LLM_API_KEY"], "OpenAI"),
    "anthropic-api-key": (_tok("anthropic-api-key", lambda r: "sk-ant-api03-" + r.s(B64URL, 93) + "AA"),
                          ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"], "Anthropic"),
    "huggingface-token": (_tok("huggingface-token", lambda r: "hf_" + r.s(UPPER + LOWER, 34)),
                          ["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN", "HUGGING_FACE_TOKEN"], "HuggingFace"),
    "replicate-api-token": (_tok("replicate-api-token", lambda r: "r8_" + r.s(ALNUM, 37)),
                            ["REPLICATE_API_TOKEN"], "Replicate"),
    "groq-api-key": (_tok("groq-api-key", lambda r: "gsk_" + r.s(ALNUM, 52)), ["GROQ_API_KEY"], "Groq"),
    "perplexity-api-key": (_tok("perplexity-api-key", lambda r: "pplx-" + r.s(ALNUM, 48)),
                           ["PERPLEXITY_API_KEY", "PPLX_API_KEY"], "Perplexity"),
    "datadog-api-key": (_tok("datadog-api-key", lambda r: r.hexs(32)), ["DD_API_KEY", "DATADOG_API_KEY"], "Datadog"),
    "datadog-app-key": (_tok("datadog-app-key", lambda r: r.hexs(40)), ["DD_APP_KEY", "DATADOG_APP_KEY"], "Datadog"),
    "sentry-auth-token": (_tok("sentry-auth-token", sentry_org_token), ["SENTRY_AUTH_TOKEN"], "Sentry"),
    "sentry-user-token": (_tok("sentry-user-token", lambda r: "sntryu_" + r.hexs(64)),
                          ["SENTRY_AUTH_TOKEN", "SENTRY_TOKEN"], "Sentry"),
    "sentry-dsn": (lambda r: Tok("sentry-dsn", f"https://{r.hexs(32)}@o{r.digits(6)}.ingest.us.sentry.io/"
                                 f"{r.digits(7)}", optional=True), ["SENTRY_DSN"], "Sentry"),
    "newrelic-user-api-key": (_tok("newrelic-user-api-key", lambda r: "NRAK-" + r.s(UPPER + DIGITS, 27)),
                              ["NEW_RELIC_API_KEY", "NEWRELIC_API_KEY"], "NewRelic"),
    "newrelic-license-key": (_tok("newrelic-license-key", lambda r: r.hexs(36) + "NRAL"),
                             ["NEW_RELIC_LICENSE_KEY"], "NewRelic"),
    "grafana-service-account-token": (_tok("grafana-service-account-token", lambda r: "glsa_" + r.s(ALNUM, 32) + "_"
                                           + r.hexs(8)), ["GRAFANA_TOKEN", "GRAFANA_SA_TOKEN"], "Grafana"),
    "dynatrace-api-token": (_tok("dynatrace-api-token", lambda r: "dt0c01." + r.s(UPPER + DIGITS, 24) + "."
                                 + r.s(UPPER + DIGITS, 64)), ["DT_API_TOKEN", "DYNATRACE_API_TOKEN"], "Dynatrace"),
    "vault-token": (_tok("vault-token", lambda r: "hvs.CAESI" + r.s(B64URL, 86) if r.chance(0.8)
                         else "s." + r.s(ALNUM, 24)), ["VAULT_TOKEN"], "Vault"),
    "terraform-cloud-token": (_tok("terraform-cloud-token", lambda r: r.s(ALNUM, 14) + ".atlasv1." + r.s(B64URL, 67)),
                              ["TFE_TOKEN", "TF_API_TOKEN", "TF_TOKEN_app_terraform_io"], "Terraform"),
    "doppler-token": (_tok("doppler-token", lambda r: "dp.pt." + r.s(ALNUM, 43) if r.chance(0.5)
                           else "dp.st." + r.choice(["prd", "stg", "dev_ci"]) + "." + r.s(ALNUM, 40)),
                      ["DOPPLER_TOKEN"], "Doppler"),
    "age-secret-key": (_tok("age-secret-key", age_key), ["SOPS_AGE_KEY", "AGE_SECRET_KEY"], "Age"),
    "pulumi-access-token": (_tok("pulumi-access-token", lambda r: "pul-" + r.hexs(40)),
                            ["PULUMI_ACCESS_TOKEN"], "Pulumi"),
    "swarm-join-token": (_tok("swarm-join-token", swarm_join), ["SWARM_JOIN_TOKEN", "SWARM_WORKER_TOKEN"], "Swarm"),
    "swarm-unlock-key": (_tok("swarm-unlock-key", lambda r: "SWMKEY-1-" + b64_nopad(r.bytes(32))),
                         ["SWARM_UNLOCK_KEY"], "Swarm"),
    "okta-api-token": (_tok("okta-api-token", lambda r: "00" + r.s(B64URL, 40)), ["OKTA_API_TOKEN", "OKTA_TOKEN"],
                       "Okta"),
    "linear-api-key": (_tok("linear-api-key", lambda r: "lin_api_" + r.s(ALNUM, 40)), ["LINEAR_API_KEY"], "Linear"),
    "notion-token": (_tok("notion-token", lambda r: "ntn_" + r.digits(11) + r.s(ALNUM, 35)),
                     ["NOTION_TOKEN", "NOTION_API_KEY"], "Notion"),
    "postman-api-key": (_tok("postman-api-key", lambda r: f"PMAK-{r.hexs(24)}-{r.hexs(34)}"),
                        ["POSTMAN_API_KEY"], "Postman"),
    "databricks-token": (_tok("databricks-token", lambda r: "dapi" + r.hexs(32)),
                         ["DATABRICKS_TOKEN"], "Databricks"),
    "jwt": (_tok("jwt", jwt), ["JWT_TOKEN", "API_BEARER_TOKEN", "SERVICE_JWT", "AUTH_TOKEN"], "Api"),
    "postgres-uri": (lambda r: db_uri(r, r.choice(["postgres", "postgresql"])), ["DATABASE_URL", "POSTGRES_URL",
                                                                               "PG_DSN"], "Postgres"),
    "mysql-uri": (lambda r: db_uri(r, "mysql"), ["DATABASE_URL", "MYSQL_URL"], "MySQL"),
    "mongodb-uri": (lambda r: db_uri(r, "mongodb"), ["MONGODB_URI", "MONGO_URL"], "Mongo"),
    "redis-uri": (lambda r: db_uri(r, "redis"), ["REDIS_URL", "CACHE_URL"], "Redis"),
    "amqp-uri": (lambda r: db_uri(r, "amqp"), ["AMQP_URL", "RABBITMQ_URL", "BROKER_URL"], "Rabbit"),
    "jdbc-url": (jdbc_url, ["JDBC_URL", "SPRING_DATASOURCE_URL", "DB_URL"], "Jdbc"),
    "mssql-connection-string": (mssql_conn, ["SQL_CONNECTION_STRING", "ConnectionStrings__Default"], "SqlServer"),
    "generic-password": (lambda r: Tok("generic-password", r.password()),
                         ["DB_PASSWORD", "ADMIN_PASSWORD", "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "SMTP_PASS",
                          "LDAP_BIND_PASSWORD", "KEYSTORE_PASSWORD", "REDIS_PASSWORD", "RABBITMQ_DEFAULT_PASS",
                          "ELASTIC_PASSWORD", "SFTP_PASSWORD", "SERVICE_PASSWORD"], "Service"),
    "generic-api-key": (lambda r: Tok("generic-api-key", r.choice([r.s(ALNUM, 32), r.s(ALNUM, 40), r.hexs(40),
                                                                   r.s(B64URL, 43)])),
                        ["API_KEY", "X_API_KEY", "PARTNER_API_KEY", "INTERNAL_API_TOKEN", "CLIENT_SECRET",
                         "ACCESS_TOKEN", "WEBHOOK_SIGNING_SECRET", "AUTH_TOKEN", "SERVICE_API_KEY"], "Partner"),
    "generic-secret": (lambda r: Tok("generic-secret", r.choice([r.hexs(64), r.hexs(128), r.s(B64, 44)])),
                       ["SECRET_KEY", "SECRET_KEY_BASE", "JWT_SECRET", "SESSION_SECRET", "APP_KEY", "ENCRYPTION_KEY",
                        "COOKIE_SECRET", "NEXTAUTH_SECRET"], "App"),
}

# Kinds placed by dedicated templates rather than as NAME=value slots.
PRIVATE_KEY_KINDS = {"private-key-rsa": private_key_rsa, "private-key-ec": private_key_ec,
                     "private-key-openssh": private_key_openssh, "private-key-pkcs8": private_key_pkcs8,
                     "private-key-pgp": private_key_pgp}


def make(r: Rand, kind: str) -> Tok:
    if kind in PRIVATE_KEY_KINDS:
        return Tok(kind, PRIVATE_KEY_KINDS[kind](r))
    tok = KIND_SPECS[kind][0](r)
    assert tok.kind == kind, (tok.kind, kind)
    return tok


def names_for(kind: str) -> list[str]:
    return KIND_SPECS[kind][1]


def vendor_for(kind: str) -> str:
    return KIND_SPECS[kind][2]


# ---------------------------------------------------------------------------------------------------------------------
# Files, planted secrets and the corpus
# ---------------------------------------------------------------------------------------------------------------------

_MARK = re.compile("\x00(\\d+)\x00")


@dataclass
class Plant:
    tok: Tok
    raw: str                      # the text written into the file
    encoded: Optional[str] = None  # "base64" when raw is an encoding that contains the credential
    line: int = 0


class Doc:
    """One file under construction. Secrets are inserted through `s()`, which returns a marker; rendering replaces
    the markers and records the 1-based line on which each secret starts."""

    def __init__(self, path: str, context: str, positive: bool):
        self.path = path
        self.context = context
        self.positive = positive
        self.lines: list[str] = []
        self.plants: list[Plant] = []
        self.binary: Optional[bytes] = None

    def s(self, tok: Tok, raw: Optional[str] = None, encoded: Optional[str] = None,
          transform: Optional[Callable[[str], str]] = None) -> str:
        if not self.positive:
            raise AssertionError(f"secret planted in negative file {self.path}")
        if raw is None:
            raw = transform(tok.value) if transform else tok.value
        self.plants.append(Plant(tok, raw, encoded))
        return f"\x00{len(self.plants) - 1}\x00"

    def b64(self, tok: Tok, prefix: str = "") -> str:
        """Plant `tok` base64-encoded (optionally after a prefix such as 'user:')."""
        return self.s(tok, raw=b64(prefix + tok.value), encoded="base64")

    def add(self, *lines: str) -> "Doc":
        for block in lines:
            self.lines.extend(block.split("\n"))
        return self

    def render(self) -> str:
        src = "\n".join(self.lines).rstrip("\n") + "\n"
        out, pos, line = [], 0, 1
        for m in _MARK.finditer(src):
            chunk = src[pos:m.start()]
            out.append(chunk)
            line += chunk.count("\n")
            plant = self.plants[int(m.group(1))]
            plant.line = line
            out.append(plant.raw)
            line += plant.raw.count("\n")
            pos = m.end()
        out.append(src[pos:])
        text = "".join(out)
        assert "\x00" not in text
        return text


class Deck:
    """Draws from a list in shuffled rounds so that every member is used about equally often."""

    def __init__(self, r: Rand, items: list):
        self.r, self.items, self.pending = r, list(items), []

    def draw(self):
        if not self.pending:
            self.pending = list(self.items)
            self.r.shuffle(self.pending)
        return self.pending.pop()


@dataclass
class Entry:
    name: str
    tok: Tok


UNIT_MEMBERS = {"aws-access-key-id", "aws-secret-key", "aws-session-token", "twilio-account-sid",
                "twilio-auth-token", "alibaba-access-key-id", "alibaba-secret-key", "datadog-app-key"}
# How often each slot unit is dealt relative to the others (real leaks are dominated by a few kinds).
UNIT_WEIGHTS = {"aws": 3, "generic-api-key": 3, "generic-secret": 2, "github-pat": 2, "stripe-secret-key": 2,
                "openai-api-key": 2, "jwt": 2, "postgres-uri": 2}


class Corpus:
    def __init__(self, seed: int):
        self.seed = seed
        self.r = Rand(seed)
        self.docs: dict[str, Doc] = {}
        self.units = ["aws", "twilio", "alibaba", "datadog"] + [k for k in KIND_SPECS if k not in UNIT_MEMBERS]
        self.counts: dict[str, int] = {}
        self.pools: dict[tuple, Deck] = {}

    # -- paths -------------------------------------------------------------------------------------------------------
    def new(self, path: str, context: str, positive: bool = True) -> Doc:
        path = self.unique(path)
        d = Doc(path, context, positive)
        self.docs[path] = d
        return d

    def unique(self, path: str) -> str:
        """`path`, or if taken the same file in another project or home directory, or at last in a sub-folder."""
        if path not in self.docs:
            return path
        parts = path.split("/")
        if parts[0] in ("repos", "homes") and len(parts) > 2:
            others = list(PROJECTS if parts[0] == "repos" else USERS)
            self.r.shuffle(others)
            for o in others:
                cand = "/".join([parts[0], o] + parts[2:])
                if cand not in self.docs:
                    return cand
        head, tail = os.path.split(path)
        for sub in ["svc", "worker", "api", "jobs", "v2", "legacy", "tools", "staging", "prod", "old", "next",
                    "extra", "alt", "backup", "archive", "ci", "ops", "cron", "admin", "edge"]:
            cand = os.path.join(head, sub, tail)
            if cand not in self.docs:
                return cand
        n = 2
        while f"{path}.{n}" in self.docs:
            n += 1
        return f"{path}.{n}"

    # -- drawing secrets ---------------------------------------------------------------------------------------------
    def tok(self, kind: str) -> Tok:
        tok = make(self.r, kind)
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return tok

    def pick(self, kinds: list[str]) -> str:
        key = tuple(kinds)
        if key not in self.pools:
            self.pools[key] = Deck(self.r, kinds)
        return self.pools[key].draw()

    def tok_of(self, kinds: list[str]) -> Tok:
        """A token of whichever of `kinds` has been planted least so far (ties broken at random)."""
        low = min(self.counts.get(k, 0) for k in kinds)
        return self.tok(self.r.choice([k for k in kinds if self.counts.get(k, 0) == low]))

    def unit(self, name: Optional[str] = None, session: bool = False) -> list[Entry]:
        r = self.r
        u = name or self.next_unit()
        if u == "aws":
            prefix = r.choice(["AWS", "AWS", "S3", "BACKUP_AWS"])
            out = [Entry(f"{prefix}_ACCESS_KEY_ID", self.tok("aws-access-key-id")),
                   Entry(f"{prefix}_SECRET_ACCESS_KEY", self.tok("aws-secret-key"))]
            if session or r.chance(0.15):
                sess = self.tok("aws-session-token")
                out[0].tok.value = "ASIA" + out[0].tok.value[4:]
                out.append(Entry(f"{prefix}_SESSION_TOKEN", sess))
            return out
        if u == "twilio":
            return [Entry("TWILIO_ACCOUNT_SID", self.tok("twilio-account-sid")),
                    Entry("TWILIO_AUTH_TOKEN", self.tok("twilio-auth-token"))]
        if u == "alibaba":
            return [Entry("ALIBABA_CLOUD_ACCESS_KEY_ID", self.tok("alibaba-access-key-id")),
                    Entry("ALIBABA_CLOUD_ACCESS_KEY_SECRET", self.tok("alibaba-secret-key"))]
        if u == "datadog":
            return [Entry("DD_API_KEY", self.tok("datadog-api-key")), Entry("DD_APP_KEY", self.tok("datadog-app-key"))]
        tok = self.tok(u)
        return [Entry(r.choice(names_for(u)), tok)]

    def next_unit(self) -> str:
        """The slot unit used least so far relative to its weight (ties broken at random), so that every kind is
        planted several times whatever the templates draw directly."""
        primary = {"aws": "aws-secret-key", "twilio": "twilio-auth-token", "alibaba": "alibaba-secret-key",
                   "datadog": "datadog-app-key"}
        scores = [(self.counts.get(primary.get(u, u), 0) / UNIT_WEIGHTS.get(u, 1), u) for u in self.units]
        low = min(s for s, _ in scores)
        return self.r.choice([u for s, u in scores if s == low])

    def entries(self, n_units: int) -> list[Entry]:
        out: list[Entry] = []
        seen: set[str] = set()
        for _ in range(n_units):
            for e in self.unit():
                name = e.name
                k = 2
                while name in seen:
                    name = f"{e.name}_{k}"
                    k += 1
                seen.add(name)
                out.append(Entry(name, e.tok))
        return out


# ---------------------------------------------------------------------------------------------------------------------
# Name styles and value quoting
# ---------------------------------------------------------------------------------------------------------------------

def words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\-.]+", name) if w]


def snake(name: str) -> str:
    return "_".join(w.lower() for w in words(name))


def camel(name: str) -> str:
    ws = [w.lower() for w in words(name)]
    return ws[0] + "".join(w.capitalize() for w in ws[1:])


def pascal(name: str) -> str:
    return "".join(w.lower().capitalize() for w in words(name))


def kebab(name: str) -> str:
    return "-".join(w.lower() for w in words(name))


def dotted(name: str) -> str:
    ws = [w.lower() for w in words(name)]
    return ws[0] + "." + "-".join(ws[1:]) if len(ws) > 1 else ws[0]


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def yaml_safe(v: str) -> bool:
    return not (": " in v or " #" in v or v[:1] in "!&*%@`'\"{[>|-?,#" or v.endswith(":"))


def env_assign(d: Doc, r: Rand, e: Entry, export: bool = False) -> str:
    v = d.s(e.tok)
    q = r.choice(["", "", '"', "'"]) if re.fullmatch(r"[\w.:/@+=~%^!*,-]+", e.tok.value) else '"'
    if "$" in e.tok.value:
        q = "'"
    prefix = "export " if export else ""
    return f"{prefix}{e.name}={q}{v}{q}"


def yq(r: Rand, d: Doc, tok: Tok) -> str:
    q = r.choice(["", "", '"', "'"])
    if not yaml_safe(tok.value) and not q:
        q = '"'
    return f"{q}{d.s(tok)}{q}"


def comment_line(r: Rand, mark: str) -> str:
    return mark + " " + r.choice([
        "TODO: move to vault before go-live", "temporary, rotate after migration", "prod credentials",
        "do not commit (oops)", "copied from 1password", "see INFRA-2231", "set by ops", "used by nightly job",
        "legacy integration, still in use", "shared with the staging stack"])


PROJECTS = ["billing-api", "storefront-web", "data-pipeline", "infra-live", "platform-charts", "ios-app",
            "android-app", "ml-inference", "auth-service", "notifier", "legacy-shop", "ops-scripts",
            "payments-gateway", "search-indexer", "analytics-etl", "mobile-backend", "edge-proxy", "crm-sync"]
USERS = ["deploy", "ci-runner", "alice", "bob", "jenkins", "ubuntu", "mkowalski", "svc-build"]
REGISTRIES = ["registry.gitlab.com", "ghcr.io", "docker.io", "acme.jfrog.io", "123456789012.dkr.ecr.eu-west-1"
              ".amazonaws.com", "harbor.internal.acme-corp.net", "quay.io"]


def repo(c: Corpus, *parts: str, project: Optional[str] = None) -> str:
    return "/".join(["repos", project or c.r.choice(PROJECTS), *parts])


def home(c: Corpus, *parts: str) -> str:
    return "/".join(["homes", c.r.choice(USERS), *parts])


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: Dockerfiles
# ---------------------------------------------------------------------------------------------------------------------

BASES = [("python:3.12-slim", "python"), ("node:20-alpine", "node"), ("golang:1.22-bookworm", "go"),
         ("eclipse-temurin:21-jre-jammy", "java"), ("ruby:3.3-slim", "ruby"), ("php:8.3-apache", "php"),
         ("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet"), ("debian:bookworm-slim", "debian"),
         ("alpine:3.19", "alpine")]


def df_head(c: Corpus, d: Doc) -> str:
    r = c.r
    base, lang = r.choice(BASES)
    if r.chance(0.3):
        d.add("# syntax=docker/dockerfile:1.7")
    d.add(f"FROM {base}", "")
    if r.chance(0.5):
        d.add('LABEL maintainer="platform-team@acme-corp.net" \\',
              f'      org.opencontainers.image.source="https://github.com/acme-corp/{r.choice(PROJECTS)}"', "")
    d.add("WORKDIR /app")
    return lang


def df_tail(c: Corpus, d: Doc, lang: str) -> None:
    r = c.r
    cmd = {"python": '["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi:application"]',
           "node": '["node", "dist/server.js"]', "go": '["/usr/local/bin/app"]',
           "java": '["java", "-jar", "/app/app.jar"]', "ruby": '["bundle", "exec", "puma", "-C", "config/puma.rb"]',
           "php": '["apache2-foreground"]', "dotnet": '["dotnet", "Api.dll"]', "debian": '["/entrypoint.sh"]',
           "alpine": '["/entrypoint.sh"]'}[lang]
    d.add("COPY . .")
    if r.chance(0.5):
        d.add(f"EXPOSE {r.choice(['8000', '8080', '3000', '5000', '80'])}")
    if r.chance(0.4):
        d.add("USER 10001")
    d.add(f"CMD {cmd}")


def dockerfile_positive(c: Corpus, variant: int) -> None:
    r = c.r
    name = r.choice(["Dockerfile", "Dockerfile", "Dockerfile", "Dockerfile.prod", "build/Dockerfile",
                     "docker/app.Dockerfile", "Containerfile", "deploy/Dockerfile"])
    d = c.new(repo(c, name), "dockerfile")
    if variant == 14:  # Windows image with the escape directive: backtick continuations
        d.add("# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022", "SHELL [\"powershell\", \"-Command\"]",
              "WORKDIR C:\\app")
        es = c.entries(2)
        d.add("ENV ASPNETCORE_ENVIRONMENT=Production `")
        for i, e in enumerate(es):
            d.add(f"    {e.name}={env_assign(d, r, e).split('=', 1)[1]}" + (" `" if i < len(es) - 1 else ""))
        d.add("COPY publish/ C:/app/", 'ENTRYPOINT ["dotnet", "Api.dll"]')
        return
    lang = df_head(c, d)
    if variant == 0:  # ENV k=v, one per line or several on a line
        d.add("ENV PYTHONUNBUFFERED=1 \\", "    PORT=8000")
        for e in c.entries(r.int(1, 2)):
            if r.chance(0.3):
                d.add(f"ENV LOG_LEVEL=info {env_assign(d, r, e)}")
            else:
                d.add(f"ENV {env_assign(d, r, e)}")
        d.add("RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\",
              "    && rm -rf /var/lib/apt/lists/*")
    elif variant == 1:  # legacy ENV KEY value
        d.add("ENV NODE_ENV production")
        for e in c.entries(r.int(1, 2)):
            d.add(f"ENV {e.name} {d.s(e.tok)}")
        d.add("RUN npm ci --omit=dev")
    elif variant == 2:  # multi-line ENV with continuations and a comment line inside
        es = c.entries(r.int(2, 3))
        d.add("ENV APP_ENV=production \\", "    APP_PORT=8080 \\")
        for i, e in enumerate(es):
            if i == 1 and r.chance(0.5):
                d.add("    # credentials for the reporting integration")
            d.add(f"    {env_assign(d, r, e)}" + (" \\" if i < len(es) - 1 else ""))
        d.add("RUN ./scripts/prepare.sh")
    elif variant == 3:  # ARG defaults
        d.add("ARG BUILD_DATE", "ARG VERSION=1.4.2")
        for e in c.entries(r.int(1, 2)):
            d.add(f"ARG {env_assign(d, r, e)}")
            if r.chance(0.5):
                d.add(f"ENV {e.name}=${{{e.name}}}")
        d.add('RUN echo "building $VERSION"')
    elif variant == 4:  # curl -u / bearer header
        tok = c.tok_of(["generic-password", "artifactory-api-key", "generic-api-key"])
        user = r.choice(["deploy", "ci-bot", "admin", "svc-artifacts"])
        d.add(f"RUN curl -fsSL -u {user}:{d.s(tok)} \\",
              "      https://acme.jfrog.io/artifactory/libs-release/com/acme/core/2.3.1/core-2.3.1.jar \\",
              "      -o /app/lib/core.jar")
        tok2 = c.tok_of(["github-pat", "gitlab-pat", "jwt", "generic-api-key", "github-fine-grained-pat"])
        d.add(f'RUN curl -sS -H "Authorization: Bearer {d.s(tok2)}" \\',
              '      https://api.github.com/repos/acme-corp/assets/releases/latest -o /tmp/release.json')
    elif variant == 5:  # docker login -p
        tok = c.tok_of(["dockerhub-pat", "generic-password", "github-pat", "gitlab-deploy-token"])
        reg = r.choice(REGISTRIES)
        d.add("RUN apk add --no-cache docker-cli",
              f"RUN docker login -u {r.choice(['acmebot', 'ci', 'deployer'])} -p {d.s(tok)} {reg} \\",
              f"    && docker pull {reg}/acme/base-tools:latest")
    elif variant == 6:  # git clone with credentials in the URL
        tok = c.tok_of(["github-pat", "gitlab-pat", "github-app-token", "gitlab-pat-routable", "gitlab-deploy-token"])
        if tok.kind.startswith("github"):
            user = "x-access-token:" if tok.kind == "github-app-token" else r.choice(["", "acme-bot:"])
            url = f"https://{user}{d.s(tok)}@github.com/acme-corp/shared-lib.git"
        else:
            url = f"https://{r.choice(['oauth2', 'gitlab-ci-token', 'deploy'])}:{d.s(tok)}@gitlab.com/acme/shared-lib.git"
        d.add("RUN apt-get update && apt-get install -y git",
              f"RUN git clone --depth 1 {url} /opt/shared-lib \\", "    && pip install /opt/shared-lib")
    elif variant == 7:  # npm config set //registry:_authToken
        tok = c.tok("npm-token")
        if r.chance(0.5):
            d.add(f"RUN npm config set //registry.npmjs.org/:_authToken={d.s(tok)} && npm ci")
        else:
            d.add(f'RUN echo "//registry.npmjs.org/:_authToken={d.s(tok)}" > .npmrc \\',
                  "    && npm ci && rm -f .npmrc")
        d.add("RUN npm run build")
    elif variant == 8:  # echo ... > ~/.netrc
        tok = c.tok_of(["github-pat", "generic-password", "gitlab-pat", "artifactory-api-key"])
        host = {"github-pat": "github.com", "gitlab-pat": "gitlab.com"}.get(tok.kind, "nexus.internal.acme-corp.net")
        d.add(f'RUN echo "machine {host} login {r.choice(["acme-bot", "deploy", "ci"])} password {d.s(tok)}" '
              "> ~/.netrc && chmod 600 ~/.netrc", "RUN go mod download")
    elif variant == 9:  # mysql -p<password>
        tok = c.tok("generic-password")
        d.add("RUN apt-get update && apt-get install -y default-mysql-client", "COPY schema.sql /tmp/schema.sql")
        form = r.choice(["-p{}", "-p'{}'", '--password="{}"', "--password={}"])
        d.add(f"RUN mysql -h {r.choice(HOSTS['mysql'])} -u root {form.format(d.s(tok))} orders < /tmp/schema.sql")
    elif variant == 10:  # JAVA_OPTS with -D system properties
        tok = c.tok("generic-password")
        d.add("COPY target/app.jar /app/app.jar",
              f'ENV JAVA_OPTS="-Xms256m -Xmx1g -Ddb.user=orders -Ddb.password={d.s(tok)} '
              '-Dspring.profiles.active=prod"')
        if r.chance(0.5):
            t2 = c.tok("jdbc-url")
            d.add(f'ENV SPRING_DATASOURCE_URL="{d.s(t2)}"')
        d.add('ENTRYPOINT ["sh", "-c", "java $JAVA_OPTS -jar /app/app.jar"]')
        return
    elif variant == 11:  # heredoc writing config files
        tok = c.tok("pypi-token")
        d.add("RUN <<EOF cat > /root/.pypirc", "[distutils]", "index-servers = pypi", "", "[pypi]",
              "username = __token__", f"password = {d.s(tok)}", "EOF")
        if r.chance(0.6):
            t2 = c.tok("generic-password")
            d.add("RUN <<EOF cat > /etc/pip.conf", "[global]",
                  f"extra-index-url = https://ci:{d.s(t2)}@nexus.internal.acme-corp.net/repository/pypi/simple",
                  "EOF")
        d.add("RUN pip install --no-cache-dir build twine")
    elif variant == 12:  # JSON-form RUN and ENTRYPOINT with credentials
        tok = c.tok_of(["generic-password", "generic-api-key"])
        d.add(f'RUN ["/bin/sh", "-c", "curl -fsS --user admin:{d.s(tok)} https://nexus.internal.acme-corp.net/'
              'service/rest/v1/status"]')
        e = c.entries(1)[0]
        d.add(f'ENTRYPOINT ["/app/server", "--{kebab(e.name)}={d.s(e.tok)}"]')
        return
    elif variant == 13:  # multi-stage: secret in the build stage only (still in the build cache and history)
        tok = c.tok_of(["github-pat", "npm-token", "gitlab-pat", "github-fine-grained-pat"])
        d.add(f"ARG GIT_TOKEN={d.s(tok)}", "RUN git config --global url.\"https://${GIT_TOKEN}@github.com/\""
              ".insteadOf \"https://github.com/\"", "RUN go build -o /out/app ./cmd/app", "",
              "FROM gcr.io/distroless/base-debian12", "COPY --from=0 /out/app /app")
        e = c.entries(1)[0]
        d.add(f"ENV {env_assign(d, r, e)}", 'ENTRYPOINT ["/app"]')
        return
    elif variant == 15:  # pip index URL with credentials, private key written with printf
        t1 = c.tok_of(["generic-password", "artifactory-api-key"])
        d.add(f"RUN pip install --index-url https://build:{d.s(t1)}@acme.jfrog.io/artifactory/api/pypi/pypi/simple "
              "-r requirements.txt")
        key = c.tok_of(["private-key-openssh", "private-key-rsa"])
        esc = key.value.replace("\n", "\\n")
        d.add("RUN mkdir -p /root/.ssh && chmod 700 /root/.ssh",
              f"RUN printf '{d.s(key, raw=esc)}\\n' > /root/.ssh/id_rsa && chmod 600 /root/.ssh/id_rsa",
              "RUN ssh-keyscan github.com >> /root/.ssh/known_hosts")
    elif variant == 16:  # ${VAR:-default} leaks its default
        for e in c.entries(r.int(1, 2)):
            d.add(f'ENV {e.name}="${{{e.name}:-{d.s(e.tok)}}}"')
        d.add("RUN make build")
    df_tail(c, d, lang)


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: Compose
# ---------------------------------------------------------------------------------------------------------------------

def compose_positive(c: Corpus, variant: int) -> None:
    r = c.r
    name = r.choice(["docker-compose.yml", "docker-compose.yaml", "compose.yaml", "docker-compose.prod.yml",
                     "deploy/docker-compose.yml", "docker-compose.override.yml"])
    d = c.new(repo(c, name), "compose")
    if r.chance(0.5):
        d.add('version: "3.9"', "")
    d.add("services:")
    pw = c.tok("generic-password")
    if variant in (0, 3):  # list form
        d.add("  api:", f"    image: {r.choice(REGISTRIES)}/acme/api:{r.choice(['1.8.2', 'main', 'latest'])}",
              "    restart: unless-stopped", "    ports:", '      - "8080:8080"', "    environment:",
              "      - NODE_ENV=production", "      - LOG_LEVEL=info")
        for e in c.entries(r.int(2, 3)):
            q = r.choice(["", '"'])
            if q:
                d.add(f'      - "{e.name}={d.s(e.tok)}"')
            else:
                d.add(f"      - {e.name}={d.s(e.tok)}")
        d.add("    depends_on:", "      - db", "")
        d.add("  db:", "    image: postgres:16-alpine", "    environment:", "      - POSTGRES_USER=app",
              f"      - POSTGRES_PASSWORD={d.s(pw)}", "      - POSTGRES_DB=app", "    volumes:",
              "      - pgdata:/var/lib/postgresql/data", "", "volumes:", "  pgdata: {}")
    elif variant in (1, 4):  # map form
        d.add("  worker:", "    build: .", "    command: celery -A app worker -l info", "    environment:",
              "      CELERY_CONCURRENCY: 4")
        for e in c.entries(r.int(2, 3)):
            d.add(f"      {e.name}: {yq(r, d, e.tok)}")
        d.add("  mysql:", "    image: mysql:8.4", "    environment:",
              f"      MYSQL_ROOT_PASSWORD: {yq(r, d, pw)}", "      MYSQL_DATABASE: orders",
              "    healthcheck:",
              f'      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-p{d.s(pw)}"]',
              "      interval: 10s")
    elif variant == 2:  # build args (list and map) and a redis password on the command line
        t1 = c.tok_of(["npm-token", "github-pat", "gitlab-pat", "artifactory-api-key"])
        d.add("  web:", "    build:", "      context: .", "      dockerfile: Dockerfile", "      args:")
        if r.chance(0.5):
            d.add(f"        - {names_for(t1.kind)[0]}={d.s(t1)}", "        - NODE_VERSION=20")
        else:
            d.add(f"        {names_for(t1.kind)[0]}: {yq(r, d, t1)}", "        NODE_VERSION: 20")
        d.add("    ports:", '      - "3000:3000"', "  redis:", "    image: redis:7-alpine",
              f"    command: redis-server --appendonly yes --requirepass {d.s(pw)}")
        e = c.entries(1)
        d.add("  scheduler:", "    image: acme/scheduler:2.1.0", "    environment:")
        for x in e:
            d.add(f"      {x.name}: {yq(r, d, x.tok)}")
    elif variant == 5:  # swarm stack with a join token in a helper service and a URI
        t = c.tok("swarm-join-token")
        uri = c.tok_of(["postgres-uri", "amqp-uri", "redis-uri", "mongodb-uri"])
        d.add("  agent:", "    image: acme/swarm-agent:0.9", "    deploy:", "      mode: global", "    environment:",
              f"      SWARM_JOIN_TOKEN: {d.s(t)}", "      SWARM_MANAGER: 10.0.12.4:2377",
              "  app:", "    image: acme/app:4.2.0", "    environment:",
              f"      {names_for(uri.kind)[0]}: {yq(r, d, uri)}",
              "      WORKERS: 8", "    deploy:", "      replicas: 3")
        d.add("  adminer:", "    image: adminer", "    environment:", f"      ADMINER_DEFAULT_PASSWORD: {d.s(pw)}")


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: Kubernetes and Helm
# ---------------------------------------------------------------------------------------------------------------------

def k8s_positive(c: Corpus, variant: int) -> None:
    r = c.r
    app = r.choice(["billing", "orders", "notifier", "gateway", "search", "reports"])
    ns = r.choice(["default", "production", "payments", app])
    if variant == 0:  # Secret with base64 data:
        d = c.new(repo(c, "deploy", "k8s", app, r.choice(["secret.yaml", "secrets.yaml", f"{app}-secret.yml"])), "k8s")
        d.add("apiVersion: v1", "kind: Secret", "metadata:", f"  name: {app}-credentials", f"  namespace: {ns}",
              "  labels:", f"    app.kubernetes.io/name: {app}", "type: Opaque", "data:",
              f"  DB_USER: {b64('app')}", f"  DB_HOST: {b64(r.choice(HOSTS['postgres']))}")
        for e in c.entries(r.int(2, 3)):
            d.add(f"  {e.name}: {d.b64(e.tok)}")
    elif variant == 1:  # Secret with stringData:
        d = c.new(repo(c, "k8s", r.choice(["base", "overlays/prod"]), f"{app}-secrets.yaml"), "k8s")
        d.add("---", "apiVersion: v1", "kind: Secret", "metadata:", f"  name: {app}-env", "type: Opaque",
              "stringData:", "  LOG_LEVEL: info")
        for e in c.entries(r.int(2, 3)):
            d.add(f"  {e.name}: {yq(r, d, e.tok)}")
        if r.chance(0.5):
            key = c.tok_of(["private-key-rsa", "private-key-ec", "private-key-pkcs8"])
            d.add("  tls.key: |", "    " + d.s(key, raw=key.value.replace("\n", "\n    ")))
    elif variant == 2:  # Deployment with literal env values
        d = c.new(repo(c, "deploy", r.choice(["deployment.yaml", f"{app}-deployment.yaml"])), "k8s")
        d.add("apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {app}", f"  namespace: {ns}",
              "spec:", "  replicas: 3", "  selector:", "    matchLabels:", f"      app: {app}", "  template:",
              "    metadata:", "      labels:", f"        app: {app}", "    spec:", "      containers:",
              f"        - name: {app}", f"          image: ghcr.io/acme-corp/{app}:1.{r.int(0, 30)}.{r.int(0, 9)}",
              "          ports:", "            - containerPort: 8080", "          env:",
              "            - name: PORT", '              value: "8080"')
        for e in c.entries(r.int(2, 3)):
            d.add(f"            - name: {e.name}", f"              value: {yq(r, d, e.tok)}")
        d.add("            - name: DB_PASSWORD", "              valueFrom:", "                secretKeyRef:",
              f"                  name: {app}-db", "                  key: password")
    elif variant == 3:  # Helm values
        d = c.new(repo(c, "charts", app, r.choice(["values.yaml", "values-prod.yaml", "values.production.yaml"]),
                       project="platform-charts"), "k8s")
        d.add("replicaCount: 2", "", "image:", f"  repository: ghcr.io/acme-corp/{app}", '  tag: ""', "",
              "postgresql:", "  enabled: true", "  auth:", "    username: app",
              f"    password: {yq(r, d, c.tok('generic-password'))}", "    database: app", "", "config:")
        for e in c.entries(r.int(2, 3)):
            d.add(f"  {camel(e.name)}: {yq(r, d, e.tok)}")
        d.add("", "ingress:", "  enabled: true", "  hosts:", f"    - host: {app}.acme-corp.net", "      paths: [/]")
    elif variant == 4:  # dockerconfigjson Secret (double base64) + ConfigMap with a leaked value
        d = c.new(repo(c, "k8s", "registry-pull-secret.yaml"), "k8s")
        tok = c.tok_of(["dockerhub-pat", "github-pat", "generic-password", "gitlab-deploy-token"])
        reg = {"dockerhub-pat": "https://index.docker.io/v1/", "github-pat": "ghcr.io"}.get(
            tok.kind, r.choice(["registry.gitlab.com", "harbor.internal.acme-corp.net"]))
        tok.kind = "docker-config-auth"
        user = r.choice(["acmebot", "deploy-bot", "ci"])
        inner = {"auths": {reg: {"username": user, "password": tok.value, "auth": b64(f"{user}:{tok.value}")}}}
        d.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: regcred", f"  namespace: {ns}",
              "type: kubernetes.io/dockerconfigjson", "data:",
              f"  .dockerconfigjson: {d.s(tok, raw=b64(json.dumps(inner)), encoded='base64')}", "---",
              "apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: {app}-config", "data:",
              "  FEATURE_FLAGS: checkout_v2,new_search")
        for e in c.entries(1):
            d.add(f"  {e.name}: {yq(r, d, e.tok)}")
    elif variant == 5:  # kustomize secretGenerator literals + CronJob args
        d = c.new(repo(c, "deploy", "overlays", r.choice(["prod", "staging"]), "kustomization.yaml"), "k8s")
        d.add("apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:", "  - ../../base",
              "secretGenerator:", f"  - name: {app}-secrets", "    literals:")
        for e in c.entries(r.int(2, 3)):
            d.add(f"      - {e.name}={d.s(e.tok)}")
        d2 = c.new(repo(c, "deploy", "cronjobs", f"{app}-sync.yaml"), "k8s")
        t = c.tok_of(["github-pat", "slack-bot-token", "gitlab-pat-routable", "vault-token", "doppler-token"])
        d2.add("apiVersion: batch/v1", "kind: CronJob", "metadata:", f"  name: {app}-sync", "spec:",
               '  schedule: "*/30 * * * *"', "  jobTemplate:", "    spec:", "      template:", "        spec:",
               "          restartPolicy: OnFailure", "          containers:", "            - name: sync",
               "              image: acme/sync:3.0.1", "              args:", '                - "--mode=full"',
               f'                - "--token={d2.s(t)}"')
    elif variant == 6:  # Helm values with a private key, a webhook and a swarm unlock key in an ops chart
        d = c.new(repo(c, "charts", r.choice(["monitoring", "alerting", "ops-tools"]), "values.yaml",
                       project="platform-charts"), "k8s")
        hook = c.tok_of(["slack-webhook", "discord-webhook", "msteams-webhook"])
        key = c.tok_of(["private-key-openssh", "private-key-rsa", "private-key-ec"])
        receiver, field = {"slack-webhook": ("slack_configs", "api_url"), "discord-webhook": ("discord_configs",
                           "webhook_url"), "msteams-webhook": ("msteams_configs", "webhook_url")}[hook.kind]
        d.add("alertmanager:", "  config:", "    receivers:", "      - name: oncall", f"        {receiver}:",
              f"          - {field}: {yq(r, d, hook)}", "            send_resolved: true", "",
              "gitSync:", "  repo: git@github.com:acme-corp/dashboards.git", "  sshKey: |",
              "    " + d.s(key, raw=key.value.replace("\n", "\n    ")))
        if r.chance(0.7):
            d.add("", "swarmBackup:", f"  unlockKey: {d.s(c.tok('swarm-unlock-key'))}")


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: CI configuration
# ---------------------------------------------------------------------------------------------------------------------

def ci_positive(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:  # GitHub Actions: env literals and a token in a run step
        d = c.new(repo(c, ".github", "workflows", r.choice(["deploy.yml", "release.yml", "ci.yaml", "nightly.yml"])),
                  "ci")
        d.add("name: deploy", "", "on:", "  push:", "    branches: [main]", "", "env:", "  NODE_VERSION: 20")
        for e in c.entries(r.int(1, 2)):
            d.add(f"  {e.name}: {yq(r, d, e.tok)}")
        d.add("", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4",
              "      - uses: actions/setup-node@v4", "        with:", "          node-version: ${{ env.NODE_VERSION }}")
        t = c.tok_of(["github-pat", "github-fine-grained-pat", "github-oauth", "npm-token"])
        if t.kind == "npm-token":
            d.add("      - run: npm publish", "        env:", f"          NODE_AUTH_TOKEN: {d.s(t)}")
        else:
            d.add("      - name: Tag release", "        run: |",
                  f'          curl -sSf -X POST -H "Authorization: token {d.s(t)}" \\',
                  "            https://api.github.com/repos/acme-corp/app/releases -d @release.json")
    elif variant == 1:  # GitLab CI variables and script lines
        d = c.new(repo(c, ".gitlab-ci.yml"), "ci")
        d.add("stages: [build, test, deploy]", "", "variables:", '  DOCKER_DRIVER: overlay2')
        for e in c.entries(r.int(1, 2)):
            d.add(f"  {e.name}: {yq(r, d, e.tok)}")
        t = c.tok_of(["dockerhub-pat", "gitlab-deploy-token", "generic-password"])
        d.add("", "build:", "  stage: build", "  image: docker:24", "  services: [docker:24-dind]", "  script:",
              f'    - docker login -u deployer -p "{d.s(t)}" $CI_REGISTRY',
              '    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .',
              '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"')
        if r.chance(0.6):
            t2 = c.tok("gitlab-trigger-token")
            d.add("", "trigger-downstream:", "  stage: deploy", "  script:",
                  f'    - curl -X POST -F token={d.s(t2)} -F ref=main '
                  'https://gitlab.com/api/v4/projects/4242/trigger/pipeline')
    elif variant == 2:  # CircleCI
        d = c.new(repo(c, ".circleci", "config.yml"), "ci")
        d.add("version: 2.1", "", "jobs:", "  build:", "    docker:", "      - image: cimg/python:3.12",
              "        auth:", "          username: acmebot",
              f"          password: {yq(r, d, c.tok_of(['dockerhub-pat', 'generic-password']))}",
              "    environment:")
        for e in c.entries(r.int(2, 3)):
            d.add(f"      {e.name}: {yq(r, d, e.tok)}")
        d.add("    steps:", "      - checkout", "      - run: pip install -r requirements.txt", "      - run: pytest",
              "", "workflows:", "  main:", "    jobs: [build]")
    elif variant == 3:  # Jenkinsfile
        d = c.new(repo(c, r.choice(["Jenkinsfile", "ci/Jenkinsfile", "Jenkinsfile.release"])), "ci")
        es = c.entries(2)
        d.add("pipeline {", "    agent { docker { image 'maven:3.9-eclipse-temurin-21' } }", "    environment {",
              "        MAVEN_OPTS = '-Xmx1g'")
        d.add(f"        {es[0].name} = '{d.s(es[0].tok)}'", "    }", "    stages {", "        stage('Build') {",
              "            steps {", "                sh 'mvn -B package'", "            }", "        }",
              "        stage('Publish') {", "            steps {")
        d.add(f"                withEnv([\"{es[1].name}={d.s(es[1].tok)}\"]) {{",
              "                    sh './scripts/publish.sh'", "                }")
        t = c.tok_of(["generic-password", "artifactory-api-key", "dockerhub-pat"])
        d.add(f"                sh \"docker login -u jenkins -p {d.s(t)} acme.jfrog.io\"", "            }",
              "        }", "    }", "    post {", "        failure {")
        hook = c.tok_of(["slack-webhook", "msteams-webhook"])
        d.add(f"            sh \"curl -X POST -d '{{\\\"text\\\": \\\"build failed\\\"}}' {d.s(hook)}\"", "        }",
              "    }", "}")
    elif variant == 4:  # Travis / Bitbucket / Azure Pipelines / Drone
        which = c.pick(["travis", "bitbucket", "azure", "drone"])
        es = c.entries(r.int(2, 3))
        if which == "travis":
            d = c.new(repo(c, ".travis.yml"), "ci")
            d.add("language: node_js", "node_js:", "  - 20", "env:", "  global:")
            for e in es:
                d.add(f"    - {e.name}={d.s(e.tok)}")
            d.add("script:", "  - npm test")
        elif which == "bitbucket":
            d = c.new(repo(c, "bitbucket-pipelines.yml"), "ci")
            d.add("image: node:20", "pipelines:", "  branches:", "    main:", "      - step:", "          name: Deploy",
                  "          script:")
            for e in es:
                d.add(f"            - export {e.name}={d.s(e.tok)}")
            d.add("            - npm ci && npm run deploy")
        elif which == "azure":
            d = c.new(repo(c, "azure-pipelines.yml"), "ci")
            d.add("trigger:", "  - main", "pool:", "  vmImage: ubuntu-latest", "variables:")
            for e in es:
                d.add(f"  - name: {e.name}", f"    value: {yq(r, d, e.tok)}")
            d.add("steps:", "  - script: dotnet build --configuration Release")
        else:
            d = c.new(repo(c, ".drone.yml"), "ci")
            d.add("kind: pipeline", "type: docker", "name: default", "steps:", "  - name: test",
                  "    image: golang:1.22", "    environment:")
            for e in es:
                d.add(f"      {e.name}: {yq(r, d, e.tok)}")
            d.add("    commands:", "      - go test ./...")
    elif variant == 5:  # GitHub Actions: deploy key and cloud credentials inline
        d = c.new(repo(c, ".github", "workflows", r.choice(["infra.yml", "terraform.yml", "publish.yml"])), "ci")
        aws = c.unit("aws")
        d.add("name: infra", "on: [workflow_dispatch]", "jobs:", "  apply:", "    runs-on: ubuntu-latest", "    steps:",
              "      - uses: actions/checkout@v4", "      - uses: aws-actions/configure-aws-credentials@v4",
              "        with:")
        d.add(f"          aws-access-key-id: {yq(r, d, aws[0].tok)}",
              f"          aws-secret-access-key: {yq(r, d, aws[1].tok)}")
        d.add("          aws-region: eu-west-1", "      - run: terraform apply -auto-approve", "        env:")
        t = c.tok_of(["terraform-cloud-token", "pulumi-access-token", "vault-token", "doppler-token"])
        d.add(f"          {names_for(t.kind)[0]}: {yq(r, d, t)}")
        if r.chance(0.7):
            key = c.tok_of(["private-key-openssh", "private-key-pgp"])
            var, cmd = (("DEPLOY_KEY", 'echo "$DEPLOY_KEY" > ~/.ssh/id_ed25519') if key.kind == "private-key-openssh"
                        else ("GPG_SIGNING_KEY", 'echo "$GPG_SIGNING_KEY" | gpg --batch --import'))
            d.add("      - name: import key", "        env:", f"          {var}: |",
                  "            " + d.s(key, raw=key.value.replace("\n", "\n            ")), f"        run: {cmd}")


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: dotfiles
# ---------------------------------------------------------------------------------------------------------------------

def dotfile_positive(c: Corpus, variant: int) -> None:
    r = c.r
    where = (lambda *p: home(c, *p)) if r.chance(0.6) else (lambda *p: repo(c, *p))
    if variant == 0:  # .npmrc
        d = c.new(where(".npmrc"), "dotfile")
        t = c.tok("npm-token")
        d.add("registry=https://registry.npmjs.org/", f"//registry.npmjs.org/:_authToken={d.s(t)}")
        if r.chance(0.5):
            g = c.tok("github-pat")
            d.add("@acme-corp:registry=https://npm.pkg.github.com", f"//npm.pkg.github.com/:_authToken={d.s(g)}")
        pw = c.tok("generic-password")
        pw.kind = "npmrc-auth"
        d.add("//acme.jfrog.io/artifactory/api/npm/npm/:_auth=" + d.b64(pw, r.choice(["ci", "deployer"]) + ":"),
              "//acme.jfrog.io/artifactory/api/npm/npm/:always-auth=true")
        d.add("save-exact=true")
    elif variant == 1:  # .pypirc
        d = c.new(where(".pypirc"), "dotfile")
        t = c.tok("pypi-token")
        d.add("[distutils]", "index-servers =", "    pypi", "    internal", "", "[pypi]", "username = __token__",
              f"password = {d.s(t)}", "", "[internal]", "repository = https://nexus.internal.acme-corp.net/repository/"
              "pypi-internal/", "username = deploy", f"password = {d.s(c.tok('generic-password'))}")
    elif variant == 2:  # .git-credentials
        d = c.new(where(".git-credentials"), "dotfile")
        for _ in range(r.int(2, 3)):
            t = c.tok_of(["github-pat", "gitlab-pat", "github-oauth", "gitlab-pat-routable", "generic-password",
                          "atlassian-api-token"])
            host = {"github-pat": "github.com", "github-oauth": "github.com", "atlassian-api-token": "bitbucket.org"}\
                .get(t.kind, "gitlab.com" if t.kind.startswith("gitlab") else "git.internal.acme-corp.net")
            user = r.choice(["alice", "acme-bot", "oauth2", "mkowalski"])
            d.add(f"https://{user}:{d.s(t)}@{host}")
    elif variant == 3:  # .netrc
        d = c.new(where(".netrc"), "dotfile")
        for _ in range(r.int(2, 3)):
            t = c.tok_of(["github-pat", "generic-password", "heroku-api-key", "artifactory-api-key"])
            host = {"github-pat": "api.github.com", "heroku-api-key": "api.heroku.com"}.get(
                t.kind, r.choice(["nexus.internal.acme-corp.net", "ftp.partner-logistics.com", "acme.jfrog.io"]))
            if r.chance(0.5):
                d.add(f"machine {host} login {r.choice(USERS)}@acme-corp.net password {d.s(t)}")
            else:
                d.add(f"machine {host}", f"  login {r.choice(USERS)}", f"  password {d.s(t)}")
    elif variant == 4:  # kubeconfig
        d = c.new(where(r.choice([".kube/config", "kubeconfig.yaml", ".kube/prod-cluster.yaml"])), "dotfile")
        ca = certificate_pem(r)
        d.add("apiVersion: v1", "kind: Config", "clusters:", "  - cluster:",
              f"      certificate-authority-data: {b64(ca + chr(10))}",
              f"      server: https://{r.choice(['10.0.0.10', 'k8s.prod.acme-corp.net', 'api.eks-prod.internal'])}:6443",
              "    name: prod", "contexts:", "  - context:", "      cluster: prod", "      user: admin",
              "    name: prod", "current-context: prod", "users:", "  - name: admin", "    user:")
        if r.chance(0.5):
            key = c.tok_of(["private-key-rsa", "private-key-ec"])
            d.add(f"      client-certificate-data: {b64(certificate_pem(r) + chr(10))}",
                  f"      client-key-data: {d.s(key, raw=b64(key.value + chr(10)), encoded='base64')}")
        else:
            t = Tok("jwt", k8s_sa_jwt(r))
            d.add(f"      token: {d.s(t)}")
    elif variant == 5:  # .docker/config.json
        d = c.new(where(".docker", "config.json"), "dotfile")
        d.add("{", '  "auths": {')
        regs = r.sample(REGISTRIES, r.int(1, 2))
        for i, reg in enumerate(regs):
            t = c.tok_of(["dockerhub-pat", "github-pat", "generic-password", "gitlab-deploy-token"])
            user = r.choice(["acmebot", "alice", "deploy"])
            t.kind = "docker-config-auth"
            d.add(f'    "{reg}": {{', f'      "auth": "{d.b64(t, user + ":")}"',
                  "    }" + ("," if i < len(regs) - 1 else ""))
        d.add("  },", '  "credsStore": "",', '  "currentContext": "default"', "}")
    elif variant == 6:  # .env
        d = c.new(repo(c, r.choice([".env", ".env.production", ".env.local", "config/.env", "backend/.env"])),
                  "dotfile")
        d.add(f"APP_NAME={r.choice(PROJECTS)}", "APP_ENV=production", "PORT=3000", "PASSWORD_MIN_LENGTH=12", "")
        for e in c.entries(r.int(3, 5)):
            if r.chance(0.25):
                d.add(comment_line(r, "#"))
            d.add(env_assign(d, r, e, export=r.chance(0.15)))
        if r.chance(0.4):
            key = c.tok_of(["private-key-rsa", "private-key-pkcs8", "private-key-ec"])
            d.add(f'JWT_PRIVATE_KEY="{d.s(key, raw=key.value.replace(chr(10), chr(92) + "n"))}"')
    elif variant == 7:  # .pgpass and .my.cnf
        d = c.new(where(".pgpass"), "dotfile")
        for _ in range(r.int(2, 3)):
            t = c.tok("generic-password")
            d.add(f"{r.choice(HOSTS['postgres'])}:5432:{r.choice(DB_NAMES + ['*'])}:{r.choice(DB_USERS)}:{d.s(t)}")
        d2 = c.new(where(".my.cnf"), "dotfile")
        d2.add("[client]", "user=root", f"password={d2.s(c.tok('generic-password'))}",
               f"host={r.choice(HOSTS['mysql'])}")
    elif variant == 8:  # AWS credentials file
        d = c.new(where(".aws", "credentials"), "dotfile")
        profiles = r.sample(["default", "prod", "staging", "backup", "terraform"], r.int(1, 3))
        for i, prof in enumerate(profiles):
            u = c.unit("aws", session=(i == len(profiles) - 1 and r.chance(0.8)))
            d.add(f"[{prof}]", f"aws_access_key_id = {d.s(u[0].tok)}", f"aws_secret_access_key = {d.s(u[1].tok)}")
            if len(u) > 2:
                d.add(f"aws_session_token = {d.s(u[2].tok)}")
            d.add("")
    elif variant == 9:  # an assortment of tool credential files
        which = c.pick(["gh", "terraformrc", "gem", "cargo", "vault", "age", "composer", "yarnrc", "gradle", "ssh"])
        if which == "gh":
            d = c.new(where(".config", "gh", "hosts.yml"), "dotfile")
            d.add("github.com:", f"    oauth_token: {d.s(c.tok('github-oauth'))}", "    user: alice",
                  "    git_protocol: https")
        elif which == "terraformrc":
            d = c.new(where(".terraformrc"), "dotfile")
            d.add('credentials "app.terraform.io" {', f'  token = "{d.s(c.tok("terraform-cloud-token"))}"', "}")
        elif which == "gem":
            d = c.new(where(".gem", "credentials"), "dotfile")
            d.add("---", f":rubygems_api_key: {d.s(c.tok('rubygems-api-key'))}")
        elif which == "cargo":
            d = c.new(where(".cargo", "credentials.toml"), "dotfile")
            d.add("[registry]", f'token = "{d.s(c.tok("crates-io-token"))}"')
        elif which == "vault":
            d = c.new(where(".vault-token"), "dotfile")
            d.add(d.s(c.tok("vault-token")))
        elif which == "age":
            d = c.new(where(".config", "sops", "age", "keys.txt"), "dotfile")
            d.add("# created: 2024-03-11T09:21:44+01:00",
                  "# public key: " + bech32_encode("age", r.bytes(32)), d.s(c.tok("age-secret-key")))
        elif which == "composer":
            d = c.new(where(".composer", "auth.json"), "dotfile")
            d.add("{", '    "github-oauth": {', f'        "github.com": "{d.s(c.tok("github-oauth"))}"', "    },",
                  '    "http-basic": {', '        "repo.packagist.com": {', '            "username": "token",',
                  f'            "password": "{d.s(c.tok("generic-api-key"))}"', "        }", "    }", "}")
        elif which == "yarnrc":
            d = c.new(where(".yarnrc.yml"), "dotfile")
            d.add("nodeLinker: node-modules", "npmScopes:", "  acme:", '    npmRegistryServer: "https://npm.pkg.github.com"',
                  f'    npmAuthToken: "{d.s(c.tok("github-pat"))}"')
        elif which == "gradle":
            d = c.new(where(".gradle", "gradle.properties"), "dotfile")
            d.add("org.gradle.jvmargs=-Xmx2g", "ossrhUsername=acme-release",
                  f"ossrhPassword={d.s(c.tok('generic-password'))}", "signing.keyId=4F2A91C3",
                  f"signing.password={d.s(c.tok('generic-password'))}")
        else:
            d = c.new(where(".ssh", r.choice(["id_rsa", "id_ed25519", "deploy_key"])), "dotfile")
            key = c.tok_of(["private-key-openssh", "private-key-rsa"])
            d.add(d.s(key))
    elif variant == 10:  # GPG / s3cfg / rclone / boto
        which = c.pick(["gpg", "s3cfg", "boto", "rclone"])
        if which == "gpg":
            d = c.new(where("keys", r.choice(["release-signing.asc", "private.asc"])), "dotfile")
            d.add(d.s(c.tok("private-key-pgp")))
        elif which == "s3cfg":
            d = c.new(where(".s3cfg"), "dotfile")
            u = c.unit("aws")
            d.add("[default]", f"access_key = {d.s(u[0].tok)}", "bucket_location = EU", "host_base = s3.amazonaws.com",
                  f"secret_key = {d.s(u[1].tok)}", "use_https = True")
        elif which == "boto":
            d = c.new(where(".boto"), "dotfile")
            u = c.unit("aws")
            d.add("[Credentials]", f"aws_access_key_id = {d.s(u[0].tok)}",
                  f"aws_secret_access_key = {d.s(u[1].tok)}", "", "[Boto]", "https_validate_certificates = True")
        else:
            d = c.new(where(".config", "rclone", "rclone.conf"), "dotfile")
            u = c.unit("aws")
            d.add("[s3-backup]", "type = s3", "provider = AWS", f"access_key_id = {d.s(u[0].tok)}",
                  f"secret_access_key = {d.s(u[1].tok)}", "region = eu-central-1", "",
                  "[azure]", "type = azureblob", "account = acmeprodstore",
                  f"key = {d.s(Tok('azure-storage-key', r.s(B64, 86) + '=='))}")


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: Terraform / HCL
# ---------------------------------------------------------------------------------------------------------------------

def terraform_positive(c: Corpus, variant: int) -> None:
    r = c.r
    env = r.choice(["prod", "staging", "shared", "eu-west-1"])
    base = lambda f: repo(c, "terraform", env, f, project=r.choice(["infra-live", "infra-live", "ops-scripts"]))
    if variant == 0:
        d = c.new(base(r.choice(["providers.tf", "main.tf"])), "config")
        u = c.unit("aws")
        d.add('terraform {', '  required_providers {', '    aws = {', '      source  = "hashicorp/aws"',
              '      version = "~> 5.40"', '    }', '  }', '}', '', 'provider "aws" {', '  region     = "eu-west-1"',
              f'  access_key = "{d.s(u[0].tok)}"', f'  secret_key = "{d.s(u[1].tok)}"', '}')
        t = c.tok_of(["github-pat", "github-fine-grained-pat"])
        d.add('', 'provider "github" {', '  owner = "acme-corp"', f'  token = "{d.s(t)}" # TODO: use GITHUB_TOKEN', '}')
    elif variant == 1:
        d = c.new(base("variables.tf"), "config")
        d.add('variable "region" {', '  type    = string', '  default = "eu-west-1"', '}', '')
        for e in c.entries(r.int(2, 3)):
            d.add(f'variable "{snake(e.name)}" {{', '  type      = string', '  sensitive = true',
                  f'  default   = "{d.s(e.tok)}"', '}', '')
    elif variant == 2:
        d = c.new(base(r.choice(["terraform.tfvars", "prod.auto.tfvars", "secrets.tfvars"])), "config")
        d.add('environment = "production"', 'instance_type = "t3.large"')
        for e in c.entries(r.int(2, 4)):
            d.add(f'{snake(e.name)} = "{d.s(e.tok)}"')
    elif variant == 3:
        d = c.new(base(r.choice(["rds.tf", "database.tf"])), "config")
        pw = c.tok("generic-password")
        d.add('resource "aws_db_instance" "orders" {', '  identifier        = "orders-prod"',
              '  engine            = "postgres"', '  engine_version    = "16.2"', '  instance_class    = "db.r6g.large"',
              '  username          = "orders"', f'  password          = "{d.s(pw)}"', '  skip_final_snapshot = false',
              '}', '')
        dd = c.unit("datadog")
        d.add('provider "datadog" {', f'  api_key = "{d.s(dd[0].tok)}"', f'  app_key = "{d.s(dd[1].tok)}"', '}', '')
        cf = c.tok("cloudflare-api-token")
        d.add('provider "cloudflare" {', f'  api_token = "{d.s(cf)}"', '}')
    elif variant == 4:
        d = c.new(base(r.choice(["bastion.tf", "provisioning.tf"])), "config")
        key = c.tok_of(["private-key-rsa", "private-key-openssh"])
        d.add('resource "null_resource" "bootstrap" {', '  connection {', '    type        = "ssh"',
              '    host        = aws_instance.bastion.public_ip', '    user        = "ubuntu"',
              '    private_key = <<-EOT', "      " + d.s(key, raw=key.value.replace("\n", "\n      ")), '    EOT',
              '  }', '', '  provisioner "remote-exec" {')
        t = c.tok("swarm-join-token")
        d.add(f'    inline = ["docker swarm join --token {d.s(t)} 10.0.1.10:2377"]', '  }', '}')
    else:
        d = c.new(base("backend.tf"), "config")
        if r.chance(0.5):
            d.add('terraform {', '  backend "azurerm" {', '    resource_group_name  = "tfstate"',
                  '    storage_account_name = "acmetfstate"', '    container_name       = "tfstate"',
                  '    key                  = "prod.terraform.tfstate"',
                  f'    access_key           = "{d.s(Tok("azure-storage-key", r.s(B64, 86) + "=="))}"',
                  '  }', '}')
        else:
            u = c.unit("aws")
            d.add('terraform {', '  backend "s3" {', '    bucket     = "acme-terraform-state"',
                  '    key        = "prod/terraform.tfstate"', '    region     = "eu-west-1"',
                  f'    access_key = "{d.s(u[0].tok)}"', f'    secret_key = "{d.s(u[1].tok)}"', '  }', '}')
        t = c.tok("vault-token")
        d.add('', 'provider "vault" {', '  address = "https://vault.internal.acme-corp.net:8200"',
              f'  token   = "{d.s(t)}"', '}')
        if r.chance(0.5):
            az = c.tok("azure-client-secret")
            d.add('', 'provider "azurerm" {', '  features {}', f'  client_id     = "{r.uuid()}"',
                  f'  client_secret = "{d.s(az)}"', f'  tenant_id     = "{r.uuid()}"', '}')


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: configuration files (XML, INI, TOML, properties, YAML, JSON)
# ---------------------------------------------------------------------------------------------------------------------

def config_positive(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:  # web.config / app.config
        d = c.new(repo(c, r.choice(["src/Api/Web.config", "App.config", "src/Service/app.config"])), "config")
        cs = c.tok("mssql-connection-string")
        d.add('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <connectionStrings>",
              f'    <add name="DefaultConnection" connectionString="{d.s(cs, transform=xml_escape)}" '
              'providerName="System.Data.SqlClient" />', "  </connectionStrings>", "  <appSettings>",
              '    <add key="Environment" value="Production" />')
        for e in c.entries(r.int(1, 2)):
            d.add(f'    <add key="{pascal(e.name)}" value="{d.s(e.tok, transform=xml_escape)}" />')
        d.add("  </appSettings>", "</configuration>")
    elif variant == 1:  # Maven settings.xml / NuGet.Config
        if r.chance(0.5):
            d = c.new(repo(c, r.choice([".mvn/settings.xml", "ci/settings.xml", "settings.xml"])), "config")
            t1 = c.tok_of(["generic-password", "artifactory-api-key"])
            d.add('<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">', "  <servers>", "    <server>",
                  "      <id>acme-releases</id>", "      <username>deployer</username>",
                  f"      <password>{d.s(t1)}</password>", "    </server>", "    <server>", "      <id>github</id>",
                  "      <username>acme-bot</username>", f"      <password>{d.s(c.tok('github-pat'))}</password>",
                  "    </server>", "  </servers>", "</settings>")
        else:
            d = c.new(repo(c, r.choice(["NuGet.Config", "nuget.config"])), "config")
            d.add('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <packageSources>",
                  '    <add key="acme" value="https://pkgs.dev.azure.com/acme/_packaging/acme/nuget/v3/index.json" />',
                  "  </packageSources>", "  <packageSourceCredentials>", "    <acme>",
                  '      <add key="Username" value="build" />',
                  f'      <add key="ClearTextPassword" value="{d.s(c.tok("generic-password"))}" />', "    </acme>",
                  "  </packageSourceCredentials>", "  <apikeys>",
                  f'    <add key="https://api.nuget.org/v3/index.json" value="{d.s(c.tok("nuget-api-key"))}" />',
                  "  </apikeys>", "</configuration>")
    elif variant == 2:  # INI family
        which = c.pick(["alembic", "supervisor", "grafana", "pipconf", "sentryclirc", "odbc"])
        if which == "alembic":
            d = c.new(repo(c, "alembic.ini"), "config")
            d.add("[alembic]", "script_location = migrations", f"sqlalchemy.url = {d.s(c.tok('postgres-uri'))}",
                  "", "[loggers]", "keys = root,sqlalchemy,alembic")
        elif which == "supervisor":
            d = c.new(repo(c, "deploy", "supervisord.conf"), "config")
            es = c.entries(2)
            d.add("[program:worker]", "command=/app/venv/bin/python -m worker", "autorestart=true",
                  "environment=" + ",".join(f'{e.name}="{d.s(e.tok)}"' for e in es))
        elif which == "grafana":
            d = c.new(repo(c, "monitoring", "grafana.ini"), "config")
            d.add("[server]", "root_url = https://grafana.acme-corp.net", "", "[security]", "admin_user = admin",
                  f"admin_password = {d.s(c.tok('generic-password'))}", f"secret_key = {d.s(c.tok('generic-secret'))}",
                  "", "[smtp]", "enabled = true", "host = smtp.sendgrid.net:587", "user = apikey",
                  f"password = {d.s(c.tok('sendgrid-api-key'))}")
        elif which == "pipconf":
            d = c.new(repo(c, r.choice(["pip.conf", "ci/pip.conf"])), "config")
            d.add("[global]", "timeout = 60",
                  f"index-url = https://deploy:{d.s(c.tok('artifactory-api-key'))}@acme.jfrog.io/artifactory/api/"
                  "pypi/pypi-virtual/simple")
        elif which == "sentryclirc":
            d = c.new(repo(c, ".sentryclirc"), "config")
            d.add("[defaults]", "org = acme", "project = storefront", "", "[auth]",
                  f"token = {d.s(c.tok_of(['sentry-auth-token', 'sentry-user-token']))}")
        else:
            d = c.new(repo(c, "etc", "odbc.ini"), "config")
            d.add("[ReportingDB]", "Driver = ODBC Driver 18 for SQL Server", f"Server = {r.choice(HOSTS['mssql'])}",
                  "Database = reporting", "UID = report_reader", f"PWD = {d.s(c.tok('generic-password'))}")
    elif variant == 3:  # TOML
        which = c.pick(["runner", "app", "netlify"])
        if which == "runner":
            d = c.new(repo(c, r.choice(["gitlab-runner/config.toml", "runner/config.toml"]), project="ops-scripts"),
                      "config")
            d.add("concurrent = 4", "check_interval = 0", "", "[[runners]]", '  name = "docker-runner-01"',
                  '  url = "https://gitlab.com/"', f'  token = "{d.s(c.tok("gitlab-runner-token"))}"',
                  '  executor = "docker"', "  [runners.docker]", '    image = "alpine:3.19"', "    privileged = true",
                  "  [runners.cache]", '    Type = "s3"', "    [runners.cache.s3]")
            u = c.unit("aws")
            d.add(f'      AccessKey = "{d.s(u[0].tok)}"', f'      SecretKey = "{d.s(u[1].tok)}"',
                  '      BucketName = "acme-runner-cache"')
        else:
            d = c.new(repo(c, r.choice(["config.toml", "config/production.toml", "settings.toml"])), "config")
            d.add('title = "service configuration"', "", "[server]", 'host = "0.0.0.0"', "port = 8080", "",
                  "[database]", f'url = "{d.s(c.tok_of(["postgres-uri", "mysql-uri"]))}"', "pool_size = 20", "",
                  "[integrations]")
            for e in c.entries(r.int(2, 3)):
                d.add(f'{snake(e.name)} = "{d.s(e.tok)}"')
    elif variant == 4:  # properties
        which = c.pick(["spring", "kafka", "android"])
        if which == "spring":
            d = c.new(repo(c, "src", "main", "resources", r.choice(["application.properties",
                                                                     "application-prod.properties"])), "config")
            d.add("server.port=8080", f"spring.datasource.url={d.s(c.tok('jdbc-url'))}",
                  "spring.datasource.username=orders", f"spring.datasource.password={d.s(c.tok('generic-password'))}",
                  "spring.mail.host=smtp.mailgun.org", f"spring.mail.password={d.s(c.tok('mailgun-api-key'))}")
            for e in c.entries(1):
                d.add(f"{dotted(e.name)}={d.s(e.tok)}")
        elif which == "kafka":
            d = c.new(repo(c, r.choice(["config/client.properties", "kafka/producer.properties"])), "config")
            pw = c.tok("generic-password")
            d.add("bootstrap.servers=pkc-4r087.eu-west-1.aws.confluent.cloud:9092", "security.protocol=SASL_SSL",
                  "sasl.mechanism=PLAIN",
                  f'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required '
                  f'username="OUNM7X5QH3K2W4ZA" password="{d.s(pw)}";', "acks=all")
        else:
            d = c.new(repo(c, "local.properties", project="android-app"), "config")
            d.add("sdk.dir=/Users/alice/Library/Android/sdk", f"MAPS_API_KEY={d.s(c.tok('gcp-api-key'))}",
                  f"RELEASE_STORE_PASSWORD={d.s(c.tok('generic-password'))}", "RELEASE_KEY_ALIAS=release")
    elif variant == 5:  # YAML
        which = c.pick(["spring", "rails", "datadog", "alertmanager", "serverless", "rails_secrets"])
        if which == "spring":
            d = c.new(repo(c, "src", "main", "resources", "application.yml"), "config")
            d.add("spring:", "  datasource:", f"    url: {yq(r, d, c.tok('jdbc-url'))}", "    username: app",
                  f"    password: {yq(r, d, c.tok('generic-password'))}", "app:", "  integrations:")
            for e in c.entries(2):
                d.add(f"    {kebab(e.name)}: {yq(r, d, e.tok)}")
        elif which == "rails":
            d = c.new(repo(c, "config", "database.yml", project="legacy-shop"), "config")
            d.add("default: &default", "  adapter: postgresql", "  encoding: unicode", "  pool: 5", "",
                  "production:", "  <<: *default", "  database: shop_production", "  username: shop",
                  f"  password: {yq(r, d, c.tok('generic-password'))}", f"  host: {r.choice(HOSTS['postgres'])}")
        elif which == "datadog":
            d = c.new(repo(c, "monitoring", "datadog.yaml"), "config")
            d.add(f"api_key: {d.s(c.tok('datadog-api-key'))}", "site: datadoghq.eu", "logs_enabled: true",
                  "apm_config:", "  enabled: true")
        elif which == "alertmanager":
            d = c.new(repo(c, "monitoring", "alertmanager.yml"), "config")
            d.add("global:", f"  slack_api_url: {yq(r, d, c.tok('slack-webhook'))}", "  smtp_smarthost: smtp.gmail.com:587",
                  "  smtp_auth_username: alerts@acme-corp.net", f"  smtp_auth_password: {yq(r, d, c.tok('generic-password'))}",
                  "receivers:", "  - name: pager", "    pagerduty_configs:",
                  "      - routing_key_file: /etc/alertmanager/pd_key")
        elif which == "serverless":
            d = c.new(repo(c, "serverless.yml"), "config")
            d.add("service: notifier", "provider:", "  name: aws", "  runtime: nodejs20.x", "  environment:")
            for e in c.entries(r.int(2, 3)):
                d.add(f"    {e.name}: {yq(r, d, e.tok)}")
        else:
            d = c.new(repo(c, "config", "secrets.yml", project="legacy-shop"), "config")
            d.add("production:", f"  secret_key_base: {d.s(Tok('generic-secret', r.hexs(128)))}",
                  f"  stripe_secret_key: {d.s(c.tok('stripe-secret-key'))}")
    elif variant == 6:  # JSON
        which = c.pick(["appsettings", "nodeconfig", "gcp", "google-services"])
        if which == "appsettings":
            d = c.new(repo(c, "src", "Api", r.choice(["appsettings.json", "appsettings.Production.json"])), "config")
            d.add("{", '  "Logging": { "LogLevel": { "Default": "Information" } },', '  "ConnectionStrings": {',
                  f'    "Default": "{d.s(c.tok("mssql-connection-string"))}",',
                  f'    "Storage": "{d.s(c.tok("azure-storage-connection-string"))}"', "  },", '  "Integrations": {')
            es = c.entries(2)
            for i, e in enumerate(es):
                d.add(f'    "{pascal(e.name)}": "{d.s(e.tok)}"' + ("," if i < len(es) - 1 else ""))
            d.add("  }", "}")
        elif which == "nodeconfig":
            d = c.new(repo(c, "config", r.choice(["production.json", "default.json"])), "config")
            es = c.entries(r.int(2, 4))
            d.add("{", '  "port": 3000,', '  "services": {')
            for i, e in enumerate(es):
                d.add(f'    "{camel(e.name)}": "{d.s(e.tok)}"' + ("," if i < len(es) - 1 else ""))
            d.add("  }", "}")
        elif which == "gcp":
            gcp_service_account(c, repo(c, r.choice(["credentials.json", "config/gcp-sa.json",
                                                     "secrets/service-account.json", "firebase-adminsdk.json"])))
        else:
            d = c.new(repo(c, "app", "google-services.json", project="android-app"), "config")
            d.add("{", '  "project_info": {', '    "project_number": "48210937112",',
                  '    "project_id": "acme-mobile-prod"', "  },", '  "client": [', "    {", '      "api_key": [',
                  f'        {{ "current_key": "{d.s(c.tok("gcp-api-key"))}" }}', "      ]", "    }", "  ]", "}")


def key_file(c: Corpus) -> None:
    """A private key committed as a file of its own (TLS keys, JWT signing keys), next to its public half."""
    r = c.r
    path = repo(c, r.choice(["certs/server.key", "config/jwt/private.pem", "deploy/tls/tls.key",
                             "keys/signing-key.pem", "src/main/resources/keys/private_key.pem"]))
    d = c.new(path, "config")
    key = c.tok_of(["private-key-pkcs8", "private-key-rsa", "private-key-ec"])
    d.add(d.s(key))


def gcp_service_account(c: Corpus, path: str) -> None:
    r = c.r
    d = c.new(path, "config")
    project = r.choice(["acme-prod-4821", "northwind-analytics", "billing-379214"])
    key = c.tok("private-key-pkcs8")
    esc = key.value.replace("\n", "\\n")
    sa = r.choice(["deployer", "bq-loader", "firebase-adminsdk-x8k2p", "ci-runner"])
    kid = Tok("gcp-private-key-id", r.hexs(40), optional=True)
    d.add("{", '  "type": "service_account",', f'  "project_id": "{project}",',
          f'  "private_key_id": "{d.s(kid)}",',
          f'  "private_key": "{d.s(Tok("gcp-service-account-key", esc))}\\n",',
          f'  "client_email": "{sa}@{project}.iam.gserviceaccount.com",', f'  "client_id": "{r.digits(21)}",',
          '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
          '  "token_uri": "https://oauth2.googleapis.com/token",',
          '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",',
          f'  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/{sa}%40{project}.iam.'
          'gserviceaccount.com",', '  "universe_domain": "googleapis.com"', "}")


# ---------------------------------------------------------------------------------------------------------------------
# Positive templates: source code in ten languages
# ---------------------------------------------------------------------------------------------------------------------

def QQ(r: Rand) -> str:
    return r.choice(['"', "'"])


def q(d: Doc, tok: Tok, quote: str = '"') -> str:
    if "$" in tok.value and quote == '"':
        quote = "'"
    return f"{quote}{d.s(tok)}{quote}"


def src_python(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, r.choice(["app/settings.py", "config/settings/production.py", "src/app/config.py"])),
                  "source")
        pw = c.tok("generic-password")
        d.add("import os", "from pathlib import Path", "", "BASE_DIR = Path(__file__).resolve().parent.parent",
              "DEBUG = False", 'ALLOWED_HOSTS = ["api.acme-corp.net"]', "PASSWORD_MIN_LENGTH = 12",
              "TOKEN_TTL = 3600", "", f"SECRET_KEY = {q(d, c.tok('generic-secret'), QQ(r))}", "")
        for e in c.entries(r.int(1, 2)):
            d.add(f"{e.name} = {q(d, e.tok, QQ(r))}")
        d.add("", "DATABASES = {", '    "default": {', '        "ENGINE": "django.db.backends.postgresql",',
              '        "NAME": "orders",', '        "USER": "orders",', f'        "PASSWORD": {q(d, pw)},',
              f'        "HOST": os.environ.get("DB_HOST", "{r.choice(HOSTS["postgres"])}"),', "    }", "}")
    elif variant == 1:
        d = c.new(repo(c, r.choice(["app/clients.py", "services/notify.py", "src/integrations/__init__.py"])),
                  "source")
        es = c.entries(r.int(2, 3))
        d.add("import logging", "", "import requests", "", "log = logging.getLogger(__name__)", "")
        for e in es:
            form = r.int(0, 2)
            if form == 0:
                d.add(f"{snake(vendor_for(e.tok.kind))}_client = {vendor_for(e.tok.kind)}Client("
                      f"{snake(e.name.split('_', 1)[-1] if '_' in e.name else e.name)}={q(d, e.tok)})")
            elif form == 1:
                d.add(f'HEADERS = {{"Authorization": "Bearer {d.s(e.tok)}", "Accept": "application/json"}}')
            else:
                d.add(f'{snake(e.name)} = {q(d, e.tok, chr(39))}  # {r.choice(["FIXME", "prod", "temp"])}')
        d.add("", "", "def send(payload: dict) -> None:",
              '    resp = requests.post("https://hooks.internal.acme-corp.net/notify", json=payload, timeout=5)',
              "    resp.raise_for_status()", '    log.info("sent %s", resp.status_code)')
    elif variant == 2:
        d = c.new(repo(c, r.choice(["scripts/export_reports.py", "jobs/sync.py", "etl/load.py"])), "source")
        uri = c.tok_of(["postgres-uri", "mongodb-uri", "redis-uri", "amqp-uri", "mysql-uri"])
        mg = c.tok_of(["mailgun-api-key", "sendgrid-api-key", "twilio-api-key"])
        d.add("#!/usr/bin/env python3", '"""Nightly export of reports to the partner SFTP."""', "import sqlalchemy",
              "import requests", "", f'engine = sqlalchemy.create_engine("{d.s(uri)}", pool_pre_ping=True)', "", "",
              "def mail(to, subject, body):", "    return requests.post(",
              '        "https://api.mailgun.net/v3/mg.acme-corp.net/messages",',
              f'        auth=("api", "{d.s(mg)}"),',
              '        data={"from": "reports@acme-corp.net", "to": to, "subject": subject, "text": body},', "    )")
    else:
        d = c.new(repo(c, r.choice(["tests/conftest.py", "tests/test_auth.py", "app/signing.py"])), "source")
        key = c.tok_of(["private-key-rsa", "private-key-pkcs8", "private-key-ec"])
        d.add("import jwt", "import pytest", "", f'SIGNING_KEY = """{d.s(key)}', '"""', "",
              f'SERVICE_TOKEN = "{d.s(c.tok("jwt"))}"', "", "", "@pytest.fixture", "def client(app):",
              "    c = app.test_client()", '    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {SERVICE_TOKEN}"',
              "    return c")


def src_js(c: Corpus, variant: int) -> None:
    r = c.r
    ts = r.chance(0.5)
    ext = "ts" if ts else "js"
    if variant == 0:
        d = c.new(repo(c, f"src/config.{ext}"), "source")
        es = c.entries(r.int(2, 4))
        d.add("// Runtime configuration", "export const config = {", "  port: Number(process.env.PORT ?? 3000),",
              "  passwordMinLength: 12,")
        for e in es:
            d.add(f"  {camel(e.name)}: {q(d, e.tok, QQ(r))},")
        d.add("};", "", "export default config;")
    elif variant == 1:
        d = c.new(repo(c, r.choice([f"server.{ext}", f"src/server.{ext}", f"api/index.{ext}"])), "source")
        st = c.tok_of(["stripe-secret-key", "stripe-restricted-key"])
        d.add("const express = require('express');", f"const stripe = require('stripe')('{d.s(st)}');",
              "const axios = require('axios');", "", "const app = express();")
        e = c.entries(1)[0]
        d.add("const partner = axios.create({", "  baseURL: 'https://api.partner-logistics.com/v2',",
              f"  headers: {{ 'X-Api-Key': '{d.s(e.tok)}' }},", "});", "",
              "app.post('/checkout', async (req, res) => {",
              "  const session = await stripe.checkout.sessions.create(req.body);", "  res.json(session);", "});", "",
              "app.listen(3000);")
    elif variant == 2:
        d = c.new(repo(c, r.choice([f"lib/env.{ext}", f"src/lib/clients.{ext}"])), "source")
        d.add("import { Client } from './http';", "")
        for e in c.entries(r.int(2, 3)):
            d.add(f"const {e.name} = process.env.{e.name} || {q(d, e.tok, chr(39))};")
        w = c.tok_of(["slack-webhook", "discord-webhook", "msteams-webhook"])
        d.add("", f"export const alerts = new Client({{ webhookUrl: `{d.s(w)}` }});")
    else:
        d = c.new(repo(c, r.choice([f"__tests__/api.test.{ext}", f"test/auth.spec.{ext}"])), "source")
        uri = c.tok("mongodb-uri")
        d.add("import mongoose from 'mongoose';", "import request from 'supertest';", "import app from '../src/app';",
              "", f"const token = '{d.s(c.tok('jwt'))}';", "", "beforeAll(async () => {",
              f"  await mongoose.connect(\"{d.s(uri)}\");", "});", "", "it('lists orders', async () => {",
              "  const res = await request(app).get('/orders').set('Authorization', `Bearer ${token}`);",
              "  expect(res.status).toBe(200);", "});")


def src_go(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "internal", "config", "config.go"), "source")
        es = c.entries(r.int(2, 3))
        d.add("package config", "", "import \"time\"", "", "const (", "\tTokenTTL = 3600 * time.Second")
        for e in es[:1]:
            d.add(f"\t{camel(e.name)} = \"{d.s(e.tok)}\"")
        d.add(")", "", "type Config struct {", "\tAPIKey   string", "\tDSN      string", "\tWebhook  string", "}", "",
              "var Default = Config{")
        for e, f in zip(es[1:], ["APIKey", "Webhook"]):
            d.add(f"\t{f}: \"{d.s(e.tok)}\",")
        d.add(f"\tDSN: \"{d.s(c.tok_of(['postgres-uri', 'mysql-uri']))}\",", "}")
    elif variant == 1:
        d = c.new(repo(c, "cmd", r.choice(["worker", "server", "sync"]), "main.go"), "source")
        t = c.tok_of(["github-pat", "gitlab-pat-routable", "jwt", "generic-api-key", "slack-bot-token",
                      "databricks-token", "linear-api-key"])
        d.add("package main", "", "import (", '\t"database/sql"', '\t"log"', '\t"net/http"', '\t"os"', "", '\t_ "github.com/lib/pq"',
              ")", "", "func main() {")
        e = c.entries(1)[0]
        d.add(f'\tos.Setenv("{e.name}", "{d.s(e.tok)}")',
              f'\tdb, err := sql.Open("postgres", "{d.s(c.tok("postgres-uri"))}")',
              "\tif err != nil {", "\t\tlog.Fatal(err)", "\t}", "\tdefer db.Close()",
              '\treq, _ := http.NewRequest("GET", "https://api.internal.acme-corp.net/v1/me", nil)',
              f'\treq.Header.Set("Authorization", "Bearer {d.s(t)}")', "\tresp, err := http.DefaultClient.Do(req)",
              "\tif err != nil {", "\t\tlog.Fatal(err)", "\t}", "\tlog.Println(resp.Status)", "}")
    else:
        d = c.new(repo(c, "internal", r.choice(["auth", "ssh", "tlsutil"]), "keys.go"), "source")
        key = c.tok_of(["private-key-ec", "private-key-openssh", "private-key-rsa"])
        d.add("package auth", "", "// signingKey is used for service-to-service tokens.", f"var signingKey = []byte(`{d.s(key)}`)", "",
              "var headers = map[string]string{", '\t"Content-Type": "application/json",')
        e = c.entries(1)[0]
        d.add(f'\t"X-Api-Key":    "{d.s(e.tok)}",', "}")


def src_java(c: Corpus, variant: int) -> None:
    r = c.r
    pkg = r.choice(["com.acme.billing", "com.acme.orders", "net.northwind.crm"])
    base = "src/main/java/" + pkg.replace(".", "/")
    if variant == 0:
        d = c.new(repo(c, base, "Constants.java"), "source")
        d.add(f"package {pkg};", "", "public final class Constants {", "    private Constants() {}", "",
              "    public static final int PASSWORD_MIN_LENGTH = 12;")
        for e in c.entries(r.int(2, 3)):
            d.add(f"    public static final String {e.name} = {q(d, e.tok)};")
        d.add("}")
    elif variant == 1:
        d = c.new(repo(c, base, "config", "DataSourceConfig.java"), "source")
        j = c.tok("jdbc-url")
        pw = c.tok("generic-password")
        d.add(f"package {pkg}.config;", "", "import com.zaxxer.hikari.HikariDataSource;", "import java.sql.Connection;",
              "import java.sql.DriverManager;", "", "public class DataSourceConfig {",
              "    public HikariDataSource dataSource() {", "        HikariDataSource ds = new HikariDataSource();",
              f'        ds.setJdbcUrl("{d.s(j)}");', '        ds.setUsername("orders");',
              f'        ds.setPassword("{d.s(pw)}");', "        return ds;", "    }", "",
              "    public Connection legacy() throws Exception {",
              f'        return DriverManager.getConnection("jdbc:mysql://legacy-db:3306/shop", "shop", '
              f'"{d.s(c.tok("generic-password"))}");', "    }", "}")
    else:
        d = c.new(repo(c, base, "client", "PartnerClient.java"), "source")
        es = c.entries(2)
        d.add(f"package {pkg}.client;", "", "import java.net.URI;", "import java.net.http.HttpRequest;",
              "import java.util.Map;", "", "public class PartnerClient {",
              "    private static final Map<String, String> KEYS = Map.of(",
              f'        "{kebab(es[0].name)}", "{d.s(es[0].tok)}",', '        "region", "eu-west-1");', "",
              "    HttpRequest request(String path) {", "        return HttpRequest.newBuilder(URI.create(path))",
              f'            .header("Authorization", "Bearer {d.s(es[1].tok)}")', "            .build();", "    }",
              "}")


def src_kotlin(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "app/src/main/java/com/acme/mobile/Secrets.kt", project="android-app"), "source")
        d.add("package com.acme.mobile", "", "object Secrets {")
        for e in c.entries(r.int(2, 3)):
            d.add(f"    const val {e.name} = {q(d, e.tok)}")
        d.add("}")
    elif variant == 1:
        d = c.new(repo(c, "src/main/kotlin/com/acme/ApiModule.kt"), "source")
        es = c.entries(2)
        d.add("package com.acme", "", "import okhttp3.OkHttpClient", "", "val defaults = mapOf(",
              f'    "{camel(es[0].name)}" to {q(d, es[0].tok)},', '    "timeout" to "30s",', ")", "",
              "fun client(): OkHttpClient = OkHttpClient.Builder()", "    .addInterceptor { chain ->",
              "        chain.proceed(chain.request().newBuilder()",
              f'            .addHeader("Authorization", "Bearer {d.s(es[1].tok)}")', "            .build())",
              "    }", "    .build()")
    else:
        d = c.new(repo(c, "app/build.gradle.kts", project=r.choice(["android-app", "mobile-backend"])), "source")
        d.add("plugins {", '    id("com.android.application")', '    kotlin("android")', "}", "", "android {",
              '    namespace = "com.acme.mobile"', "    defaultConfig {", "        minSdk = 26")
        for e in c.entries(r.int(1, 2)):
            d.add(f'        buildConfigField("String", "{e.name}", "\\"{d.s(e.tok)}\\"")')
        d.add("    }", "    signingConfigs {", '        create("release") {',
              f'            storePassword = "{d.s(c.tok("generic-password"))}"', '            keyAlias = "release"',
              "        }", "    }", "}")


def src_swift(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "Sources/App/Config.swift", project="ios-app"), "source")
        d.add("import Foundation", "", "enum Secrets {")
        for e in c.entries(r.int(2, 3)):
            d.add(f"    static let {camel(e.name)} = {q(d, e.tok)}")
        d.add("}")
    elif variant == 1:
        d = c.new(repo(c, "Sources/Networking/APIClient.swift", project="ios-app"), "source")
        es = c.entries(2)
        d.add("import Foundation", "", "final class APIClient {", "    private let session = URLSession.shared",
              f'    private let defaults: [String: String] = ["{camel(es[0].name)}": {q(d, es[0].tok)}, "env": "prod"]',
              "", "    func request(_ url: URL) -> URLRequest {", "        var request = URLRequest(url: url)",
              f'        request.setValue("Bearer {d.s(es[1].tok)}", forHTTPHeaderField: "Authorization")',
              "        return request", "    }", "}")
    else:
        d = c.new(repo(c, "App/Info.plist", project="ios-app"), "config")
        d.add('<?xml version="1.0" encoding="UTF-8"?>', "<plist version=\"1.0\">", "<dict>",
              "    <key>CFBundleName</key>", "    <string>Acme</string>", "    <key>GMSApiKey</key>",
              f"    <string>{d.s(c.tok('gcp-api-key'))}</string>")
        e = c.entries(1)[0]
        d.add(f"    <key>{pascal(e.name)}</key>", f"    <string>{d.s(e.tok, transform=xml_escape)}</string>",
              "</dict>", "</plist>")


def src_csharp(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "src/Api/Constants.cs"), "source")
        d.add("namespace Acme.Api;", "", "public static class Constants", "{")
        for e in c.entries(r.int(2, 3)):
            d.add(f"    public const string {pascal(e.name)} = {q(d, e.tok)};")
        d.add("}")
    elif variant == 1:
        d = c.new(repo(c, "src/Api/Program.cs"), "source")
        cs = c.tok("mssql-connection-string")
        e = c.entries(1)[0]
        d.add("using Microsoft.Data.SqlClient;", "using Stripe;", "", "var builder = WebApplication.CreateBuilder(args);",
              f'StripeConfiguration.ApiKey = "{d.s(c.tok("stripe-secret-key"))}";',
              f'using var conn = new SqlConnection("{d.s(cs)}");',
              "var http = new HttpClient();", f'http.DefaultRequestHeaders.Add("X-Api-Key", "{d.s(e.tok)}");',
              "var app = builder.Build();", "app.Run();")
    else:
        d = c.new(repo(c, "src/Worker/Settings.cs"), "source")
        es = c.entries(2)
        d.add("using System.Collections.Generic;", "", "namespace Acme.Worker;", "", "internal static class Settings",
              "{", "    public static readonly Dictionary<string, string> Values = new()", "    {")
        for e in es:
            d.add(f'        ["{pascal(e.name)}"] = "{d.s(e.tok)}",')
        d.add("    };", "}")


def src_ruby(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "config", "initializers", r.choice(["stripe.rb", "integrations.rb"]),
                       project=r.choice(["legacy-shop", "crm-sync"])), "source")
        d.add(f"Stripe.api_key = '{d.s(c.tok('stripe-secret-key'))}'")
        for e in c.entries(r.int(1, 2)):
            d.add(f'ENV["{e.name}"] ||= "{d.s(e.tok)}"')
    elif variant == 1:
        d = c.new(repo(c, "lib", r.choice(["partner_client.rb", "notifier.rb"])), "source")
        es = c.entries(2)
        d.add("require 'net/http'", "", "class PartnerClient", "  DEFAULTS = {",
              f"    {snake(es[0].name)}: '{d.s(es[0].tok)}',", "    timeout: 10", "  }.freeze", "",
              "  def headers", f"    {{ 'Authorization' => \"Bearer {d.s(es[1].tok)}\" }}", "  end", "end")
    else:
        d = c.new(repo(c, "spec", "support", "auth_helpers.rb"), "source")
        d.add("module AuthHelpers", f"  ADMIN_TOKEN = '{d.s(c.tok('jwt'))}'", "",
              "  def redis", f"    @redis ||= Redis.new(url: '{d.s(c.tok('redis-uri'))}')", "  end", "end")


def src_php(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "wp-config.php", project="legacy-shop"), "source")
        d.add("<?php", "define( 'DB_NAME', 'wordpress' );", "define( 'DB_USER', 'wp_prod' );",
              f"define( 'DB_PASSWORD', '{d.s(c.tok('generic-password'))}' );", "define( 'DB_HOST', 'localhost' );", "")
        for k in ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY"][: r.int(1, 3)]:
            d.add(f"define( '{k}', '{d.s(Tok('generic-secret', r.s(ALNUM + '!#%*+-.:;<=>?@[]^_~', 64)))}' );")
        d.add("", "$table_prefix = 'wp_';")
    elif variant == 1:
        d = c.new(repo(c, "config", "services.php"), "source")
        d.add("<?php", "", "return [")
        for e in c.entries(r.int(2, 3)):
            d.add(f"    '{snake(vendor_for(e.tok.kind))}' => [", f"        '{snake(e.name)}' => '{d.s(e.tok)}',", "    ],")
        d.add("];")
    else:
        d = c.new(repo(c, "src", "Mailer.php"), "source")
        d.add("<?php", "", "namespace App;", "", "use PHPMailer\\PHPMailer\\PHPMailer;", "", "final class Mailer", "{",
              "    public function create(): PHPMailer", "    {", "        $mail = new PHPMailer(true);",
              "        $mail->Host = 'smtp.sendgrid.net';", "        $mail->Username = 'apikey';",
              f"        $mail->Password = '{d.s(c.tok('sendgrid-api-key'))}';", "        return $mail;", "    }", "}")


def src_shell(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "scripts", r.choice(["deploy.sh", "release.sh", "publish.sh"])), "source")
        d.add("#!/usr/bin/env bash", "set -euo pipefail", "")
        for e in c.entries(r.int(1, 2)):
            d.add(env_assign(d, r, e, export=True))
        t = c.tok_of(["dockerhub-pat", "generic-password", "github-pat"])
        d.add("", f"echo '{d.s(t)}' | docker login {r.choice(REGISTRIES)} -u acmebot --password-stdin",
              'docker push "$IMAGE"')
        pw = c.tok_of(["generic-password", "artifactory-api-key"])
        d.add(f'curl --fail -u "deploy:{d.s(pw)}" -T dist/app.tar.gz \\',
              '  "https://acme.jfrog.io/artifactory/releases/app-${VERSION}.tar.gz"')
    elif variant == 1:
        d = c.new(repo(c, "scripts", r.choice(["swarm-join.sh", "bootstrap-node.sh"]), project="ops-scripts"),
                  "source")
        d.add("#!/bin/sh", "# join this node to the production swarm", "set -e",
              f"docker swarm join --token {d.s(c.tok('swarm-join-token'))} 10.0.12.4:2377", "")
        if r.chance(0.7):
            d.add("# after a manager restart:",
                  f"echo '{d.s(c.tok('swarm-unlock-key'))}' | docker swarm unlock")
    elif variant == 2:
        d = c.new(repo(c, "scripts", r.choice(["backup.sh", "nightly-dump.sh"]), project="ops-scripts"), "source")
        u = c.unit("aws")
        d.add("#!/usr/bin/env bash", "set -euo pipefail",
              f"aws configure set aws_access_key_id {d.s(u[0].tok)}",
              f"aws configure set aws_secret_access_key {d.s(u[1].tok)}",
              f"PGPASSWORD='{d.s(c.tok('generic-password'))}' pg_dump -h {r.choice(HOSTS['postgres'])} -U orders orders "
              "| gzip > /backup/orders.sql.gz",
              f"mysqldump -u root -p{d.s(c.tok('generic-password'))} --all-databases > /backup/mysql.sql",
              'aws s3 cp /backup/ "s3://acme-backups/$(date +%F)/" --recursive')
    else:
        d = c.new(repo(c, "scripts", r.choice(["bootstrap.sh", "dev-setup.sh"]), project="ops-scripts"), "source")
        d.add("#!/usr/bin/env bash", "set -e",
              f"vault login {d.s(c.tok('vault-token'))}",
              f"gh auth login --with-token <<< '{d.s(c.tok_of(['github-pat', 'github-oauth']))}'",
              "mkdir -p ~/.ssh", "cat > ~/.ssh/id_deploy <<'KEY'")
        key = c.tok_of(["private-key-openssh", "private-key-rsa", "private-key-ec", "private-key-pkcs8",
                        "private-key-pgp"])
        d.add(d.s(key), "KEY", "chmod 600 ~/.ssh/id_deploy")
        e = c.entries(1)[0]
        d.add(env_assign(d, r, e, export=True))


# ---------------------------------------------------------------------------------------------------------------------
# Hard negatives. Nothing below is a credential: placeholders, references, public material, hashes, identifiers and
# vendors' published documentation examples (assembled by concatenation so that this file holds none of them whole).
# ---------------------------------------------------------------------------------------------------------------------

AWS_DOC_KEY_ID = "AKIA" + "IOSFODNN7" + "EXAMPLE"
AWS_DOC_SECRET = "wJalrXUtnFEMI" + "/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"
AZURITE_KEY = ("Eby8vdM02xNOcqFlqUwJPLl" + "mEtlCDXJ1OUzFT50uSRZ6IF" + "suFq2UVErCz4I6tq/"
               + "K1SZFPTOtr/KBHBeksoGMGw==")
AZURITE_CONN = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AZURITE_KEY
                + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
JWT_IO_EXAMPLE = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
                  + "aWF0IjoxNTE2MjM5MDIyfQ" + "." + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
STRIPE_DOC_TEST_KEY = "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc"
SLACK_DOC_WEBHOOK = "https://hooks.slack.com/services/" + "T00000000/B00000000/" + "X" * 24

NPM_PACKAGES = ["react", "react-dom", "express", "lodash", "axios", "typescript", "webpack", "@babel/core", "zod",
                "dayjs", "pino", "jest", "eslint", "vite", "chalk", "commander", "uuid", "debug", "semver", "ms"]
GO_MODULES = ["github.com/spf13/cobra", "github.com/stretchr/testify", "golang.org/x/sync", "golang.org/x/sys",
              "github.com/google/uuid", "go.uber.org/zap", "github.com/lib/pq", "google.golang.org/grpc",
              "github.com/prometheus/client_golang", "gopkg.in/yaml.v3"]
CRATES = ["serde", "serde_json", "tokio", "anyhow", "clap", "regex", "rand", "tracing", "bytes", "hyper", "thiserror"]
PY_PACKAGES = ["requests", "urllib3", "idna", "certifi", "charset-normalizer", "django", "sqlparse", "asgiref",
               "gunicorn", "psycopg2-binary", "boto3", "botocore"]


def ver(r: Rand) -> str:
    return f"{r.int(0, 9)}.{r.int(0, 30)}.{r.int(0, 20)}"


def sha(r: Rand, n: int = 40) -> str:
    return r.hexs(n)


def neg_dockerfile(c: Corpus, variant: int) -> None:
    r = c.r
    d = c.new(repo(c, r.choice(["Dockerfile", "Dockerfile", "docker/Dockerfile", "Dockerfile.ci"])), "dockerfile",
              positive=False)
    digest = "sha256:" + r.hexs(64)
    if variant == 0:  # secrets via BuildKit mounts only
        d.add("# syntax=docker/dockerfile:1.7", f"FROM node:20-alpine@{digest} AS deps", "WORKDIR /app",
              "ARG NPM_TOKEN", "ARG GITHUB_TOKEN", "COPY package.json package-lock.json ./",
              "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\", "    npm ci --omit=dev",
              "RUN --mount=type=secret,id=github_token \\",
              '    GITHUB_TOKEN="$(cat /run/secrets/github_token)" ./scripts/fetch-assets.sh',
              "RUN --mount=type=ssh git clone git@github.com:acme-corp/shared-lib.git /opt/shared", "",
              "FROM node:20-alpine", "COPY --from=deps /app/node_modules ./node_modules", "COPY . .",
              'CMD ["node", "server.js"]')
    elif variant == 1:  # placeholders, empty values, file references, names that only look secret
        d.add(f"FROM python:3.12-slim@{digest}", 'ENV PASSWORD=""', "ENV API_KEY=${API_KEY}",
              "ENV DB_PASSWORD_FILE=/run/secrets/db_password", "ENV SECRET_KEY_FILE=/run/secrets/django_secret",
              "ARG TOKEN", "ENV PASSWORD_MIN_LENGTH=12 \\", "    TOKEN_TTL=3600 \\", "    KEY_VERSION=2 \\",
              "    PUBLIC_KEY_URL=https://auth.acme-corp.net/.well-known/jwks.json \\",
              "    SESSION_COOKIE_NAME=sessionid", "ENV STRIPE_PUBLISHABLE_KEY_ENV=STRIPE_PK",
              f'LABEL org.opencontainers.image.revision="{sha(r)}"', "COPY requirements.txt .",
              "RUN pip install --no-cache-dir -r requirements.txt", "COPY . .", 'CMD ["gunicorn", "app:app"]')
    elif variant == 2:  # credentials referenced, never written
        d.add(f"FROM eclipse-temurin:21-jdk@{digest}", "ARG ARTIFACTORY_USER", "ARG ARTIFACTORY_PASSWORD",
              "ARG GITHUB_TOKEN", "ARG NPM_TOKEN",
              'RUN curl -fsSL -u "$ARTIFACTORY_USER:$ARTIFACTORY_PASSWORD" https://acme.jfrog.io/artifactory/x.jar -o x.jar',
              'RUN echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin',
              "RUN git clone https://${GITHUB_TOKEN}@github.com/acme-corp/shared-lib.git",
              "RUN npm config set //registry.npmjs.org/:_authToken=${NPM_TOKEN}",
              'RUN mysql -h db -u root -p"$MYSQL_ROOT_PASSWORD" < schema.sql',
              'ENV JAVA_OPTS="-Xmx1g -Ddb.password=${DB_PASSWORD} -Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASS}"',
              'ENTRYPOINT ["sh", "-c", "java $JAVA_OPTS -jar app.jar"]')
    else:  # checksums, GPG fingerprints, digests
        fps = " ".join(r.s(HEXU, 40) for _ in range(4))
        d.add(f"FROM debian:bookworm-slim@{digest}", "ENV GOSU_VERSION=1.17", f"ENV GPG_KEYS {fps}",
              f"ENV NODE_SHA256={r.hexs(64)}", "RUN set -eux; \\",
              '    curl -fsSLO "https://nodejs.org/dist/v20.12.2/node-v20.12.2-linux-x64.tar.xz"; \\',
              f'    echo "{r.hexs(64)}  node-v20.12.2-linux-x64.tar.xz" | sha256sum -c -; \\',
              "    for key in $GPG_KEYS; do gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$key\"; done",
              f"COPY --from=ghcr.io/astral-sh/uv@sha256:{r.hexs(64)} /uv /bin/uv",
              f"# base image pinned at commit {sha(r)}", 'CMD ["bash"]')


def neg_compose(c: Corpus, variant: int) -> None:
    r = c.r
    d = c.new(repo(c, r.choice(["docker-compose.yml", "compose.yaml", "docker-compose.dev.yml"])), "compose",
              positive=False)
    d.add("services:")
    if variant == 0:
        d.add("  db:", f"    image: postgres:16@sha256:{r.hexs(64)}", "    environment:",
              "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password", "      POSTGRES_USER: ${POSTGRES_USER:-app}",
              "    secrets:", "      - db_password", "  api:", "    image: acme/api:${TAG:-latest}", "    environment:",
              "      - DATABASE_URL=${DATABASE_URL:?DATABASE_URL must be set}", "      - API_KEY=$API_KEY",
              "      - STRIPE_SECRET_KEY", "      - TOKEN_TTL=3600", "      - PASSWORD_MIN_LENGTH=12",
              "secrets:", "  db_password:", "    file: ./secrets/db_password.txt")
    elif variant == 1:
        d.add("  mysql:", "    image: mysql:8.4", "    environment:", "      MYSQL_ROOT_PASSWORD: changeme",
              "      MYSQL_PASSWORD: ${MYSQL_PASSWORD}", '      MYSQL_ALLOW_EMPTY_PASSWORD: "no"',
              "  redis:", "    image: redis:7", "    command: redis-server --requirepass ${REDIS_PASSWORD}",
              "  mailhog:", "    image: mailhog/mailhog", "    environment:", '      SMTP_PASSWORD: ""',
              "      SENDGRID_API_KEY: <your-sendgrid-key>")
    else:
        d.add("  web:", "    build:", "      context: .", "      secrets:", "        - npm_token", "      args:",
              "        - NODE_ENV=production", "        - GIT_SHA=${GIT_SHA}", "    env_file: .env",
              "    labels:", f"      com.acme.revision: {sha(r)}", "secrets:", "  npm_token:",
              "    environment: NPM_TOKEN")


def neg_k8s(c: Corpus, variant: int) -> None:
    r = c.r
    app = r.choice(["billing", "orders", "gateway", "search"])
    if variant == 0:
        d = c.new(repo(c, "deploy", "k8s", app, "deployment.yaml"), "k8s", positive=False)
        d.add("apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {app}", "spec:", "  template:",
              "    spec:", "      containers:", f"        - name: {app}",
              f"          image: ghcr.io/acme-corp/{app}@sha256:{r.hexs(64)}", "          envFrom:",
              "            - secretRef:", f"                name: {app}-env", "          env:",
              "            - name: DB_PASSWORD", "              valueFrom:", "                secretKeyRef:",
              f"                  name: {app}-db", "                  key: password", "            - name: TOKEN_TTL",
              '              value: "3600"', "            - name: PUBLIC_KEY_URL",
              "              value: https://auth.acme-corp.net/.well-known/jwks.json",
              "            - name: API_KEY_HEADER", "              value: X-Api-Key")
    elif variant == 1:  # Sealed secret: ciphertext that is safe to commit
        d = c.new(repo(c, "deploy", "sealed", f"{app}-sealedsecret.yaml"), "k8s", positive=False)
        d.add("apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:", f"  name: {app}-env",
              "spec:", "  encryptedData:")
        for k in ["DB_PASSWORD", "STRIPE_SECRET_KEY", "API_TOKEN"]:
            d.add(f"    {k}: AgB{r.s(B64, 400)}==")
        d.add("  template:", "    metadata:", f"      name: {app}-env")
    elif variant == 2:  # Helm template and values with empty/existing secrets
        d = c.new(repo(c, "charts", app, "templates", "secret.yaml", project="platform-charts"), "k8s",
                  positive=False)
        d.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: {{ include \"app.fullname\" . }}", "type: Opaque",
              "data:", "  password: {{ .Values.db.password | b64enc | quote }}",
              "  apiKey: {{ required \"apiKey is required\" .Values.apiKey | b64enc }}", "stringData:",
              "  token: {{ .Values.token | quote }}")
        d2 = c.new(repo(c, "charts", app, "values.yaml", project="platform-charts"), "k8s", positive=False)
        d2.add("db:", '  password: ""', "  existingSecret: billing-db", "  existingSecretPasswordKey: password",
               "apiKey: \"\"", "token: \"\"  # set with --set token=...", "auth:", "  passwordMinLength: 12",
               "  tokenTTL: 3600", f"image:\n  digest: sha256:{r.hexs(64)}")
    elif variant == 3:  # ExternalSecret, cert-manager, placeholder Secret
        d = c.new(repo(c, "deploy", "k8s", app, "external-secret.yaml"), "k8s", positive=False)
        d.add("apiVersion: external-secrets.io/v1beta1", "kind: ExternalSecret", "metadata:", f"  name: {app}",
              "spec:", "  secretStoreRef:", "    name: vault", "    kind: ClusterSecretStore", "  data:",
              "    - secretKey: password", "      remoteRef:", f"        key: secret/data/{app}/db",
              "        property: password", "---", "apiVersion: v1", "kind: Secret", "metadata:",
              f"  name: {app}-placeholder", "stringData:", "  password: <set-me>", "  api-key: REDACTED",
              "  token: '********'")
    else:  # ConfigMap with look-alike names, a public CA bundle
        d = c.new(repo(c, "deploy", "k8s", app, "configmap.yaml"), "k8s", positive=False)
        d.add("apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: {app}-config", "data:",
              '  PASSWORD_MIN_LENGTH: "12"', '  TOKEN_TTL: "3600"', '  KEY_VERSION: "2"',
              "  SECRET_NAME: billing-db", f"  BUILD_SHA: {sha(r)}", "  REQUEST_ID_PREFIX: req_",
              "  ca.crt: |")
        d.add("    " + certificate_pem(r).replace("\n", "\n    "))


def neg_ci(c: Corpus, variant: int) -> None:
    r = c.r
    if variant in (0, 1):
        d = c.new(repo(c, ".github", "workflows", r.choice(["ci.yml", "release.yml", "deploy.yaml"])), "ci",
                  positive=False)
        d.add("name: release", "on:", "  push:", "    tags: ['v*']", "permissions:", "  contents: write",
              "  id-token: write", "jobs:", "  publish:", "    runs-on: ubuntu-latest", "    steps:",
              f"      - uses: actions/checkout@{sha(r)} # v4.1.7", f"      - uses: actions/setup-node@{sha(r)} # v4",
              "        with:", "          registry-url: https://registry.npmjs.org", "      - run: npm ci",
              "      - run: npm publish --provenance", "        env:",
              "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}", f"      - uses: docker/login-action@{sha(r)}",
              "        with:", "          registry: ghcr.io", "          username: ${{ github.actor }}",
              "          password: ${{ secrets.GITHUB_TOKEN }}", "      - name: Deploy", "        env:",
              "          AWS_ROLE_ARN: arn:aws:iam::123456789012:role/gha-deploy",
              "          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}",
              '        run: ./deploy.sh "${{ github.sha }}"')
    elif variant == 2:
        d = c.new(repo(c, ".gitlab-ci.yml"), "ci", positive=False)
        d.add("variables:", '  DOCKER_TLS_CERTDIR: "/certs"', "  PASSWORD_MIN_LENGTH: 12", "build:", "  script:",
              '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY',
              '    - git clone https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.com/acme/shared.git',
              '    - curl --header "PRIVATE-TOKEN: $GITLAB_API_TOKEN" "$CI_API_V4_URL/projects"',
              f"    - echo building {sha(r)}")
    elif variant == 3:
        d = c.new(repo(c, "Jenkinsfile"), "ci", positive=False)
        d.add("pipeline {", "  agent any", "  environment {", "    NPM_TOKEN = credentials('npm-token')", "  }",
              "  stages {", "    stage('Publish') {", "      steps {",
              "        withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'USER', "
              "passwordVariable: 'PASS')]) {", "          sh 'curl -u $USER:$PASS -T app.jar https://nexus/repo/'",
              "        }", "      }", "    }", "  }", "}")
    else:
        d = c.new(repo(c, ".circleci", "config.yml"), "ci", positive=False)
        d.add("version: 2.1", "orbs:", "  aws-cli: circleci/aws-cli@4.1", "jobs:", "  deploy:", "    docker:",
              "      - image: cimg/base:2024.05", "        auth:", "          username: $DOCKERHUB_USER",
              "          password: $DOCKERHUB_PASSWORD", "    steps:", "      - checkout",
              "      - run: ./deploy.sh", "workflows:", "  main:", "    jobs:", "      - deploy:",
              "          context: [aws-prod, slack-secrets]")


def neg_dotfile(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, ".npmrc"), "dotfile", positive=False)
        d.add("//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "@acme:registry=https://npm.pkg.github.com",
              "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", "engine-strict=true")
    elif variant == 1:
        d = c.new(repo(c, r.choice([".env.example", ".env.sample", ".env.template", "env.dist"])), "dotfile",
                  positive=False)
        d.add("# Copy to .env and fill in", "APP_ENV=development", "DATABASE_URL=postgres://user:password@localhost:5432/app",
              "REDIS_URL=redis://localhost:6379/0", "STRIPE_SECRET_KEY=sk_live_" + "x" * 24,
              "GITHUB_TOKEN=ghp_" + "X" * 36, "AWS_ACCESS_KEY_ID=<your-access-key-id>",
              "AWS_SECRET_ACCESS_KEY=<your-secret-access-key>", "OPENAI_API_KEY=sk-...", "SENDGRID_API_KEY=",
              f"SLACK_WEBHOOK_URL={SLACK_DOC_WEBHOOK}", "JWT_SECRET=changeme", "ADMIN_PASSWORD=********",
              "SESSION_SECRET=your-session-secret-here", "PASSWORD_MIN_LENGTH=12", "TOKEN_TTL=3600")
    elif variant == 2:
        d = c.new(home(c, ".docker", "config.json"), "dotfile", positive=False)
        d.add("{", '  "auths": {', '    "ghcr.io": {},', '    "https://index.docker.io/v1/": {}', "  },",
              '  "credsStore": "desktop",', '  "credHelpers": {',
              '    "123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"', "  }", "}")
    elif variant == 3:
        d = c.new(home(c, ".kube", "config"), "dotfile", positive=False)
        d.add("apiVersion: v1", "kind: Config", "clusters:", "- cluster:",
              f"    certificate-authority-data: {b64(certificate_pem(r) + chr(10))}",
              "    server: https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com", "  name: prod", "users:",
              "- name: prod", "  user:", "    exec:", "      apiVersion: client.authentication.k8s.io/v1beta1",
              "      command: aws", "      args: [eks, get-token, --cluster-name, prod]", "contexts:",
              "- context: {cluster: prod, user: prod}", "  name: prod", "current-context: prod")
    elif variant == 4:
        d = c.new(home(c, ".aws", "config"), "dotfile", positive=False)
        d.add("[default]", "region = eu-west-1", "output = json", "", "[profile prod]",
              "role_arn = arn:aws:iam::123456789012:role/admin", "source_profile = default",
              "mfa_serial = arn:aws:iam::123456789012:mfa/alice", "", "[profile sso]",
              "sso_start_url = https://acme.awsapps.com/start", "sso_account_id = 123456789012",
              "credential_process = aws-vault export --format=json prod")
    elif variant == 5:
        which = c.pick(["known_hosts", "authorized_keys", "pub"])
        if which == "known_hosts":
            d = c.new(home(c, ".ssh", "known_hosts"), "dotfile", positive=False)
            for host in ["github.com", "gitlab.com", "bitbucket.org", "10.0.12.4", "bastion.acme-corp.net"]:
                d.add(f"{host} {ssh_public_key(r, '').strip()}")
        elif which == "authorized_keys":
            d = c.new(home(c, ".ssh", "authorized_keys"), "dotfile", positive=False)
            for u in r.sample(USERS, 3):
                d.add(ssh_public_key(r, f"{u}@acme-corp.net"))
        else:
            d = c.new(home(c, ".ssh", r.choice(["id_ed25519.pub", "id_rsa.pub", "deploy_key.pub"])), "dotfile",
                      positive=False)
            d.add(ssh_public_key(r, "deploy@ci"))
    elif variant == 6:
        d = c.new(home(c, ".gitconfig"), "dotfile", positive=False)
        d.add("[user]", "    name = Alice Example", "    email = alice@acme-corp.net",
              f"    signingkey = {r.s(HEXU, 16)}", "[credential]", "    helper = osxkeychain", "[commit]",
              "    gpgsign = true", "[url \"git@github.com:\"]", "    insteadOf = https://github.com/")
    else:
        d = c.new(home(c, ".pypirc"), "dotfile", positive=False)
        d.add("[distutils]", "index-servers = pypi", "", "[pypi]", "username = __token__",
              "# password is read from the keyring: keyring set https://upload.pypi.org/legacy/ __token__",
              "password = <your PyPI token>")


ENV_READS = {
    "python": ("app/config.py", ['import os', 'import getpass', '', 'DB_PASSWORD = os.environ["DB_PASSWORD"]',
                                 'API_KEY = os.getenv("API_KEY")', 'SECRET_KEY = os.environ.get("SECRET_KEY", "")',
                                 'AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]', 'token = None',
                                 'password = getpass.getpass("Password: ")', 'PASSWORD_MIN_LENGTH = 12']),
    "js": ("src/env.js", ["const { STRIPE_SECRET_KEY, GITHUB_TOKEN } = process.env;",
                          "const apiKey = process.env.API_KEY;", "const password = process.env['DB_PASSWORD'] ?? '';",
                          "export const tokenTtl = 3600;", "if (!apiKey) throw new Error('API_KEY is not set');"]),
    "go": ("internal/env/env.go", ["package env", "", 'import "os"', "",
                                   "func Token() string { return os.Getenv(\"GITHUB_TOKEN\") }",
                                   "func DBPassword() string { return os.Getenv(\"DB_PASSWORD\") }",
                                   "const PasswordMinLength = 12"]),
    "java": ("src/main/java/com/acme/Env.java", ["package com.acme;", "", "public class Env {",
                                                 "    @org.springframework.beans.factory.annotation.Value(\"${spring.datasource.password}\")",
                                                 "    private String password;",
                                                 "    String apiKey = System.getenv(\"API_KEY\");", "}"]),
    "kotlin": ("src/main/kotlin/Env.kt", ['val apiKey: String = System.getenv("API_KEY") ?: error("API_KEY missing")',
                                          "val mapsKey = BuildConfig.MAPS_API_KEY", "const val TOKEN_TTL = 3600"]),
    "swift": ("Sources/App/Env.swift", ["import Foundation", "",
                                        'let apiKey = ProcessInfo.processInfo.environment["API_KEY"] ?? ""',
                                        'let mapsKey = Bundle.main.object(forInfoDictionaryKey: "GMSApiKey") as? String',
                                        'let password = try Keychain.read(account: "db")']),
    "csharp": ("src/Api/Env.cs", ['var key = Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY");',
                                  'var password = builder.Configuration["Database:Password"];',
                                  'var conn = builder.Configuration.GetConnectionString("Default");']),
    "ruby": ("config/initializers/env.rb", ['Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")',
                                            "aws = Rails.application.credentials.dig(:aws, :secret_access_key)",
                                            'password = ENV["DB_PASSWORD"]']),
    "php": ("config/app.php", ["<?php", "return [", "    'key' => env('APP_KEY'),",
                               "    'stripe_secret' => getenv('STRIPE_SECRET'),",
                               "    'db_password' => $_ENV['DB_PASSWORD'] ?? '',", "];"]),
    "shell": ("scripts/run.sh", ["#!/usr/bin/env bash", 'set -euo pipefail', ': "${API_TOKEN:?must be set}"',
                                 'read -rsp "Password: " PASSWORD', 'DB_PASSWORD="$(vault kv get -field=password secret/db)"',
                                 'docker login -u "$DOCKER_USER" --password-stdin <<< "$DOCKER_PASSWORD"',
                                 'export PGPASSWORD="${DB_PASSWORD}"', 'curl -H "Authorization: Bearer ${API_TOKEN}" https://api.acme-corp.net/health']),
}


def neg_env_reads(c: Corpus, lang: str) -> None:
    path, lines = ENV_READS[lang]
    d = c.new(repo(c, path), "source", positive=False)
    d.add(*lines)


def neg_source(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:  # vendor documentation examples
        d = c.new(repo(c, r.choice(["docs/aws-setup.md", "README.md", "docs/getting-started.md"])), "source",
                  positive=False)
        d.add("# Configuring credentials", "", "Export the keys from the AWS documentation example:", "", "```sh",
              f"export AWS_ACCESS_KEY_ID={AWS_DOC_KEY_ID}", f"export AWS_SECRET_ACCESS_KEY={AWS_DOC_SECRET}",
              "```", "", "A token looks like this (from jwt.io):", "", f"    Authorization: Bearer {JWT_IO_EXAMPLE}",
              "", f"Stripe test mode uses `{STRIPE_DOC_TEST_KEY}` in their docs.")
    elif variant == 1:  # tests using documentation keys
        d = c.new(repo(c, r.choice(["tests/test_s3.py", "tests/unit/test_signing.py"])), "source", positive=False)
        d.add("import boto3", "from moto import mock_aws", "", "", "@mock_aws", "def test_upload():",
              f'    s3 = boto3.client("s3", aws_access_key_id="{AWS_DOC_KEY_ID}",',
              f'                      aws_secret_access_key="{AWS_DOC_SECRET}", region_name="us-east-1")',
              '    s3.create_bucket(Bucket="test")', "", "", "def test_jwt_decode():",
              f'    assert decode("{JWT_IO_EXAMPLE}")["name"] == "John Doe"')
    elif variant == 2:  # hash / HMAC / TOTP test vectors
        key = b"\x0b" * 20
        mac = hmac.new(key, b"Hi There", hashlib.sha256).hexdigest()
        totp = base64.b32encode(b"12345678901234567890").decode()
        d = c.new(repo(c, r.choice(["tests/test_crypto.py", "crypto/vectors_test.py"])), "source", positive=False)
        d.add('"""Known-answer tests (RFC 4231, RFC 6238, FIPS 180-2)."""', "import hashlib, hmac", "",
              f'SHA256_ABC = "{hashlib.sha256(b"abc").hexdigest()}"',
              f'SHA1_ABC = "{hashlib.sha1(b"abc").hexdigest()}"', f'MD5_EMPTY = "{hashlib.md5(b"").hexdigest()}"',
              "", "def test_hmac_rfc4231_case1():", f'    key = bytes.fromhex("{key.hex()}")',
              f'    assert hmac.new(key, b"Hi There", hashlib.sha256).hexdigest() == "{mac}"', "",
              "def test_totp_rfc6238():", f'    secret = "{totp}"  # ASCII "12345678901234567890"',
              '    assert totp(secret, 59) == "94287082"', "",
              f'SHA512_EMPTY = "{hashlib.sha512(b"").hexdigest()}"')
    elif variant == 3:  # secret-detection patterns in code
        d = c.new(repo(c, r.choice(["tools/scrub.py", "lib/redact.py"]), project="ops-scripts"), "source",
                  positive=False)
        d.add("import re", "", "PATTERNS = {", '    "github": re.compile(r"\\bgh[pousr]_[A-Za-z0-9]{36}\\b"),',
              '    "aws": re.compile(r"\\b(AKIA|ASIA)[A-Z2-7]{16}\\b"),',
              '    "slack": re.compile(r"xox[baprs]-[0-9A-Za-z-]{10,72}"),',
              '    "stripe": re.compile(r"[rs]k_live_[0-9a-zA-Z]{24,99}"),',
              '    "private_key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),', "}", "",
              "def redact(text):", "    for name, rx in PATTERNS.items():",
              '        text = rx.sub(f"<redacted:{name}>", text)', "    return text")
    elif variant == 4:  # names that only look secret
        d = c.new(repo(c, r.choice(["src/constants.ts", "src/lib/limits.ts", "web/constants.js"])), "source",
                  positive=False)
        d.add("export const PASSWORD_MIN_LENGTH = 12;", "export const PASSWORD_MAX_AGE_DAYS = 90;",
              "export const TOKEN_TTL = 3600;", "export const REFRESH_TOKEN_TTL = 60 * 60 * 24 * 30;",
              "export const KEY_VERSION = 2;", "export const PUBLIC_KEY_URL = 'https://auth.acme-corp.net/.well-known/jwks.json';",
              "export const SECRET_NAME = 'billing/prod/db';", "export const API_KEY_HEADER = 'X-Api-Key';",
              "export const TOKEN_ENDPOINT = 'https://auth.acme-corp.net/oauth/token';",
              "export const PASSWORD_RESET_PATH = '/account/password/reset';",
              "export const AUTH_COOKIE = 'session_token';", f"export const BUILD_ID = '{sha(r)}';",
              f"export const SENTRY_RELEASE = '{sha(r, 12)}';")
    elif variant == 5:  # placeholders in code
        d = c.new(repo(c, r.choice(["src/settings.example.py", "config/sample_config.py", "examples/quickstart.py"])),
                  "source", positive=False)
        d.add(f'STRIPE_SECRET_KEY = "sk_live_{"x" * 24}"  # replace me',
              'GITHUB_TOKEN = "<your-token>"', 'DB_PASSWORD = "changeme"', 'API_KEY = "xxxxxxxxxxxxxxxxxxxxxxxx"',
              'ADMIN_PASSWORD = "********"', 'SECRET_KEY = "REDACTED"', 'AWS_SECRET_ACCESS_KEY = "YOUR_SECRET_KEY"',
              'SLACK_TOKEN = "xoxb-your-token"', 'TWILIO_AUTH_TOKEN = "your_auth_token"',
              'DATABASE_URL = "postgres://user:pass@localhost/dbname"', 'password = ""', 'api_key = None',
              'OPENAI_API_KEY = "sk-..."  # dummy', 'JWT_SECRET = "example-secret"')
    elif variant == 6:  # Azurite / emulator settings
        d = c.new(repo(c, r.choice(["src/Api/appsettings.Development.json", "local.settings.json"])), "config",
                  positive=False)
        d.add("{", '  "IsEncrypted": false,', '  "Values": {', '    "AzureWebJobsStorage": "UseDevelopmentStorage=true",',
              f'    "BlobStorage": "{AZURITE_CONN}",', '    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated"', "  },",
              '  "ConnectionStrings": {',
              '    "Default": "Server=(localdb)\\\\mssqllocaldb;Database=app;Trusted_Connection=True;"', "  }", "}")
    elif variant == 7:  # minified JS bundle
        d = c.new(repo(c, "static", "js", f"main.{r.hexs(8)}.js", project="storefront-web"), "source",
                  positive=False)
        d.add(minified_js(r))
    elif variant == 8:  # identifiers in logs
        d = c.new(repo(c, "logs", r.choice(["app.log", "access.log", "worker-2024-05-12.log"])), "source",
                  positive=False)
        for i in range(r.int(25, 45)):
            ts = f"2024-05-12T10:{i % 60:02d}:{r.int(0, 59):02d}.{r.int(0, 999):03d}Z"
            d.add(r.choice([
                f"{ts} INFO request_id=req_{r.s(ALNUM, 14)} trace_id={r.hexs(32)} span_id={r.hexs(16)} "
                f"GET /api/orders/{r.uuid()} 200 {r.int(3, 300)}ms",
                f"{ts} INFO X-Amzn-Trace-Id: Root=1-{r.hexs(8)}-{r.hexs(24)};Parent={r.hexs(16)};Sampled=1",
                f"{ts} WARN correlation_id={r.uuid()} payment_intent=pi_{r.s(ALNUM, 24)} retry=1",
                f"{ts} DEBUG etag=\"{r.hexs(32)}\" cache=HIT key=/assets/app.{r.hexs(8)}.css",
                f"{ts} INFO deploy commit={sha(r)} image=sha256:{r.hexs(64)}",
            ]))
    else:  # styles: colours, hashed class names, inline images and fonts
        d = c.new(repo(c, "static", "css", f"app.{r.hexs(8)}.css", project="storefront-web"), "source",
                  positive=False)
        for _ in range(r.int(8, 14)):
            d.add(f".{r.choice(['Button', 'Card', 'Header', 'Nav'])}_{r.choice(['primary', 'root', 'title'])}__"
                  f"{r.s(ALNUM, 5)}{{color:#{r.hexs(6)};background-color:#{r.hexs(6)};border:1px solid #{r.hexs(3)}}}")
        d.add(f".logo{{background:url(data:image/png;base64,{b64(png_bytes(r))})}}")
        d.add(f"@font-face{{font-family:Inter;src:url(data:font/woff2;base64,{b64(b'wOF2' + r.bytes(1800))}) "
              "format('woff2')}")


def png_bytes(r: Rand) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.bytes(r.int(300, 1400)) + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def minified_js(r: Rand) -> str:
    parts = ['!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};'
             'return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t}(',
             'var A="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",H="0123456789abcdef";']
    for _ in range(r.int(40, 80)):
        v = r.s(LOWER, 1) + r.s(ALNUM, r.int(0, 2))
        parts.append(r.choice([
            f'function {v}(e,t){{return e.{r.s(LOWER, 3)}(t)&&{r.int(0, 255)}}}',
            f'var {v}="{r.s(ALNUM, r.int(6, 20))}",{r.s(LOWER, 2)}={r.int(0, 99999)};',
            f'{v}.prototype.{r.s(LOWER, 4)}=function(){{return this.{r.s(LOWER, 2)}}};',
            f'e.exports={{id:"{r.hexs(20)}",chunk:"{r.hexs(8)}"}};',
            f'var {v}=n({r.int(100, 999)}),{r.s(LOWER, 1)}=n.n({v});',
        ]))
    parts.append(f"}}();\n//# sourceMappingURL=main.{r.hexs(8)}.js.map")
    return "".join(parts)


def neg_lockfile(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "package-lock.json"), "config", positive=False)
        d.add("{", '  "name": "storefront",', '  "version": "1.0.0",', '  "lockfileVersion": 3,', '  "packages": {')
        pk = r.sample(NPM_PACKAGES, 12)
        for i, p in enumerate(pk):
            v = ver(r)
            d.add(f'    "node_modules/{p}": {{', f'      "version": "{v}",',
                  f'      "resolved": "https://registry.npmjs.org/{p}/-/{p.split("/")[-1]}-{v}.tgz",',
                  f'      "integrity": "sha512-{b64(r.bytes(64))}"', "    }" + ("," if i < len(pk) - 1 else ""))
        d.add("  }", "}")
    elif variant == 1:
        d = c.new(repo(c, "yarn.lock"), "config", positive=False)
        d.add("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", "")
        for p in r.sample(NPM_PACKAGES, 10):
            v = ver(r)
            d.add(f'"{p}@^{v}":', f'  version "{v}"',
                  f'  resolved "https://registry.yarnpkg.com/{p}/-/{p.split("/")[-1]}-{v}.tgz#{r.hexs(40)}"',
                  f"  integrity sha512-{b64(r.bytes(64))}", "")
    elif variant == 2:
        d = c.new(repo(c, "go.sum"), "config", positive=False)
        for m in r.sample(GO_MODULES, 8):
            v = "v" + ver(r)
            d.add(f"{m} {v} h1:{b64(r.bytes(32))}", f"{m} {v}/go.mod h1:{b64(r.bytes(32))}")
    elif variant == 3:
        d = c.new(repo(c, "Cargo.lock"), "config", positive=False)
        d.add("# This file is automatically @generated by Cargo.", "version = 3", "")
        for p in r.sample(CRATES, 8):
            d.add("[[package]]", f'name = "{p}"', f'version = "{ver(r)}"',
                  'source = "registry+https://github.com/rust-lang/crates.io-index"', f'checksum = "{r.hexs(64)}"', "")
    elif variant == 4:
        d = c.new(repo(c, "requirements.txt"), "config", positive=False)
        for p in r.sample(PY_PACKAGES, 8):
            d.add(f"{p}=={ver(r)} \\", f"    --hash=sha256:{r.hexs(64)} \\", f"    --hash=sha256:{r.hexs(64)}")
    elif variant == 5:
        d = c.new(repo(c, "terraform", "prod", ".terraform.lock.hcl", project="infra-live"), "config", positive=False)
        for p in ["hashicorp/aws", "hashicorp/random", "cloudflare/cloudflare"]:
            d.add(f'provider "registry.terraform.io/{p}" {{', f'  version     = "{ver(r)}"', "  hashes = [",
                  f'    "h1:{b64(r.bytes(32))}",')
            for _ in range(4):
                d.add(f'    "zh:{r.hexs(64)}",')
            d.add("  ]", "}", "")
    elif variant == 6:
        d = c.new(repo(c, "Package.resolved", project="ios-app"), "config", positive=False)
        d.add("{", '  "pins" : [')
        pins = ["swift-argument-parser", "swift-log", "swift-collections"]
        for i, p in enumerate(pins):
            d.add("    {", f'      "identity" : "{p}",', '      "kind" : "remoteSourceControl",',
                  f'      "location" : "https://github.com/apple/{p}.git",', '      "state" : {',
                  f'        "revision" : "{r.hexs(40)}",', f'        "version" : "{ver(r)}"', "      }",
                  "    }" + ("," if i < len(pins) - 1 else ""))
        d.add("  ],", '  "version" : 2', "}")
    elif variant == 7:
        d = c.new(repo(c, "flake.lock"), "config", positive=False)
        d.add("{", '  "nodes": {', '    "nixpkgs": {', '      "locked": {', f'        "lastModified": {r.int(1700000000, 1750000000)},',
              f'        "narHash": "sha256-{b64(r.bytes(32))}",', '        "owner": "NixOS",',
              f'        "rev": "{r.hexs(40)}",', '        "type": "github"', "      }", "    }", "  },",
              '  "version": 7', "}")
    elif variant == 8:
        d = c.new(repo(c, "composer.lock", project="legacy-shop"), "config", positive=False)
        d.add("{", f'    "content-hash": "{r.hexs(32)}",', '    "packages": [')
        for i, p in enumerate(["guzzlehttp/guzzle", "monolog/monolog", "symfony/console"]):
            d.add("        {", f'            "name": "{p}",', f'            "version": "{ver(r)}",',
                  '            "dist": {', '                "type": "zip",',
                  f'                "url": "https://api.github.com/repos/{p}/zipball/{r.hexs(40)}",',
                  f'                "reference": "{r.hexs(40)}",', '                "shasum": ""', "            }",
                  "        }" + ("," if i < 2 else ""))
        d.add("    ]", "}")
    else:
        d = c.new(repo(c, "pnpm-lock.yaml"), "config", positive=False)
        d.add("lockfileVersion: '9.0'", "", "packages:", "")
        for p in r.sample(NPM_PACKAGES, 8):
            key = f"{p}@{ver(r)}"
            d.add(f"  '{key}':" if key.startswith("@") else f"  {key}:",
                  f"    resolution: {{integrity: sha512-{b64(r.bytes(64))}}}", "")


def neg_misc(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:  # changelog / commit lists
        d = c.new(repo(c, r.choice(["CHANGELOG.md", "docs/releases.md"])), "source", positive=False)
        d.add("# Changelog", "")
        for v in range(5):
            d.add(f"## {ver(r)}", "")
            for _ in range(r.int(2, 4)):
                d.add(f"- {r.choice(['fix', 'feat', 'chore'])}: {r.choice(['token refresh', 'password reset', 'key rotation', 'secret lookup'])} "
                      f"([{sha(r, 7)}](https://github.com/acme-corp/app/commit/{sha(r)}))")
            d.add("")
    elif variant == 1:
        d = c.new(repo(c, ".git-blame-ignore-revs"), "source", positive=False)
        for _ in range(6):
            d.add(f"# {r.choice(['reformat with black', 'prettier 3', 'rename secrets module', 'gofmt'])}", sha(r))
    elif variant == 2:  # certificates, public keys, JWKS
        which = c.pick(["ca", "pub", "jwks"])
        if which == "ca":
            d = c.new(repo(c, r.choice(["certs/ca-bundle.pem", "deploy/tls/ca.crt"])), "config", positive=False)
            for _ in range(r.int(2, 3)):
                d.add(certificate_pem(r))
        elif which == "pub":
            d = c.new(repo(c, r.choice(["keys/signing.pub.pem", "config/jwt-public.pem"])), "config", positive=False)
            d.add(public_key_pem(r))
        else:
            d = c.new(repo(c, r.choice(["public/.well-known/jwks.json", "config/jwks.json"])), "config", positive=False)
            d.add(json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": r.s(B64URL, 43),
                                        "n": b64url_nopad(r.bytes(256)), "e": "AQAB"} for _ in range(2)]}, indent=2))
    elif variant == 3:  # HTML with SRI hashes and inline images
        d = c.new(repo(c, r.choice(["public/index.html", "templates/base.html"]), project="storefront-web"), "source",
                  positive=False)
        d.add("<!doctype html>", "<html>", "<head>",
              f'<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" '
              f'integrity="sha384-{b64(r.bytes(48))}" crossorigin="anonymous"></script>',
              f'<link rel="stylesheet" href="/static/app.{r.hexs(8)}.css" integrity="sha256-{b64(r.bytes(32))}">',
              '<meta name="csrf-param" content="authenticity_token">', "</head>", "<body>",
              f'<img alt="logo" src="data:image/png;base64,{b64(png_bytes(r))}">',
              f'<input type="hidden" name="request_id" value="{r.uuid()}">',
              '<input type="password" name="password" placeholder="Password" minlength="12">', "</body>", "</html>")
    elif variant == 4:  # terraform that references secrets properly
        d = c.new(repo(c, "terraform", "modules", "db", "main.tf", project="infra-live"), "config", positive=False)
        d.add('resource "random_password" "db" {', "  length  = 32", "  special = true", "}", "",
              'data "aws_secretsmanager_secret_version" "api" {', '  secret_id = "prod/api-key"', "}", "",
              'resource "aws_db_instance" "this" {', "  username = var.db_username",
              "  password = random_password.db.result", "  kms_key_id = var.kms_key_arn", "}", "",
              'variable "db_password" {', "  type      = string", "  sensitive = true", "}", "",
              'provider "github" {', "  token = var.github_token", "}")
    elif variant == 5:  # application config with ${} placeholders
        which = c.pick(["props", "xml", "appsettings", "yaml"])
        if which == "props":
            d = c.new(repo(c, "src/main/resources/application.properties"), "config", positive=False)
            d.add("spring.datasource.url=jdbc:postgresql://${DB_HOST:localhost}:5432/orders",
                  "spring.datasource.username=${DB_USER}", "spring.datasource.password=${DB_PASSWORD}",
                  "app.jwt.public-key-url=https://auth.acme-corp.net/.well-known/jwks.json",
                  "app.security.password-min-length=12", "app.token.ttl=3600")
        elif which == "xml":
            d = c.new(repo(c, "ci/settings.xml"), "config", positive=False)
            d.add("<settings>", "  <servers>", "    <server>", "      <id>releases</id>",
                  "      <username>${env.MAVEN_USERNAME}</username>", "      <password>${env.MAVEN_PASSWORD}</password>",
                  "    </server>", "  </servers>", "</settings>")
        elif which == "appsettings":
            d = c.new(repo(c, "src/Api/appsettings.json"), "config", positive=False)
            d.add("{", '  "ConnectionStrings": { "Default": "" },', '  "Stripe": { "SecretKey": "", "WebhookSecret": "" },',
                  '  "Jwt": { "Issuer": "https://auth.acme-corp.net", "KeyVersion": 2, "TokenLifetimeSeconds": 3600 },',
                  '  "Password": { "MinLength": 12, "RequireDigit": true }', "}")
        else:
            d = c.new(repo(c, "config", "application.yml"), "config", positive=False)
            d.add("spring:", "  datasource:", "    url: jdbc:postgresql://db:5432/app", "    username: ${DB_USER}",
                  "    password: ${DB_PASSWORD}", "security:", "  token-ttl: 3600", "  password-min-length: 12",
                  "  api-key: ${API_KEY:}")
    elif variant == 6:  # i18n strings
        d = c.new(repo(c, "locales", r.choice(["en.json", "de.json"]), project="storefront-web"), "source",
                  positive=False)
        d.add(json.dumps({"password": "Password", "password_too_short": "Password must be at least 12 characters",
                          "token_expired": "Your session token has expired", "api_key_label": "API key",
                          "secret_question": "Security question", "show_secret": "Show recovery codes"}, indent=2))
    elif variant == 7:  # OpenAPI with bearer examples
        d = c.new(repo(c, "api", "openapi.yaml"), "config", positive=False)
        d.add("openapi: 3.0.3", "info:", "  title: Orders API", "  version: 1.2.0", "components:",
              "  securitySchemes:", "    bearerAuth:", "      type: http", "      scheme: bearer",
              "      bearerFormat: JWT", "    apiKey:", "      type: apiKey", "      in: header", "      name: X-Api-Key",
              "paths:", "  /orders/{id}:", "    get:", "      parameters:", "        - name: Authorization",
              "          in: header", "          example: Bearer <token>", "        - name: X-Request-Id",
              "          in: header", f"          example: {r.uuid()}")
    elif variant == 8:  # webpack asset manifest and a source map stub
        d = c.new(repo(c, "build", "asset-manifest.json", project="storefront-web"), "config", positive=False)
        files = {f"static/js/{n}.js": f"/static/js/{n}.{r.hexs(8)}.js" for n in ["main", "runtime", "vendor"]}
        files["main.css"] = f"/static/css/main.{r.hexs(8)}.css"
        d.add(json.dumps({"files": files, "entrypoints": list(files.values())}, indent=2))
    else:  # SVG with an embedded font
        d = c.new(repo(c, "static", "img", "badge.svg", project="storefront-web"), "source", positive=False)
        d.add('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20">',
              f"<style>@font-face{{font-family:x;src:url(data:application/font-woff;base64,{b64(b'wOFF' + r.bytes(900))})}}</style>",
              f'<rect fill="#{r.hexs(6)}" width="120" height="20"/>', "</svg>")


# ---------------------------------------------------------------------------------------------------------------------
# The plan: which templates run how often
# ---------------------------------------------------------------------------------------------------------------------

SOURCE_LANGS = {"python": (src_python, 4), "js": (src_js, 4), "go": (src_go, 3), "java": (src_java, 3),
                "kotlin": (src_kotlin, 3), "swift": (src_swift, 3), "csharp": (src_csharp, 3),
                "ruby": (src_ruby, 3), "php": (src_php, 3), "shell": (src_shell, 4)}


# ---------------------------------------------------------------------------------------------------------------------
# Credential pairs and encoded secrets (drawn after every other template, so adding them left the rest of the corpus
# byte for byte as it was)
# ---------------------------------------------------------------------------------------------------------------------

def pct(s: str) -> str:
    """Percent-encoding of everything but unreserved characters, as URL and form encoders write a password."""
    return "".join(ch if ch in ALNUM + "-._~" else "".join(f"%{b:02X}" for b in ch.encode()) for ch in s)


def u_escape(s: str, every: bool = False) -> str:
    """JSON's `\\uXXXX` escapes: of quotes and `<>&` (HTML-safe encoders), or of every character."""
    return "".join(f"\\u{ord(ch):04x}" if every or ch in "\"<>&'" else ch for ch in s)


def x_escape(s: str) -> str:
    return "".join(f"\\x{b:02x}" for b in s.encode())


def symbolic_password(r: Rand) -> str:
    """A password with the characters URL encoders escape (`@`, `:`, `/`, `!`) in it."""
    pw = r.password(14, 20, ALNUM)
    cut = sorted(r.sample(range(1, len(pw)), 2))
    return pw[:cut[0]] + r.choice("@:/!") + pw[cut[0]:cut[1]] + r.choice("@!*+") + pw[cut[1]:]


def pairs_and_encodings(c: Corpus, variant: int) -> None:
    r = c.r
    if variant == 0:  # an Azure storage account and its key as two settings, an AWS pair in a JSON credential file
        d = c.new(repo(c, r.choice([".env.staging", "deploy/storage.env"])), "dotfile")
        account = "st" + r.s(LOWER + DIGITS, 10)
        d.add(f"AZURE_STORAGE_ACCOUNT={account}",
              f"AZURE_STORAGE_KEY={d.s(c.tok('azure-storage-key'))}",
              f"AZURE_STORAGE_CONTAINER={r.choice(['uploads', 'exports', 'backups'])}")
        key_id, secret = c.tok("aws-access-key-id"), c.tok("aws-secret-key")
        j = c.new(repo(c, r.choice(["config/aws-credentials.json", "secrets/ci-user.json"])), "config")
        j.add("{", '  "AccessKey": {', f'    "UserName": "{r.choice(["ci-deployer", "backup-bot"])}",',
              f'    "AccessKeyId": "{j.s(key_id)}",', '    "Status": "Active",',
              f'    "SecretAccessKey": "{j.s(secret)}",', '    "CreateDate": "2024-03-02T10:11:12Z"', "  }", "}")
    elif variant == 1:  # a Twilio pair in code, a storage connection string with its account name
        sid, token = c.tok("twilio-account-sid"), c.tok("twilio-auth-token")
        d = c.new(repo(c, r.choice(["app/notify.py", "workers/sms.py"])), "source")
        d.add("from twilio.rest import Client", "", f'ACCOUNT_SID = "{d.s(sid)}"', f'AUTH_TOKEN = "{d.s(token)}"',
              "client = Client(ACCOUNT_SID, AUTH_TOKEN)")
    elif variant == 2:  # a percent-encoded password in a connection URI
        pw = symbolic_password(r)
        host = r.choice(["db.internal", "pg-primary.prod.svc", "10.0.3.17"])
        tok = Tok("postgres-uri", pw)
        d = c.new(repo(c, r.choice(["config/database.yml", "deploy/app.env", "config/settings.toml"])), "config")
        raw = f"postgresql://app:{pct(pw)}@{host}:5432/orders"
        if d.path.endswith(".yml"):
            d.add("production:", "  adapter: postgresql", f"  url: {d.s(tok, raw=raw, encoded='percent')}")
        elif d.path.endswith(".toml"):
            d.add("[database]", f'url = "{d.s(tok, raw=raw, encoded="percent")}"', "pool = 10")
        else:
            d.add("APP_ENV=production", f"DATABASE_URL={d.s(tok, raw=raw, encoded='percent')}")
    elif variant == 3:  # a form body with an encoded password, in a shell script
        pw = symbolic_password(r)
        d = c.new(repo(c, "scripts", r.choice(["get-token.sh", "login.sh"])), "source")
        body = f"grant_type%3Dpassword%26username%3Dsvc-reporting%26password%3D{pct(pw)}"
        d.add("#!/usr/bin/env bash", "set -euo pipefail",
              f"curl -s -X POST https://auth.{r.choice(['acme.io', 'northwind.dev'])}/oauth/token \\",
              f"  --data-urlencode '{d.s(Tok('generic-password', pw), raw=body, encoded='percent')}'")
    elif variant == 4:  # JSON with HTML-safe `\u0022` escapes around a password, in an appsettings file
        pw = r.password(20, 28, ALNUM + "-_.")
        d = c.new(repo(c, "src", r.choice(["appsettings.Production.json", "config/embedded.json"])), "config")
        inner = u_escape('{"password":"' + pw + '","user":"svc"}')
        d.add("{", f'  "Logging": {{"LogLevel": {{"Default": "Warning"}}}},',
              f'  "Embedded": "{d.s(Tok("generic-password", pw), raw=inner, encoded="escape")}"', "}")
    elif variant == 5:  # a vendor token written as `\x` escapes in JavaScript
        tok = c.tok_of(["github-pat", "stripe-secret-key", "slack-bot-token"])
        d = c.new(repo(c, "src", r.choice(["vendor/bootstrap.js", "lib/config.js"])), "source")
        d.add("'use strict';", f"const k = \"{d.s(tok, raw=x_escape(tok.value), encoded='escape')}\";",
              "module.exports = { k };")
    elif variant == 6:  # a hex-encoded assignment in a Helm values file
        pw = r.password(20, 28, ALNUM + "-_.")
        d = c.new(repo(c, "charts", r.choice(["values-prod.yaml", "values.secret.yaml"])), "config")
        raw = (f"DB_PASSWORD={pw}\n").encode().hex()
        d.add("app:", "  replicas: 3", "  bootstrap:", f"    env: {d.s(Tok('generic-password', pw), raw=raw, encoded='hex')}")


def neg_encodings(c: Corpus, variant: int) -> None:
    """Encodings that hide nothing: escaped paths and spaces, non-ASCII `\\u` escapes, hex digests and hex of text."""
    r = c.r
    if variant == 0:
        d = c.new(repo(c, "config", r.choice(["links.yaml", "redirects.yml"])), "config", positive=False)
        d.add("links:", "  docs: https://docs.acme.io/search?q=rotate%20keys&lang=en",
              "  file: https://files.acme.io/shared%2Freports%2FQ3%20summary.pdf",
              f"  checksum: {r.hexs(64)}",
              f"  banner: {'Maintenance window: Saturday 02:00 UTC'.encode().hex()}")
    else:
        d = c.new(repo(c, "src", "i18n", r.choice(["fr.json", "de.json"])), "source", positive=False)
        d.add("{", '  "greeting": "Bienvenue \\u00e0 bord",', '  "html": "\\u003cb\\u003eHello\\u003c/b\\u003e",',
              '  "path": "C:\\\\Program Files\\\\Acme"', "}")


def plan(c: Corpus) -> list[Callable[[], None]]:
    r = c.r
    jobs: list[Callable[[], None]] = []

    def add(fn, *args):
        jobs.append(lambda: fn(c, *args))

    for v in list(range(17)) + [0, 1, 2, 3, 16]:
        add(dockerfile_positive, v)
    for v in list(range(6)) * 2:
        add(compose_positive, v)
    for v in list(range(7)) * 2:
        add(k8s_positive, v)
    for v in list(range(6)) * 2 + [4, 4]:
        add(ci_positive, v)
    for v in list(range(11)) * 2:
        add(dotfile_positive, v)
    for v in list(range(6)) + [1, 2]:
        add(terraform_positive, v)
    for v in list(range(7)) * 3:
        add(config_positive, v)
    for _ in range(3):
        add(key_file)
    for where in (["secrets", "gcp-deployer.json"], ["infra", "bq-loader-key.json"]):
        jobs.append(lambda where=where: gcp_service_account(c, repo(c, *where)))
    for fn, n in SOURCE_LANGS.values():
        for v in range(n):
            add(fn, v)
    for lang in ["python", "js", "go", "shell", "java", "csharp", "ruby", "php", "kotlin", "swift", "python", "js",
                 "go", "shell"]:
        fn, n = SOURCE_LANGS[lang]
        add(fn, r.int(0, n - 1))

    for v in list(range(4)) * 4:
        add(neg_dockerfile, v)
    for v in list(range(3)) * 3:
        add(neg_compose, v)
    for v in list(range(5)) * 2:
        add(neg_k8s, v)
    for v in list(range(5)) * 2:
        add(neg_ci, v)
    for v in list(range(8)) * 2:
        add(neg_dotfile, v)
    for lang in ENV_READS:
        add(neg_env_reads, lang)
    for v in list(range(10)) * 2:
        add(neg_source, v)
    for v in list(range(10)) + [0, 2]:
        add(neg_lockfile, v)
    for v in list(range(10)) * 2:
        add(neg_misc, v)
    r.shuffle(jobs)
    for v in range(7):
        add(pairs_and_encodings, v)
    for v in range(2):
        add(neg_encodings, v)
    return jobs


# ---------------------------------------------------------------------------------------------------------------------
# Writing, manifest, self-check
# ---------------------------------------------------------------------------------------------------------------------

def gh_checksum_ok(token: str) -> bool:
    body = token.split("_")[-1]
    return base62(zlib.crc32(body[:-6].encode()), 6) == body[-6:]


def gitlab_routable_ok(token: str) -> bool:
    return base36(zlib.crc32(token[:-7].encode()), 7) == token[-7:]


def _decodings(s: str, encoding: str = "base64") -> list[str]:
    if encoding == "percent":
        once = unquote(s)
        return [once, unquote(once)]
    if encoding == "hex":
        return [bytes.fromhex(s).decode("utf-8", "replace")]
    if encoding == "escape":
        return [re.sub(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))", lambda m: chr(int(m.group(1) or m.group(2), 16)), s)]
    out = []
    try:
        dec = base64.b64decode(s, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return out
    out.append(dec)
    for m in re.finditer(r"[A-Za-z0-9+/]{8,}={0,2}", dec):
        try:
            out.append(base64.b64decode(m.group(0), validate=True).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            pass
    return out


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def occurs_at_line(text: str, needle: str, line: int) -> bool:
    start = 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return False
        if line_of(text, i) == line:
            return True
        start = i + 1


def build(seed: int) -> tuple[dict[str, str], dict]:
    c = Corpus(seed)
    for job in plan(c):
        job()
    texts: dict[str, str] = {}
    secrets: list[dict] = []
    for path in sorted(c.docs):
        doc = c.docs[path]
        texts[path] = doc.render()
        for p in doc.plants:
            e = {"path": path, "line": p.line, "secret": p.tok.value if p.encoded else p.raw, "kind": p.tok.kind,
                 "context": doc.context}
            if p.encoded:
                e["encoded"] = p.encoded
                e["encoded_value"] = p.raw
            if p.tok.core:
                e["core"] = p.tok.core
            if p.tok.optional:
                e["optional"] = True
            secrets.append(e)
    positives = sorted(p for p, d in c.docs.items() if d.positive)
    negatives = sorted(p for p, d in c.docs.items() if not d.positive)
    manifest = {"version": MANIFEST_VERSION, "seed": seed, "generator": "Fixtures/corpus/generate.py",
                "secrets": secrets, "positive_files": positives, "negative_files": negatives}
    manifest["stats"] = stats(manifest)
    check(texts, manifest)
    return texts, manifest


def stats(manifest: dict) -> dict:
    by_kind: dict[str, int] = {}
    by_context: dict[str, int] = {}
    required = [s for s in manifest["secrets"] if not s.get("optional")]
    for s in required:
        by_kind[s["kind"]] = by_kind.get(s["kind"], 0) + 1
        by_context[s["context"]] = by_context.get(s["context"], 0) + 1
    return {"files": len(manifest["positive_files"]) + len(manifest["negative_files"]),
            "positive_files": len(manifest["positive_files"]), "negative_files": len(manifest["negative_files"]),
            "secrets": len(required), "optional": len(manifest["secrets"]) - len(required),
            "encoded": sum(1 for s in required if s.get("encoded")), "kinds": len(by_kind),
            "by_kind": dict(sorted(by_kind.items())), "by_context": dict(sorted(by_context.items()))}


def check(texts: dict[str, str], manifest: dict) -> None:
    """Fail loudly if the manifest does not describe the files exactly."""
    problems = []
    for s in manifest["secrets"]:
        text = texts[s["path"]]
        where = f'{s["path"]}:{s["line"]} {s["kind"]}'
        if s.get("encoded"):
            if not occurs_at_line(text, s["encoded_value"], s["line"]):
                problems.append(f"{where}: encoded value not on its line")
            if s["encoded"] in ("percent", "hex") and s["secret"] in s["encoded_value"]:
                problems.append(f"{where}: encoded value shows the secret as is")
            if not any(s["secret"] in dec for dec in _decodings(s["encoded_value"], s["encoded"])):
                problems.append(f"{where}: decoding does not contain the secret")
        elif not occurs_at_line(text, s["secret"], s["line"]):
            problems.append(f"{where}: secret not on its line")
        if s.get("core") and s["core"] not in s["secret"]:
            problems.append(f"{where}: core not inside secret")
        # Random parts are drawn clean (Rand.s); passwords inside composites must be too. Fixed format prefixes
        # such as AGE-SECRET-KEY- or access_token$production$ are what real secrets look like.
        free = s.get("core") or (s["secret"] if s["kind"].startswith("generic") else "")
        if free and _looks_placeholder(free):
            problems.append(f"{where}: secret looks like a placeholder")
        v = s["secret"]
        if s["kind"] in ("github-pat", "github-oauth", "github-app-token", "github-refresh-token", "npm-token") \
                and not gh_checksum_ok(v):
            problems.append(f"{where}: bad checksum")
        if s["kind"] == "gitlab-pat-routable" and not gitlab_routable_ok(v):
            problems.append(f"{where}: bad routable checksum")
    planted = {s["secret"] for s in manifest["secrets"] if not s.get("optional")}
    planted |= {s["core"] for s in manifest["secrets"] if s.get("core")}
    for path in manifest["negative_files"]:
        for v in planted:
            if len(v) >= 8 and v in texts[path]:
                problems.append(f"{path}: negative file contains planted secret {v[:20]}…")
    if problems:
        raise SystemExit("corpus self-check failed:\n  " + "\n  ".join(problems[:50]))


def write(out: str, texts: dict[str, str], manifest: dict) -> None:
    for path, text in texts.items():
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main(argv: Optional[list[str]] = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="directory to write the corpus into (created; must be empty "
                    "unless --force)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the random source (default 1)")
    ap.add_argument("--force", action="store_true", help="empty an existing --out directory first")
    ap.add_argument("--quiet", action="store_true", help="do not print statistics")
    args = ap.parse_args(argv)

    out = os.path.abspath(args.out)
    here = os.path.dirname(os.path.abspath(__file__))
    repo_root = os.path.dirname(os.path.dirname(here))
    if out == repo_root or out.startswith(repo_root + os.sep):
        print(f"error: refusing to write planted secrets inside the repository ({out})", file=sys.stderr)
        return 2
    if os.path.exists(out) and os.listdir(out):
        if not args.force:
            print(f"error: {out} is not empty (use --force to replace its contents)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)

    texts, manifest = build(args.seed)
    write(out, texts, manifest)
    if not args.quiet:
        st = manifest["stats"]
        print(f"wrote {st['files']} files ({st['positive_files']} with secrets, {st['negative_files']} hard negatives)"
              f" and {st['secrets']} planted secrets of {st['kinds']} kinds (+{st['optional']} optional) to {out}")
        print("by context: " + ", ".join(f"{k} {v}" for k, v in st["by_context"].items()))
        print("by kind:    " + ", ".join(f"{k} {v}" for k, v in st["by_kind"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
