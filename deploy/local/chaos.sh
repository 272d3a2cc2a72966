#!/usr/bin/env bash
# The fault run: a quick pipeline through the four services (deploy/local/run.sh --quick --chaos)
# during which the broker is restarted while soft targets stream, each service is killed (SIGKILL)
# mid-job and restarted, once each, and PostgreSQL and then the object store are stopped for 15 and
# 20 s while students train (deploy/local/chaos-monkey.sh). At the end it checks
# (io.distill.pipeline.chaos.ChaosCheck) that every job SUCCEEDED, that each transfer set holds
# exactly its count of distinct examples, and that no job completed twice, and writes what the
# faults cost (chaos.md: attempts, epochs trained again, duplicate events) into the run folder.
#
#   deploy/local/chaos.sh [run.sh options]        e.g. RUN_DIR=/tmp/chaos deploy/local/chaos.sh
#
# Bounded: the pipeline gives up after PIPELINE_TIMEOUT_MINUTES (30 here). It touches only the
# processes run.sh starts. Exit status 0 only if every invariant holds.
#
# The quick preset, with transfer sets of 6,000 examples instead of 2,000, so that streaming lasts
# long enough for a fault to land in it, and less training than --quick (a teacher of 4 epochs,
# students of 6, 3 on the jittered set), so that the run stays short: CI runs it. The students'
# test errors are printed but not judged (no --check): ChaosCheck judges the run.
set -euo pipefail
export PIPELINE_TIMEOUT_MINUTES=${PIPELINE_TIMEOUT_MINUTES:-30}
export TRANSFER_LIMIT=${TRANSFER_LIMIT:-6000} TEACHER_EPOCHS=${TEACHER_EPOCHS:-4} STUDENT_EPOCHS=${STUDENT_EPOCHS:-6}
export AUGMENT_EPOCHS=${AUGMENT_EPOCHS:-3}
exec "$(dirname "$0")/run.sh" --quick --chaos "$@"
