#!/usr/bin/env bash
# Fetches promtool, Prometheus' own metrics checker, into ${DISTILL_DATA_DIR:-$HOME/.cache/distill}/tools,
# where the services' endpoint tests find it (distill-testkit's Promtool) when it is neither in
# $PROMTOOL nor on the PATH. It comes from Debian's prometheus package: the .deb is taken with
# `apt-get download` and only the one binary is unpacked with `dpkg-deb -x`, which needs no root and
# installs nothing (not the server, its user or its system service). Idempotent.
set -euo pipefail

data_dir="${DISTILL_DATA_DIR:-$HOME/.cache/distill}"
dest="$data_dir/tools/promtool"
package=prometheus

if [ -n "${PROMTOOL:-}" ] || command -v promtool >/dev/null || [ -x "$dest" ]; then
  exit 0
fi
command -v apt-get >/dev/null || { echo "fetch-promtool: apt-get is needed to fetch $package's promtool" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-promtool: fetching promtool from $package with apt-get download"
if ! (cd "$work" && apt-get download "$package" >/dev/null 2>&1); then
  # A fresh machine may have empty package lists; refresh them once when we may.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    (cd "$work" && apt-get download "$package" >/dev/null 2>&1)
  else
    echo "fetch-promtool: apt-get download $package failed; run 'apt-get update' as root first" >&2
    exit 1
  fi
fi
dpkg-deb -x "$work"/"$package"_*.deb "$work/root"
mkdir -p "$(dirname "$dest")"
install -m 0755 "$work/root/usr/bin/promtool" "$dest.part"
mv "$dest.part" "$dest"
echo "fetch-promtool: promtool ready in $dest"
