#!/usr/bin/env bash
# A teacher against its own ONNX export run by ONNX Runtime, as an imported teacher is run: their logits
# example by example on every split (io.distill.bench.OnnxRoundTrip). See docs/results.md.
#   TEACHER_DIR  a teacher artifact directory (model.params + metadata.json) of a built-in data set
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.OnnxRoundTrip
