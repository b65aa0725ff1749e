#!/usr/bin/env bash
# CI step for a freshly built image: stream `docker save` into stowaway (nothing is written to disk) and fail the
# pipeline on critical or high findings. Build args and ENV end up in image history and config; files deleted in a
# later layer are still in the image: this is where they are caught.
set -euo pipefail
image="${1:?usage: image-scan.sh IMAGE[:TAG]}"
docker save "$image" | stowaway image - --format sarif=stowaway-image.sarif --format text --fail-on high
