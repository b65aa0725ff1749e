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
  missing-config      the manifest names a config blob that is not in the layout
  wrong-digest        the manifest's bytes do not match the digest the index names it by
  garbage-after-archive  the layout packed as an OCI archive (OUTPUT is then a .tar file) with random bytes after it
  unknown-compression a layer whose bytes are neither tar, gzip nor zstd
  bad-digests         the index lists manifests by digests that try to climb out of blobs/ (`..:<hex>`,
                      `sha256:../../decoy`), in upper case and with an unknown algorithm; the good manifest lists its
                      layer 1 as `sha256:../../../decoy` (a decoy blob such a path would reach holds a second token);
                      layer 2 deletes etc/app.conf and adds srv/late.conf with the token
  tampered-layer      the second layer's bytes (carrying the token at srv/tampered.conf) do not hash to its digest
  garbage-after-gzip-tar     a gzip layer whose decompressed tar is followed by random bytes
  garbage-after-gzip-stream  a gzip layer whose compressed stream is followed by random bytes
  docker-save-garbage   a classic `docker save` archive (OUTPUT is a .tar file): its second layer.tar is followed
                        by random bytes, and so is the archive
  docker-save-tampered  a classic `docker save` archive whose second layer.tar does not match its diff id

Nothing here is a real credential: the token is synthetic and passed in by the test.
Usage: generate.py KIND OUTPUT_DIR --token TOKEN [--size MIB] [--depth N] [--decoy-token TOKEN]
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

    def finish(self, layers, config, missing_manifest=False, wrong_digest=False, extra_manifests=(), missing_config=False):
        config_descriptor = self.blob(json.dumps(config).encode(), write=not missing_config)
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
        manifests += extra_manifests
        with open(os.path.join(self.root, "index.json"), "w") as handle:
            json.dump({"schemaVersion": 2, "manifests": manifests}, handle)
        with open(os.path.join(self.root, "oci-layout"), "w") as handle:
            json.dump({"imageLayoutVersion": "1.0.0"}, handle)


TAR = "application/vnd.oci.image.layer.v1.tar"


def layer(layout, data, media_type=TAR, digest=None, write=True):
    descriptor = layout.blob(data, digest=digest, write=write)
    descriptor["mediaType"] = media_type
    return descriptor


def docker_save(output, layers, token, garbage):
    """A classic `docker save` archive: manifest.json, <config hex>.json and <id>/layer.tar per layer (uncompressed,
    the diff id is its sha256). `layers` holds (tar bytes, diff id or None for the true one)."""
    rng = random.Random(11)
    diff_ids = [diff or "sha256:" + hashlib.sha256(data).hexdigest() for data, diff in layers]
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids},
                         "history": [{"created_by": "ADD step%d /" % i} for i in range(len(layers))]}).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    files = [(config_name, config)]
    layer_paths = []
    for index, (data, _) in enumerate(layers):
        path = "%064x/layer.tar" % (index + 1)
        layer_paths.append(path)
        files.append((path, data))
    manifest = [{"Config": config_name, "RepoTags": ["saved:1"], "Layers": layer_paths}]
    files.append(("manifest.json", json.dumps(manifest).encode()))
    with open(output, "wb") as handle:
        handle.write(tar_bytes(files) + (bytes(rng.randrange(256) for _ in range(3000)) if garbage else b""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind")
    parser.add_argument("output")
    parser.add_argument("--token", required=True)
    parser.add_argument("--size", type=int, default=64, help="MiB of zeros in a bomb")
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--decoy-token", default="")
    args = parser.parse_args()

    if args.kind.startswith("docker-save-"):
        good = tar_bytes([("etc/app.conf", b"token=" + args.token.encode() + b"\n")])
        second = tar_bytes([("srv/second.conf", b"second=" + args.token.encode() + b"\n")])
        if args.kind == "docker-save-garbage":
            garbage = bytes(random.Random(5).randrange(256) for _ in range(4096))
            docker_save(args.output, [(good, None), (second + garbage, "sha256:" + hashlib.sha256(second + garbage).hexdigest())],
                        args.token, garbage=True)
        elif args.kind == "docker-save-tampered":
            docker_save(args.output, [(good, None), (second, "sha256:" + hashlib.sha256(b"original").hexdigest())],
                        args.token, garbage=False)
        else:
            parser.error("unknown kind " + args.kind)
        return

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
    elif kind in ("wrong-digest", "missing-manifest", "missing-config", "garbage-after-archive"):
        bad = layer(layout, tar_bytes([("srv/ok.txt", b"plain\n")]))
    elif kind == "bad-digests":
        bad = layer(layout, tar_bytes([("srv/ok.txt", b"plain\n")]))
    elif kind == "tampered-layer":
        bad = layer(layout, tar_bytes([("srv/tampered.conf", b"tampered=" + args.token.encode() + b"\n")]),
                    digest=hashlib.sha256(b"the layer as it was built").hexdigest())
    elif kind == "garbage-after-gzip-tar":
        garbage = bytes(rng.randrange(256) for _ in range(4096))
        bad = layer(layout, gzip.compress(tar_bytes([("srv/ok.conf", b"ok=" + args.token.encode() + b"\n")]) + garbage),
                    TAR + "+gzip")
    elif kind == "garbage-after-gzip-stream":
        garbage = bytes(rng.randrange(256) for _ in range(4096))
        bad = layer(layout, gzip.compress(tar_bytes([("srv/ok.conf", b"ok=" + args.token.encode() + b"\n")])) + garbage,
                    TAR + "+gzip")
    elif kind == "unknown-compression":
        bad = layer(layout, b"\x5d\x00\x00\x80\x00" + bytes(rng.randrange(256) for _ in range(2048)))
    else:
        parser.error("unknown kind " + kind)
    diff_ids.append(bad["digest"])
    config = {"architecture": "amd64", "os": "linux", "config": {},
              "rootfs": {"type": "layers", "diff_ids": diff_ids},
              "history": [{"created_by": "ADD app.conf /etc/"}, {"created_by": "ADD hostile /srv/"}]}
    extra_manifests = []
    layers = [good, bad]
    if kind == "bad-digests":
        # What `blobs/../<hex>` and `blobs/sha256/../../decoy` would reach: a manifest whose layer holds the decoy token.
        decoy_layer = tar_bytes([("decoy.conf", b"decoy=" + args.decoy_token.encode() + b"\n")])
        decoy_digest = hashlib.sha256(decoy_layer).hexdigest()
        with open(os.path.join(args.output, "blobs", decoy_digest), "wb") as handle:
            handle.write(decoy_layer)
        with open(os.path.join(args.output, "decoy"), "wb") as handle:
            handle.write(decoy_layer)
        hexes = hashlib.sha256(b"x").hexdigest()
        for name, digest in [("climb:1", "..:" + decoy_digest), ("path:1", "sha256:../../decoy"),
                             ("upper:1", "sha256:" + hexes.upper()), ("md5:1", "md5:" + hexes[:32]),
                             ("short:1", "sha256:" + hexes[:63])]:
            extra_manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 100,
                                    "digest": digest, "annotations": {"org.opencontainers.image.ref.name": name}})
        # The refused layer sits in the middle: the layer after it keeps its number, and its whiteout still deletes.
        layers.insert(1, {"mediaType": TAR, "digest": "sha256:../../../decoy", "size": len(decoy_layer)})
        diff_ids.insert(1, "sha256:" + decoy_digest)
        config["history"].insert(1, {"created_by": "ADD decoy /"})
        late = tar_bytes([("etc/.wh.app.conf", b""), ("srv/late.conf", b"late=" + args.token.encode() + b"\n")])
        layers[2] = layer(layout, late)
        diff_ids[2] = layers[2]["digest"]
        config["history"][2] = {"created_by": "ADD late /"}
    layout.finish(layers, config, missing_manifest=kind == "missing-manifest", wrong_digest=kind == "wrong-digest",
                  extra_manifests=extra_manifests, missing_config=kind == "missing-config")
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
