#!/usr/bin/env bash
# Training throughput of distill-core on real MNIST (examples/s, GFLOP/s). See docs/benchmarks.md.
#   BENCH_EPOCHS (3) timed epochs per case after one warm-up epoch; BENCH_CASES picks cases by index.
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.TrainingThroughput
