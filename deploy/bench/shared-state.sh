#!/usr/bin/env bash
# What the shared state costs a training job: teacher-service built before the database and object
# store (BEFORE_JAR, its state on local disk) against the current one (jobs in PostgreSQL, a
# checkpoint uploaded to S3 after every epoch), the same teacher job on each, alternately, so that
# machine drift hits both alike. See docs/benchmarks.md.
#
#   BEFORE_JAR=/path/to/old/quarkus-run.jar deploy/bench/shared-state.sh [ROUNDS]   (default 3)
#   BENCH_EPOCHS (4) timed epochs after a warm-up one, at batch 256 (the default recipe)
#
# Build the old jar from a worktree, for example at commit 1bf26af:
#   git worktree add /tmp/before 1bf26af && (cd /tmp/before && mvn -B -q package -DskipTests -pl teacher-service -am)
set -euo pipefail
# A benchmark measures the services, not tokens: they run without authentication.
export DISTILL_AUTH=off

repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-3}
epochs=${BENCH_EPOCHS:-4}
before=${BEFORE_JAR:?BEFORE_JAR is the quarkus-run.jar of a teacher-service built before the shared state}
after="$repo/teacher-service/target/quarkus-app/quarkus-run.jar"
[ -f "$after" ] || { echo "shared-state.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
port=18081
# shellcheck source=servers.sh
. "$repo/deploy/bench/servers.sh"

service_pid=
stop_service() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  service_pid=
}
cleanup() {
  stop_service
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT
start_servers

# Runs one teacher job on the jar $1 (labelled $2) and prints its per-epoch rates.
run() {
  DISTILL_STORE_DIR="$work/store-$2-$round" QUARKUS_HTTP_PORT=$port KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
    java -Xmx4g -jar "$1" >"$work/$2.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$port/q/health/ready" >/dev/null && break; sleep 1; done
  id=$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"epochs\": $((epochs + 1)), \"batchSize\": 256, \"seed\": $round}" "localhost:$port/teachers" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 "$repo/deploy/bench/epoch-rates.py" "$port" "$id" "round $round  $2"
  stop_service
}
for round in $(seq 1 "$rounds"); do
  run "$before" "before (local disk)      "
  run "$after" "after (PostgreSQL + S3)  "
done
