#!/usr/bin/env bash
# Training throughput of distill-core on real MNIST (examples/s, GFLOP/s). See docs/benchmarks.md.
#   BENCH_EPOCHS (3) timed epochs per case after one warm-up epoch; BENCH_CASES picks cases by index
#   ("038", or "9,10" for the CNNs); BENCH_TRAIN_LIMIT (55000) examples; BENCH_DATASET (mnist, fashion-mnist).
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.TrainingThroughput
