#!/usr/bin/env bash
# The same-shape GEMM limit of a training step on this machine: examples/s if a step were nothing but
# its matrix products, with no network. See docs/benchmarks.md.
#   deploy/bench/gemm-limit.sh [SIZES:BATCH...]    e.g. 784-1200-1200-10:128 (the default: the
#   training loop's dense cases). BENCH_STEPS (200) steps a run, BENCH_REPEATS (5) runs a shape.
# First through the engine training uses (MXNet's dense-layer operator, io.distill.bench.GemmLimit),
# then, when this machine's python3 has numpy, through numpy's BLAS at the same shapes, as a second
# opinion (with OPENBLAS_CORETYPE unset: a Haswell setting caps OpenBLAS at AVX2).
# deploy/bench/throughput.sh measures the engine's limit beside each dense case and prints the ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/local/java-main.sh" io.distill.bench.GemmLimit "$@"

python3 -c 'import numpy' 2>/dev/null || { echo "gemm-limit.sh: no numpy in python3; the engine's limit only" >&2; exit 0; }
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(784-1200-1200-10:128 784-1200-1200-10:256 784-800-800-10:128)
echo "numpy $(python3 -c 'import numpy; print(numpy.__version__)'), the same products:"
env -u OPENBLAS_CORETYPE OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" python3 - "${BENCH_STEPS:-200}" \
    "${BENCH_REPEATS:-5}" "${shapes[@]}" <<'PY'
import sys, time
import numpy as np

steps, repeats = int(sys.argv[1]), int(sys.argv[2])
for shape in sys.argv[3:]:
    sizes, batch = shape.split(":")
    sizes, batch = [int(s) for s in sizes.split("-")], int(batch)
    rng = np.random.default_rng(1)
    layers = [(rng.random((batch, i), np.float32), rng.random((i, o), np.float32), rng.random((batch, o), np.float32))
              for i, o in zip(sizes, sizes[1:])]
    rates = []
    for run in range(repeats + 1):  # the first run warms up
        start = time.perf_counter()
        for _ in range(steps):
            for k, (x, w, dy) in enumerate(layers):
                x @ w  # forward
                dy.T @ x  # the weights' gradient
                if k > 0:
                    dy @ w.T  # the input's gradient
        if run > 0:
            rates.append(steps * batch / (time.perf_counter() - start))
    rates.sort()
    print(f"{'-'.join(map(str, sizes)):<22} {batch:6d} {rates[len(rates) // 2]:12.0f}   runs {[round(r) for r in rates]}")
PY
