#!/usr/bin/env bash
# Rewrites a pipeline run's report from its run folder alone, with no broker or service running:
# results.json, results.md, validation-errors.png and results.png, from the progress.jsonl, the
# teacher-job.json and the job records under jobs/ that the pipeline client (run.sh, which passes it
# --run-dir) saved there. Builds distill-pipeline first when needed, through java-main.sh.
#
#   deploy/local/report.sh RUN_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: report.sh RUN_DIR}
[ -d "$dir" ] || { echo "report.sh: no folder $dir" >&2; exit 2; }
exec "$here/java-main.sh" io.distill.pipeline.report.RunReport "$(cd "$dir" && pwd)"
