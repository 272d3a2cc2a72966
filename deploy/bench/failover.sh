#!/usr/bin/env bash
# How long a teacher job takes to come back after kill -9 of the replica running it, and what it
# loses. Two teacher-service replicas share a local broker, PostgreSQL and object store; each round
# posts a job, waits until it has checkpointed WAIT_EPOCHS epochs and then KILL_DELAY seconds more
# (mid-epoch), kills the replica running it (SIGKILL), and times until the other replica has it
# RUNNING again (attempt 2), and until it finishes. The work lost is the part of the epoch after the
# last checkpoint. Where the takeover goes: "detected" is when the survivor's scheduler took the
# victim for dead (its log), "started" when the survivor started the job, "takeover" when its REST
# API showed attempt 2. See docs/benchmarks.md.
#
#   deploy/bench/failover.sh [ROUNDS]      (default 3)
#   BENCH_HIDDEN (1200,1200), BENCH_EPOCHS (8), BENCH_TRAIN_LIMIT (20000), WAIT_EPOCHS (2),
#   KILL_DELAY (2; keep it under an epoch's time, or the kill lands in a later epoch)
set -euo pipefail
# A benchmark measures the services, not tokens: they run without authentication.
export DISTILL_AUTH=off

repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-3}
app="$repo/teacher-service/target/quarkus-app/quarkus-run.jar"
[ -f "$app" ] || { echo "failover.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
# shellcheck source=servers.sh
. "$repo/deploy/bench/servers.sh"
body="{\"hidden\": [${BENCH_HIDDEN:-1200,1200}], \"epochs\": ${BENCH_EPOCHS:-8},"
body="$body \"trainLimit\": ${BENCH_TRAIN_LIMIT:-20000}, \"batchSize\": 256}"
wait_epochs=${WAIT_EPOCHS:-2} kill_delay=${KILL_DELAY:-2}

declare -A pid port
port[teacher-a]=18081 port[teacher-b]=18085
start() {
  HOSTNAME=$1 QUARKUS_HTTP_PORT=${port[$1]} DISTILL_STORE_DIR="$work/cache-$1" \
    DISTILL_PUBLIC_URL=http://localhost:${port[$1]} java -Xmx4g -jar "$app" >>"$work/$1.log" 2>&1 &
  pid[$1]=$!
  disown "${pid[$1]}"  # its kill -9 is the point, not news
  for _ in $(seq 1 120); do curl -sf "localhost:${port[$1]}/q/health/ready" >/dev/null && return; sleep 1; done
  echo "failover.sh: $1 is not ready; see $work/$1.log" >&2; exit 1
}
cleanup() {
  for r in "${!pid[@]}"; do kill "${pid[$r]}" 2>/dev/null || true; done
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT
start_servers
start teacher-a
start teacher-b

field() { python3 -c "import json,sys; j=json.load(sys.stdin); print(j$1)"; }
now() { date +%s.%N; }
# Seconds from the kill ($1) to the time of the last line of replica $2's log matching $3.
since_kill() {
  local at
  at=$(grep -h "$3" "$work/$2.log" | tail -1 | cut -c1-23 | tr , .)
  [ -n "$at" ] && python3 -c "print(f'{$(date -d "$at" +%s.%N) - $1:.1f}')" || echo -
}
echo "round  victim     epoch@kill  resumed-after  epochs-lost  detected(s)  started(s)  takeover(s)  total-after-kill(s)  attempts"
for round in $(seq 1 "$rounds"); do
  id=$(curl -sf -X POST -H 'Content-Type: application/json' -d "$body" localhost:18081/teachers | field '["id"]')
  # Poll the job until KILL_DELAY seconds have passed since its last epoch ended (at or after
  # WAIT_EPOCHS): that is the work the kill throws away.
  epoch=0 ended_at=
  while :; do
    job=$(curl -sf localhost:18081/teachers/$id)
    e=$(echo "$job" | field '["epoch"]')
    if [ "$e" != "$epoch" ]; then epoch=$e ended_at=$(now); fi
    if [ "$epoch" -ge "$wait_epochs" ] && python3 -c "import sys; sys.exit(0 if $(now) - $ended_at >= $kill_delay else 1)"; then
      break
    fi
    sleep 0.1
  done
  victim=$(echo "$job" | field '["instance"]') rate=$(echo "$job" | field '["examplesPerSecond"]')
  survivor=teacher-a; [ "$victim" = teacher-a ] && survivor=teacher-b
  kill -9 "${pid[$victim]}"; killed=$(now)
  lost=$(python3 -c "print(($killed - $ended_at) * $rate / ${BENCH_TRAIN_LIMIT:-20000})")
  # curl and grep alone, so that the polling itself adds little to the time measured.
  until curl -sf "localhost:${port[$survivor]}/teachers/$id" | grep -qE '"attempts": ?2[,}]'; do sleep 0.1; done
  taken=$(now)
  until curl -sf localhost:${port[$survivor]}/teachers/$id | grep -q '"state":"SUCCEEDED"'; do sleep 0.5; done
  done_at=$(now)
  resumed=$(grep -h "Job $id member 0 resumes after epoch" "$work/$survivor.log" | sed 's/.*after epoch \([0-9]*\).*/\1/' | tail -1)
  detected=$(since_kill "$killed" "$survivor" "ClusterManager: detected")
  started=$(since_kill "$killed" "$survivor" "job $id starts on $survivor")
  printf "%5d  %-9s  %10.2f  %13s  %11.2f  %11s  %10s  %11.1f  %19.1f  2\n" "$round" "$victim" \
    "$(python3 -c "print($epoch + $lost)")" "${resumed:-0}" "$lost" "$detected" "$started" \
    "$(python3 -c "print($taken-$killed)")" \
    "$(python3 -c "print($done_at-$killed)")"
  start "$victim"
done
