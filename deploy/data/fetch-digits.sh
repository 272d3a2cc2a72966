#!/usr/bin/env bash
# Fetches scikit-learn's digits (1,797 8x8 images as 64 features and a label, one CSV row each, no
# header) into ${DISTILL_DATA_DIR:-$HOME/.cache/distill}/digits/digits.csv.gz: a tabular set to register
# as a user would, with deploy/local/register-dataset.sh digits.csv.gz --no-header (the label is the
# last column).
#
# The file comes from Debian's python3-sklearn package, taken with `apt-get download` and unpacked with
# `dpkg-deb -x`, which needs no root and installs nothing. Idempotent: a file already present with the
# right MD5 is kept. Not part of fetch-all.sh: nothing but the tabular example needs it.
set -euo pipefail

data_dir="${DISTILL_DATA_DIR:-$HOME/.cache/distill}"
dest="$data_dir/digits"
package=python3-sklearn
inside=usr/lib/python3/dist-packages/sklearn/datasets/data

# MD5 of the file in python3-sklearn 1.2.1+dfsg-1.
declare -A md5=(
  [digits.csv.gz]=ca09b38354112f159cd554f69e213828
)

tag=fetch-digits
# shellcheck source=checksums.sh
. "$(dirname "$0")/checksums.sh"

if all_present; then
  verify
  echo "fetch-digits: digits already in $dest"
  exit 0
fi

mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v apt-get >/dev/null || { echo "fetch-digits: apt-get is needed to fetch $package" >&2; exit 1; }
echo "fetch-digits: fetching $package with apt-get download"
(cd "$work" && apt-get download "$package" >/dev/null 2>&1) \
  || { echo "fetch-digits: apt-get download $package failed; run 'apt-get update' as root first" >&2; exit 1; }
dpkg-deb -x "$work"/"$package"_*.deb "$work/root"
cp "$work/root/$inside/digits.csv.gz" "$dest/digits.csv.gz.part"
mv "$dest/digits.csv.gz.part" "$dest/digits.csv.gz"
verify
echo "fetch-digits: digits in $dest"
