#!/usr/bin/env python3
"""Hostile container images for the hostile-input suite (Tests/CLITests/HostileInputTests.swift).

Writes an OCI image layout directory holding one image whose first layer is always intact (it carries the token
given with --token, so a test can check that findings outside the bad input are still reported) and whose second
layer, or manifest, is broken in the way KIND names:

  tar-bomb            a layer entry whose header declares 8 GiB and holds a few bytes (truncated layer)
  gzip-bomb           a gzip layer that inflates to --size MiB of zeros from a few hundred KiB
  zstd-bomb           the same with zstd (needs the zstd command)
  truncated-tar       the layer cut in the middle of an entry
  garbage-after-tar   a valid layer followed by random bytes
  nested              archives nested --depth levels deep, the token in the innermost
  missing-blob        the manifest names a layer blob that is not in the layout
  missing-manifest    the index names a second image whose manifest blob is not in the layout
  wrong-digest        the manifest's bytes do not match the digest the index names it by
  garbage-after-archive  the layout packed as an OCI archive (OUTPUT is then a .tar file) with random bytes after it
  unknown-compression a layer whose bytes are neither tar, gzip nor zstd

Nothing here is a real credential: the token is synthetic and passed in by the test.
Usage: generate.py KIND OUTPUT_DIR --token TOKEN [--size MIB] [--depth N]
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import random
import subprocess
import tarfile


def tar_bytes(files):
    """An uncompressed tar of (name, bytes) pairs."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def huge_declared_entry(name, size, payload):
    """One tar header declaring `size` bytes (GNU base-256 size field) followed by only `payload`."""
    header = bytearray(tarfile.TarInfo(name).tobuf(format=tarfile.GNU_FORMAT))
    header[124:136] = b"\x80" + size.to_bytes(11, "big")
    header[148:156] = b"        "
    checksum = sum(header[:512])
    header[148:156] = b"%06o\x00 " % checksum
    return bytes(header[:512]) + payload + b"\x00" * (-len(payload) % 512)


class Layout:
    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)

    def blob(self, data, digest=None, write=True):
        digest = digest or hashlib.sha256(data).hexdigest()
        if write:
            with open(os.path.join(self.root, "blobs", "sha256", digest), "wb") as handle:
                handle.write(data)
        return {"digest": "sha256:" + digest, "size": len(data)}

    def finish(self, layers, config, missing_manifest=False, wrong_digest=False):
        config_descriptor = self.blob(json.dumps(config).encode())
        config_descriptor["mediaType"] = "application/vnd.oci.image.config.v1+json"
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": config_descriptor, "layers": layers}
        manifest_descriptor = self.blob(json.dumps(manifest).encode())
        manifest_descriptor["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
        manifest_descriptor["annotations"] = {"org.opencontainers.image.ref.name": "hostile:1"}
        manifests = [manifest_descriptor]
        if wrong_digest:
            # Same name, different bytes: what a tampered or corrupted manifest looks like.
            path = os.path.join(self.root, "blobs", "sha256", manifest_descriptor["digest"].split(":")[1])
            with open(path, "w") as handle:
                json.dump(manifest, handle, indent=1)
            manifest_descriptor["size"] = os.path.getsize(path)
        if missing_manifest:
            absent = {"mediaType": manifest_descriptor["mediaType"], "size": 1234,
                      "digest": "sha256:" + hashlib.sha256(b"absent manifest").hexdigest(),
                      "annotations": {"org.opencontainers.image.ref.name": "absent:1"}}
            manifests.append(absent)
        with open(os.path.join(self.root, "index.json"), "w") as handle:
            json.dump({"schemaVersion": 2, "manifests": manifests}, handle)
        with open(os.path.join(self.root, "oci-layout"), "w") as handle:
            json.dump({"imageLayoutVersion": "1.0.0"}, handle)


TAR = "application/vnd.oci.image.layer.v1.tar"


def layer(layout, data, media_type=TAR, digest=None, write=True):
    descriptor = layout.blob(data, digest=digest, write=write)
    descriptor["mediaType"] = media_type
    return descriptor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind")
    parser.add_argument("output")
    parser.add_argument("--token", required=True)
    parser.add_argument("--size", type=int, default=64, help="MiB of zeros in a bomb")
    parser.add_argument("--depth", type=int, default=5)
    args = parser.parse_args()

    layout = Layout(args.output)
    good = layer(layout, tar_bytes([("etc/app.conf", b"token=" + args.token.encode() + b"\n")]))
    diff_ids = [good["digest"]]
    rng = random.Random(7)
    kind = args.kind
    zeros = b"\x00" * (args.size << 20)
    if kind == "tar-bomb":
        bad = layer(layout, huge_declared_entry("srv/huge.bin", 8 << 30, b"A" * 100))
    elif kind == "gzip-bomb":
        bad = layer(layout, gzip.compress(tar_bytes([("srv/zeros.bin", zeros)]), 9), TAR + "+gzip")
    elif kind == "zstd-bomb":
        packed = subprocess.run(["zstd", "-q", "-19", "-c"], input=tar_bytes([("srv/zeros.bin", zeros)]),
                                check=True, capture_output=True).stdout
        bad = layer(layout, packed, TAR + "+zstd")
    elif kind == "truncated-tar":
        filler = bytes(rng.choice(b"abcdefghij \n") for _ in range(64 << 10))
        whole = tar_bytes([("srv/filler.txt", filler)])
        bad = layer(layout, whole[: len(whole) // 2])
    elif kind == "garbage-after-tar":
        garbage = bytes(rng.randrange(256) for _ in range(4096))
        bad = layer(layout, tar_bytes([("srv/ok.txt", b"plain\n")]) + garbage)
    elif kind == "nested":
        inner = b"token=" + args.token.encode() + b"\n"
        name = "deep.conf"
        for level in range(args.depth):
            inner = tar_bytes([(name, inner)])
            name = "level%d.tar" % level
        bad = layer(layout, tar_bytes([("srv/" + name, inner)]))
    elif kind == "missing-blob":
        bad = layer(layout, tar_bytes([("srv/gone.txt", b"gone\n")]), write=False)
    elif kind in ("wrong-digest", "missing-manifest", "garbage-after-archive"):
        bad = layer(layout, tar_bytes([("srv/ok.txt", b"plain\n")]))
    elif kind == "unknown-compression":
        bad = layer(layout, b"\x5d\x00\x00\x80\x00" + bytes(rng.randrange(256) for _ in range(2048)))
    else:
        parser.error("unknown kind " + kind)
    diff_ids.append(bad["digest"])
    config = {"architecture": "amd64", "os": "linux", "config": {},
              "rootfs": {"type": "layers", "diff_ids": diff_ids},
              "history": [{"created_by": "ADD app.conf /etc/"}, {"created_by": "ADD hostile /srv/"}]}
    layout.finish([good, bad], config, missing_manifest=kind == "missing-manifest", wrong_digest=kind == "wrong-digest")
    if kind == "garbage-after-archive":
        packed = io.BytesIO()
        with tarfile.open(fileobj=packed, mode="w", format=tarfile.USTAR_FORMAT) as archive:
            for name in sorted(os.listdir(args.output)) + ["blobs/sha256/" + n for n in sorted(os.listdir(os.path.join(args.output, "blobs", "sha256")))]:
                path = os.path.join(args.output, name)
                if os.path.isfile(path):
                    archive.add(path, arcname=name)
        subprocess.run(["rm", "-rf", args.output], check=True)
        with open(args.output, "wb") as handle:
            handle.write(packed.getvalue() + bytes(rng.randrange(256) for _ in range(3000)))


if __name__ == "__main__":
    main()
