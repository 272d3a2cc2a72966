#!/usr/bin/env bash
# distill's main command: the paper's MNIST experiment on real MNIST.
#
#   deploy/local/run.sh [--quick | --paper]
#
# Until the services' one-request pipeline lands, this runs the experiment in one process through
# distill-core: a jittered dropout teacher (784-1200-1200-10), then a hard-label 784-800-800-10 student
# and a distilled one at T=20, and prints their test errors beside the paper's.
#   --quick (default)  a few epochs each: a few minutes on 2 cores
#   --paper            long schedules (hours on a CPU)
# DEMO_TEACHER_EPOCHS, DEMO_STUDENT_EPOCHS and DEMO_TRAIN_LIMIT override the preset.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
preset=quick
for arg in "$@"; do
  case "$arg" in
    --quick) preset=quick ;;
    --paper) preset=paper ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$preset" = paper ]; then
  export DEMO_TEACHER_EPOCHS=${DEMO_TEACHER_EPOCHS:-200}
  export DEMO_STUDENT_EPOCHS=${DEMO_STUDENT_EPOCHS:-90}
else
  export DEMO_TEACHER_EPOCHS=${DEMO_TEACHER_EPOCHS:-6}
  export DEMO_STUDENT_EPOCHS=${DEMO_STUDENT_EPOCHS:-6}
fi

exec "$here/java-main.sh" io.distill.core.demo.Demo
