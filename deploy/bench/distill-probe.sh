#!/usr/bin/env bash
# What a distilled student learns: its logits against the teacher's on the transfer set and on
# validation, every PROBE_EVERY epochs (io.distill.bench.DistillProbe). See docs/results.md.
#   TEACHER_DIR  a teacher artifact directory (model.params + metadata.json); its logits are cached
#                there as logits.bin. Without an artifact, a proxy teacher of TEACHER_EPOCHS is trained.
#   MODE (a student mode, distill by default), T, SOFT_WEIGHT, HARD_WEIGHT, EPOCHS, BATCH, OPTIMIZER, LR,
#   MOMENTUM, WARMUP, WEIGHT_DECAY, CLIP (none), SEED, PROBE_EVERY; COPIES (1) and JITTER (2) for an
#   augmented transfer set: the originals and COPIES-1 jittered copies with the teacher's logits on each
#   (needs the artifact)
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/local/java-main.sh" io.distill.bench.DistillProbe
