#!/usr/bin/env bash
# The same-shape GEMM limit of a training step on this machine: examples/s if a step were nothing but
# its matrix products (MXNet's, the engine training uses), with no network. See docs/benchmarks.md.
#   deploy/bench/gemm-limit.sh [SIZES:BATCH...]    e.g. 784-1200-1200-10:128 (the default: the
#   training loop's dense cases). BENCH_STEPS (200) steps a run, BENCH_REPEATS (5) runs a shape.
# deploy/bench/throughput.sh measures the limit of each dense case beside it and prints the ratio.
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.GemmLimit "$@"
