#!/usr/bin/env bash
# Runs a main class of distill-pipeline or distill-bench, building the module (and the modules it uses)
# and fetching MNIST first when needed. The module follows from the package: io.distill.pipeline.*
# runs from distill-pipeline, io.distill.bench.* from distill-bench. Used by deploy/local/run.sh
# and deploy/bench/*.sh:
#
#   deploy/local/java-main.sh io.distill.pipeline.PipelineClient ARGS...
#   deploy/local/java-main.sh io.distill.bench.TrainingThroughput
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
main=${1:?usage: java-main.sh MAIN_CLASS [ARGS...]}
shift
module=distill-$(echo "$main" | cut -d. -f3)
[ -f "$repo/$module/pom.xml" ] || { echo "java-main.sh: $main is not in io.distill.pipeline or io.distill.bench" >&2; exit 2; }

export DISTILL_DATA_DIR=${DISTILL_DATA_DIR:-$HOME/.cache/distill}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/distill/djl}
export ENGINE_CACHE_DIR=${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}
export DJL_OFFLINE=true
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "java-main.sh: $tool is needed (JDK 17 and Maven)" >&2; exit 1; }
done

"$repo/deploy/data/fetch-mnist.sh" >&2

# One reactor build, nothing installed: the classpath names distill-contract's (and for the bench
# distill-core's) jar under its target/.
classpath_file="$repo/$module/target/runtime-classpath.txt"
stale=$(find "$repo/$module/src/main" "$repo/$module/pom.xml" "$repo/distill-contract/src/main" \
  "$repo/distill-contract/pom.xml" "$repo/distill-core/src/main" "$repo/distill-core/pom.xml" "$repo/pom.xml" \
  -newer "$classpath_file" 2>/dev/null | head -n 1 || true)
if [ ! -f "$classpath_file" ] || [ -n "$stale" ]; then
  echo "java-main.sh: building $module" >&2
  (cd "$repo" && mvn -B -q -DskipTests -pl "$module" -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2)
fi

exec java -Xmx4g -Dorg.slf4j.simpleLogger.log.ai.djl=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn \
  -cp "$repo/$module/target/classes:$(cat "$classpath_file")" "$main" "$@"
