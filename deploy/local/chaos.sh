#!/usr/bin/env bash
# The fault run: a quick pipeline through the four services (deploy/local/run.sh --quick --check)
# during which the broker is restarted while soft targets stream and each service is killed
# (SIGKILL) mid-job and restarted, once each (deploy/local/chaos-monkey.sh). At the end it checks
# (io.distill.pipeline.chaos.ChaosCheck) that every job SUCCEEDED, that each transfer set holds
# exactly its count of distinct examples, and that no job completed twice, and writes what the
# faults cost (chaos.md: attempts, epochs trained again, duplicate events) into the run folder.
#
#   deploy/local/chaos.sh [run.sh options]        e.g. RUN_DIR=/tmp/chaos deploy/local/chaos.sh
#
# Bounded: the pipeline gives up after PIPELINE_TIMEOUT_MINUTES (30 here). It touches only the
# processes run.sh starts. Exit status 0 only if every invariant holds.
set -euo pipefail
export PIPELINE_TIMEOUT_MINUTES=${PIPELINE_TIMEOUT_MINUTES:-30}
exec "$(dirname "$0")/run.sh" --quick --check --chaos "$@"
