#!/usr/bin/env bash
# Soft-target streaming: inference plus publishing of a transfer set through soft-target-service,
# then a plain kafka-clients producer sending the same records with the same settings. See
# docs/benchmarks.md.
#
#   deploy/bench/soft-targets.sh TEACHER_URL TEACHER_MODEL_ID
#
# Expects the local broker on 127.0.0.1:${KAFKA_PORT:-9092} (deploy/local/kafka.sh start), a
# teacher-service at TEACHER_URL that announced TEACHER_MODEL_ID on teacher-models, and a built
# soft-target-service (mvn -B package -DskipTests). It starts soft-target-service on port 18082.
set -euo pipefail
# A benchmark measures the services, not tokens: they run without authentication.
export DISTILL_AUTH=off

repo=$(cd "$(dirname "$0")/../.." && pwd)
teacher=${2:?usage: soft-targets.sh TEACHER_URL TEACHER_MODEL_ID}
bootstrap=127.0.0.1:${KAFKA_PORT:-9092}
port=18082
work=$(mktemp -d)
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/distill/djl} OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}

service_pid=
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Its own consumer group, so that it reads teacher-models from the start even when another
# soft-target-service on the same broker has committed past the teacher's ModelReady.
MP_MESSAGING_INCOMING_TEACHER_MODELS_GROUP_ID=soft-target-bench-$$ \
DISTILL_STORE_DIR="$work/store" QUARKUS_HTTP_PORT=$port KAFKA_BOOTSTRAP_SERVERS=$bootstrap \
  java -Xmx4g -jar "${SOFT_TARGET_APP:-$repo/soft-target-service/target/quarkus-app/quarkus-run.jar}" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do curl -sf "localhost:$port/q/health/ready" >/dev/null && break; sleep 1; done
for _ in $(seq 1 60); do
  curl -sf "localhost:$port/transfer-sets/teachers" | grep -q "\"$teacher\"" && break; sleep 1
done

for limit in ${BENCH_LIMITS:-55000}; do
  id=$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"teacherModelIds\": [\"$teacher\"], \"limit\": $limit}" "localhost:$port/transfer-sets" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 - "$port" "$id" <<'PY'
import json, sys, time, urllib.request
port, sid = sys.argv[1], sys.argv[2]
while True:
    j = json.load(urllib.request.urlopen(f"http://localhost:{port}/transfer-sets/{sid}"))
    if j["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
        break
    time.sleep(0.5)
s = j["metrics"].get("seconds", 0)
print(f"service: set {sid} {j['state']}: {j['count']} events in {s:.2f} s (inference + publishing) = {j['count']/s:.0f} events/s")
PY
  "$repo/deploy/local/java-main.sh" io.distill.bench.ProducerThroughput "$bootstrap" "$id"
done
