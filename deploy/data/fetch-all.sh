#!/usr/bin/env bash
# Fetches every data set distill uses into ${DISTILL_DATA_DIR:-$HOME/.cache/distill}. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/fetch-mnist.sh"
"$here/fetch-fashion-mnist.sh"
