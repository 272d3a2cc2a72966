#!/usr/bin/env bash
# Training throughput of distill-core on real MNIST (examples/s, GFLOP/s). See docs/benchmarks.md.
#   BENCH_EPOCHS (3) timed epochs per case after one warm-up epoch; BENCH_CASES picks cases by index
#   ("038", or "9,10" for the CNNs); BENCH_TRAIN_LIMIT (55000) examples; BENCH_DATASET (mnist, fashion-mnist).
#   Each dense case is followed by its same-shape GEMM limit (deploy/bench/gemm-limit.sh) and the
#   ratio; BENCH_GEMM_STEPS (200) steps in each of its 5 runs, 0 to leave it out.
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.TrainingThroughput
