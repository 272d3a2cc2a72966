#!/usr/bin/env bash
# Training throughput through teacher-service versus the raw distill-core loop, same net, same
# recipe, run alternately so that machine drift hits both alike. See docs/benchmarks.md.
#
#   deploy/bench/teacher-service.sh [ROUNDS]     (default 2 rounds; each round: service, then raw loop)
#   BENCH_EPOCHS (3) timed epochs after a warm-up one; BENCH_BATCH 256 (the default recipe) or 128
#
# Needs a built teacher-service (mvn -B package -DskipTests) and starts its own broker (port 19092),
# PostgreSQL (15432) and object store (19000), which the service keeps its jobs and artifacts in.
set -euo pipefail
# A benchmark measures the services, not tokens: they run without authentication.
export DISTILL_AUTH=off

repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-2}
epochs=${BENCH_EPOCHS:-3}
batch=${BENCH_BATCH:-256}
case "$batch" in
  128) raw_case=7 ;;
  256) raw_case=8 ;;
  *) echo "teacher-service.sh: BENCH_BATCH is 128 or 256 (the raw loop's cases)" >&2; exit 2 ;;
esac
work=$(mktemp -d)
port=18081
# shellcheck source=servers.sh
. "$repo/deploy/bench/servers.sh"
app="$repo/teacher-service/target/quarkus-app/quarkus-run.jar"
[ -f "$app" ] || { echo "teacher-service.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }

service_pid=
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT

start_servers
DISTILL_STORE_DIR="$work/store" QUARKUS_HTTP_PORT=$port KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
  java -Xmx4g -jar "$app" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do curl -sf "localhost:$port/q/health/ready" >/dev/null && break; sleep 1; done

# The raw loop's cases 7 and 8 are the same net: 784-1200-1200-10, dropout, jitter, max-norm every
# 4 steps, at batch 128 and 256. (The learning-rate and momentum schedules differ; they cost nothing.)
body="{\"epochs\": $((epochs + 1)), \"batchSize\": $batch, \"maxNormEvery\": 4}"
for round in $(seq 1 "$rounds"); do
  id=$(curl -sf -X POST -H 'Content-Type: application/json' -d "$body" "localhost:$port/teachers" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  # Per-epoch training rates, as the job reports them after each epoch; the first is the warm-up.
  python3 "$repo/deploy/bench/epoch-rates.py" "$port" "$id" "service  784-1200-1200-10 teacher, norm/4  $batch"
  BENCH_CASES=$raw_case BENCH_EPOCHS=$epochs "$repo/deploy/bench/throughput.sh" 2>/dev/null | grep norm/4 | sed 's/^/raw loop /'
done
