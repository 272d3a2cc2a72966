# The faults of deploy/local/run.sh --chaos (deploy/local/chaos.sh). Sourced by run.sh, which defines
# run, here, names, ports, start_service, await_ready and say. chaos_monkey runs in the background
# while the pipeline client follows the run: it watches the client's progress.jsonl and, once each,
#   - restarts the broker as soon as soft-target-service streams a transfer set;
#   - kills (SIGKILL) and restarts each service in the middle of one of its jobs: teacher-service
#     after an epoch, soft-target-service while the broker is away (the set it streamed then stalled
#     half sent, and starts again),
#     student-service after a student's third epoch and specialist-service after the first epoch
#     of a specialist or of the control. A restart runs beside the watching, so no other fault waits for it;
#   - stops PostgreSQL for 15 s while a student trains (after its first epoch), keeping its data;
#   - then stops the object store for 20 s while the next student or specialist trains.
# Each fault is a line of chaos.log; ChaosCheck then checks the run's invariants.

# The id of a job that has an event matching $1 on line $2 or later of progress.jsonl and no result
# yet: a job running now. Nothing if there is none.
chaos_running_job() {
  local id
  for id in $(tail -n +"${2:-1}" "$run/progress.jsonl" 2>/dev/null | grep -E "$1" | grep -oE '"jobId":"[^"]*"' \
      | cut -d'"' -f4 | sort -u); do
    grep -qE "\"jobId\":\"$id\",\"state\":\"(SUCCEEDED|FAILED|CANCELLED)\"" "$run/progress.jsonl" || { echo "$id"; return; }
  done
}

chaos_note() {
  echo "$(date -u +%H:%M:%S) $*" >>"$run/chaos.log"
  say "chaos: $*"
}

# Kills replica $1 (port $2) with SIGKILL, in the middle of job $3, and starts it again.
chaos_kill() {
  local name=$1 port=$2 pid
  pid=$(cat "$run/$name.pid")
  kill -9 "$pid" 2>/dev/null || true
  chaos_note "killed $name (pid $pid) during job $3"
  start_service "$name" "$port"
  await_ready "$name" "$port" && chaos_note "$name is back"
}

# Stops server $1 (postgres or s3) for $2 seconds with its data kept, in the middle of job $3.
chaos_outage() {
  local server=$1 seconds=$2 job=$3 prefix=S3
  [ "$server" = postgres ] && prefix=POSTGRES
  chaos_note "stopping $server for $seconds s during job $job"
  env "${prefix}_KEEP_DATA=1" "${prefix}_WORK_DIR=$run/$server" "$here/$server.sh" stop >/dev/null 2>&1
  sleep "$seconds"
  env "${prefix}_WORK_DIR=$run/$server" "$here/$server.sh" start >/dev/null 2>&1 && chaos_note "$server is back"
}

# The database's outage during student job $1, then the object store's during the next training job
# found running (a student or a specialist past its first epoch), waiting at most 5 minutes for one.
chaos_outages() {
  local job tries=0 from
  chaos_outage postgres 15 "$1"
  local training='"service":"(student|specialist)-service","jobId":"[^"]*","state":"RUNNING","epoch":[1-9]'
  # A job with an event since the database came back: the line is fixed once, not moved at each look.
  from=$(($(grep -c . "$run/progress.jsonl") + 1))
  until job=$(chaos_running_job "$training" "$from") && [ -n "$job" ]; do
    tries=$((tries + 1))
    [ "$tries" -lt 600 ] || { chaos_note "no training job ran after the database was back"; return; }
    sleep 0.5
  done
  chaos_outage s3 20 "$job"
}

chaos_monkey() {
  local running='"state":"RUNNING"' job k name service
  local -A done=() trigger=(
    [teacher-service]="\"service\":\"teacher-service\",\"jobId\":\"[^\"]*\",$running,\"epoch\":[1-9]"
    [student-service]="\"service\":\"student-service\",\"jobId\":\"[^\"]*\",$running,\"epoch\":([3-9]|[1-9][0-9])"
    [specialist-service]="\"service\":\"specialist-service\",\"jobId\":\"[^\"]*-(sp[0-9]+|control)\",$running,\"epoch\":[1-9]")
  local streaming="\"service\":\"soft-target-service\",\"jobId\":\"[^\"]*\",$running"
  local student="\"service\":\"student-service\",\"jobId\":\"[^\"]*\",$running,\"epoch\":"
  : >"$run/chaos.log"
  while [ "${#done[@]}" -lt $((${#names[@]} + 2)) ]; do
    sleep 0.5
    if [ -z "${done[broker]:-}" ] && job=$(chaos_running_job "$streaming") && [ -n "$job" ]; then
      done[broker]=1
      chaos_note "stopping the broker while soft targets stream (job $job)"
      STOP_WAIT_SECONDS=10 KAFKA_KEEP_DATA=1 KAFKA_WORK_DIR="$run/kafka" "$here/kafka.sh" stop >/dev/null 2>&1
      # The set stalls with the broker, half sent: soft-target-service-0 is killed in the middle of
      # it now, and restarts while the broker comes back. Waiting for a set's event once the broker
      # is back can miss every one: a 6,000-example set streams in well under a second, between two
      # looks at progress.jsonl.
      done[soft-target-service-0]=1
      chaos_kill soft-target-service-0 "${ports[1]}" "$job" &
      sleep 3
      KAFKA_WORK_DIR="$run/kafka" "$here/kafka.sh" start >/dev/null 2>&1 && chaos_note "the broker is back"
    fi
    # The outages, one after the other in the background, from the first student past its first epoch.
    if [ -z "${done[outages]:-}" ] && job=$(chaos_running_job "$student[1-9]") && [ -n "$job" ]; then
      done[outages]=1
      chaos_outages "$job" &
    fi
    for k in "${!names[@]}"; do
      name=${names[$k]} service=${names[$k]%-*}
      [ -n "${done[$name]:-}" ] || [ -z "${trigger[$service]:-}" ] && continue
      if job=$(chaos_running_job "${trigger[$service]}") && [ -n "$job" ]; then
        done[$name]=1
        chaos_kill "$name" "${ports[$k]}" "$job" &
      fi
    done
  done
  chaos_note "every fault is done"
  wait
}
