#!/usr/bin/env bash
# Runs a main class of distill-core on real MNIST, building distill-core and fetching the data first
# when needed. Used by deploy/local/run.sh and deploy/bench/*.sh:
#
#   deploy/local/java-main.sh io.distill.core.pipeline.PipelineClient ARGS...
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
main=${1:?usage: java-main.sh MAIN_CLASS [ARGS...]}
shift

export DISTILL_DATA_DIR=${DISTILL_DATA_DIR:-$HOME/.cache/distill}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/distill/djl}
export ENGINE_CACHE_DIR=${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}
export DJL_OFFLINE=true
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "java-main.sh: $tool is needed (JDK 17 and Maven)" >&2; exit 1; }
done

"$repo/deploy/data/fetch-mnist.sh" >&2

jar="$repo/distill-core/target/classes"
classpath_file="$repo/distill-core/target/runtime-classpath.txt"
stale=$(find "$repo/distill-core/src/main" "$repo/distill-core/pom.xml" "$repo/pom.xml" -newer "$classpath_file" 2>/dev/null | head -n 1 || true)
if [ ! -f "$classpath_file" ] || [ -n "$stale" ]; then
  echo "java-main.sh: building distill-core" >&2
  (cd "$repo" && mvn -B -q -DskipTests -Dexec.skip install -pl distill-core -am >&2)
  (cd "$repo" && mvn -B -q -pl distill-core dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$classpath_file" >&2)
fi

exec java -Xmx4g -Dorg.slf4j.simpleLogger.log.ai.djl=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn -cp "$jar:$(cat "$classpath_file")" "$main" "$@"
