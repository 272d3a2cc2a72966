#!/usr/bin/env bash
# Fetches Fashion-MNIST (gzipped idx) into ${DISTILL_DATA_DIR:-$HOME/.cache/distill}/fashion-mnist.
#
# The files come from Debian's dataset-fashion-mnist package. If it is installed, they are
# copied from /usr/share/datasets/fashion-mnist; otherwise the .deb is taken with
# `apt-get download` and unpacked with `dpkg-deb -x`, which needs no root and installs nothing.
# Idempotent: files already present with the right MD5 are kept.
set -euo pipefail

data_dir="${DISTILL_DATA_DIR:-$HOME/.cache/distill}"
dest="$data_dir/fashion-mnist"
package=dataset-fashion-mnist
installed=/usr/share/datasets/fashion-mnist

# MD5s of the files in dataset-fashion-mnist 0.0~git20200523.55506a9-1.
declare -A md5=(
  [train-images-idx3-ubyte.gz]=cf8536b0aa1a6ac5fa3f23001093305c
  [train-labels-idx1-ubyte.gz]=10bea18fdb374794d4bb42e356e600c9
  [t10k-images-idx3-ubyte.gz]=f78720b4224f21cce2f2ccf2d7a94c9a
  [t10k-labels-idx1-ubyte.gz]=0d30e22e447f3c33dab9ed536400ac01
)

tag=fetch-fashion-mnist
# shellcheck source=checksums.sh
. "$(dirname "$0")/checksums.sh"

if all_present; then
  verify
  echo "fetch-fashion-mnist: Fashion-MNIST already in $dest"
  exit 0
fi

mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -f "$installed/train-images-idx3-ubyte.gz" ]; then
  src="$installed"
else
  command -v apt-get >/dev/null || { echo "fetch-fashion-mnist: apt-get is needed to fetch $package" >&2; exit 1; }
  echo "fetch-fashion-mnist: fetching $package with apt-get download"
  if ! (cd "$work" && apt-get download "$package" >/dev/null 2>&1); then
    # A fresh machine may have empty package lists; refresh them once when we may.
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >/dev/null
      (cd "$work" && apt-get download "$package" >/dev/null)
    else
      echo "fetch-fashion-mnist: apt-get download $package failed; run 'apt-get update' as root first" >&2
      exit 1
    fi
  fi
  dpkg-deb -x "$work"/"$package"_*.deb "$work/root"
  src="$work/root$installed"
fi

for name in "${!md5[@]}"; do
  [ -f "$src/$name" ] || { echo "fetch-fashion-mnist: $package has no $name" >&2; exit 1; }
  cp "$src/$name" "$dest/$name.part"
  mv "$dest/$name.part" "$dest/$name"
done

verify
echo "fetch-fashion-mnist: Fashion-MNIST ready in $dest"
