#!/usr/bin/env bash
# Soft-target streaming: how fast soft-target-service streams a transfer set, and how many bytes each
# event takes on the broker, for deployments that differ in one setting (inline examples against
# referenced ones, say). See docs/benchmarks.md.
#
#   deploy/bench/soft-targets.sh [RUN_DIR ...]
#
# Each RUN_DIR is the folder of a deploy/local/run.sh deployment that is still up (--keep-running) and
# whose teacher succeeded. Without one, the script starts a deployment of its own and stops it at the
# end: run.sh with a teacher alone (784-1200-1200-10, BENCH_TEACHER_EPOCHS epochs, 1 by default, on
# BENCH_TEACHER_TRAIN_LIMIT images, 30,000), on ports that leave a run.sh on the defaults alone
# (PORT_BASE 18181 and the ones after it; set PORT_BASE, KAFKA_PORT, KAFKA_CONTROLLER_PORT, PG_PORT and
# S3_PORT to move them), its folder in a temporary directory, deleted at the end.
#
# For each limit of BENCH_LIMITS (default "55000 54999 54998": a request identical to an earlier one
# returns the existing set) and each run in turn, it posts a transfer set of that run's teacher and
# waits for it, so that one set streams at a time. It prints the service's own
# time for the set (reading the examples, inference, JSON, publishing with acks=all), events/s, and by
# how many bytes the broker's soft-targets partitions grew, per event (record batches as stored,
# lz4-compressed, with the broker's indexes), and where the set's time went, phase by phase, as the
# service logs it (fetching the teachers, inference, serialisation, sends with their compression, the
# last acknowledgements, the manifest; inference overlaps the other phases, see StreamPhases).
#
# For example, inline against referenced MNIST examples:
#   PORT_BASE=8281 KAFKA_PORT=9292 KAFKA_CONTROLLER_PORT=9293 PG_PORT=5632 S3_PORT=9200 RUN_DIR=run/inline \
#     deploy/local/run.sh --quick --keep-running &
#   PORT_BASE=8381 KAFKA_PORT=9392 KAFKA_CONTROLLER_PORT=9393 PG_PORT=5732 S3_PORT=9300 RUN_DIR=run/referenced \
#     DISTILL_SOFT_TARGETS_INLINE_MAX_BYTES=0 deploy/local/run.sh --quick --keep-running &
#   (once both pipelines have ended) deploy/bench/soft-targets.sh run/inline run/referenced
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)

if [ $# -eq 0 ]; then
  own=$(mktemp -d)
  printf '{"hidden": [1200, 1200], "epochs": %d, "trainLimit": %d}\n' \
    "${BENCH_TEACHER_EPOCHS:-1}" "${BENCH_TEACHER_TRAIN_LIMIT:-30000}" >"$own/teacher.json"
  PORT_BASE=${PORT_BASE:-18181} KAFKA_PORT=${KAFKA_PORT:-19192} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19193} \
    PG_PORT=${PG_PORT:-15532} S3_PORT=${S3_PORT:-19100} RUN_DIR="$own/run" \
    "$repo/deploy/local/run.sh" --plan "$own/teacher.json" --keep-running >"$own/run.log" 2>&1 &
  runner=$!
  # run.sh stops the broker, the database, the object store and the services when asked to stop.
  trap 'kill -TERM "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; rm -rf "$own"' EXIT
  echo "soft-targets.sh: starting a deployment with a teacher of its own (log: $own/run.log)"
  until grep -q "services still running" "$own/run.log"; do
    if ! kill -0 "$runner" 2>/dev/null; then
      tail -n 20 "$own/run.log" >&2
      echo "soft-targets.sh: the deployment did not come up" >&2
      exit 1
    fi
    sleep 5
  done
  set -- "$own/run"
fi

# What the bench needs of each run: its soft-target-service's URL, a token, and the teacher model.
declare -A url token teacher
for run in "$@"; do
  [ -f "$run/run.env" ] || { echo "soft-targets.sh: $run is not a run folder (no run.env)" >&2; exit 2; }
  port_base=$(sed -n 's/.*PORT_BASE=\([0-9]*\).*/\1/p' "$run/run.env")
  url[$run]=http://localhost:$((port_base + 1))
  token[$run]=
  if [ -d "$run/keys" ]; then
    token[$run]=$(DISTILL_KEYS_DIR="$run/keys" "$repo/deploy/local/token.sh" distill-submit distill-read)
  fi
  teacher[$run]=$(curl -sf -H "Authorization: Bearer ${token[$run]}" "${url[$run]}/transfer-sets/teachers" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["modelId"])') \
    || { echo "soft-targets.sh: no teacher at ${url[$run]}/transfer-sets/teachers; is $run up?" >&2; exit 1; }
done

# The bytes of the broker's soft-targets partitions, as stored.
broker_bytes() {
  du -sb "$1"/kafka/data/soft-targets-* | awk '{ s += $1 } END { print s + 0 }'
}

for limit in ${BENCH_LIMITS:-55000 54999 54998}; do
  for run in "$@"; do
    before=$(broker_bytes "$run")
    id=$(curl -sf -X POST -H "Authorization: Bearer ${token[$run]}" -H 'Content-Type: application/json' \
      -d "{\"teacherModelIds\": [\"${teacher[$run]}\"], \"limit\": $limit}" "${url[$run]}/transfer-sets" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    # The set's state, events and seconds once it has ended.
    read -r state count seconds < <(python3 - "${url[$run]}/transfer-sets/$id" "${token[$run]}" <<'PY'
import json, sys, time, urllib.request
url, token = sys.argv[1], sys.argv[2]
while True:
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token} if token else {})
    job = json.load(urllib.request.urlopen(req))
    if job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
        break
    time.sleep(0.5)
print(job["state"], job["count"], (job.get("metrics") or {}).get("seconds") or 0)
PY
    )
    sleep 2 # the broker appends the last batches as they arrive; this covers its last write
    grown=$(( $(broker_bytes "$run") - before ))
    python3 -c 'import sys
run, sid, state, n, s, grown = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
rate = f"{n / s:,.0f}" if s else "-"
print(f"{run}: set {sid} {state}: {n:,} events in {s:.2f} s = {rate} events/s;"
      f" the broker grew by {grown:,} bytes, {grown / max(n, 1):,.0f} an event", flush=True)' \
      "$run" "$id" "$state" "$count" "$seconds" "$grown"
    # Where the set's time went, as the service logged it (StreamPhases).
    grep -h "Transfer set $id: " "$run"/soft-target-service-*.log 2>/dev/null | tail -1 \
      | sed 's/.*a second); /  phases: /' || true
  done
done
