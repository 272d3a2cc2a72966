#!/usr/bin/env bash
# distill's main command: the paper's MNIST experiment, end to end through the four services.
#
#   deploy/local/run.sh [--quick | --paper] [--dataset ID_OR_FILE] [--seeds N] [--env FILE] [--replicas N] [--check]
#                       [--keep-running] [--chaos]
#   deploy/local/run.sh [--quick | --paper] [--seeds N] [--env FILE] [--teacher JOB_ID] --print-plan
#   deploy/local/run.sh --resume RUN_DIR [--check] [--keep-running]
#   deploy/local/run.sh [--quick | --paper] [--seeds N] --teacher JOB_ID --from RUN_DIR
#
# It builds the services if needed, fetches MNIST if missing (Fashion-MNIST too for a run on it), starts a local Kafka
# broker (deploy/local/kafka.sh), PostgreSQL (deploy/local/postgres.sh) and an S3 object store
# (deploy/local/s3.sh) with their data under run/<timestamp>/, and the four services as packaged jars
# on ports 8081-8084, each with its cache there too, then starts the whole pipeline with one POST /teachers
# carrying a plan: the teacher; the transfer set with hard and distilled (T=20) students and a
# specialist ensemble with its compute-matched control; an augmented copy of that set (jittered
# copies of each image) with distilled students and their control, hard students on the same copies;
# the transfer set without 3s and the one of only 7s and 8s, each with distilled students and the bias fix. Each student runs once per seed. It
# follows distill-progress on a board of the plan's jobs by role (redrawn in place on a terminal, a
# line per change in a log; failures said at once), prints the results table beside the paper's numbers,
# writes the events, job records, results.json, results.md and plots (validation-errors.png,
# results.png) into the run folder (deploy/local/report.sh RUN_DIR redraws them from there), and
# stops everything it started, also on Ctrl-C. A service that exits and is not back within a minute
# stops the run at once, unfinished, with its name and log.
#
#   --quick (default)  small sizes and few epochs, real training on real MNIST: about 6 minutes on 2 cores
#   --paper            the full architectures and long schedules: hours on 2 cores
#   --dataset ID_OR_FILE  the pipeline on another data set than MNIST: a registered set's id or name, or a
#                      local file (.npz, .csv, .csv.gz, or an image-folder .zip/.tar) that is registered first
#                      (deploy/local/register-dataset.sh). The plan is then the teacher and one transfer set
#                      with its hard and distilled students and the specialist ensemble with its control;
#                      nothing is jittered for a set of vectors
#   --seeds N          each student N times, with seeds 1..N (default: 1 with --quick, 3 with --paper)
#   --resume RUN_DIR   carry on an interrupted run: the same broker, database and object store data,
#                      the same plan; the services take their unfinished jobs up from their last
#                      checkpoint, and the pipeline is followed, not posted again
#   --env FILE         a file of VAR=value lines overriding the preset (variables below)
#   --replicas N       N replicas of each training service (teacher, student, specialist): replica r
#                      of the service on port P listens on P + 4r and is named <service>-<r>
#   --check            exit non-zero unless every job succeeded and the distilled student beat the hard one
#   --keep-running     leave the broker and services up at the end (stop them with Ctrl-C)
#   --chaos            faults during the run, then checks that nothing was lost (deploy/local/chaos.sh)
#   --plan FILE        post FILE (a POST /teachers body, with or without a plan) instead of the preset's
#                      plan: a teacher alone, or a plan of your own; the preset still sets the servers' sizes
#   --teacher JOB_ID --from RUN_DIR
#                      the students of the plan from teacher job JOB_ID of the finished run in RUN_DIR,
#                      without training it again: the new run starts on a copy of that run's database and
#                      object store, and its POST /teachers is {"reuse": JOB_ID, "plan": ...}
#   --print-plan       print the preset's plan (the body of its POST /teachers) and exit, starting nothing:
#                      to post it to a deployment of your own (deploy/README.md, "Run the pipeline")
#
# The run folder keeps the broker's, the database's and the object store's data when run.sh stops, so
# that --resume can go on; delete the folder to reclaim the space. When the run finishes, a --paper run
# (KEEP_MODELS=1) keeps its database and object store, every model and job record in them, and drops
# only the broker's data; a --quick run (KEEP_MODELS=0) drops all three.
#
# Variables: TEACHER_HIDDEN (1200,1200), TEACHER_EPOCHS, TEACHER_TRAIN_LIMIT (null = all),
# TRANSFER_LIMIT (null = all), STUDENT_HIDDEN (800,800), STUDENT_EPOCHS, STUDENT_BATCH, SPECIALISTS,
# SPECIALIST_EPOCHS, AUGMENT_COPIES, AUGMENT_EPOCHS, PIPELINE_TIMEOUT_MINUTES, KEEP_MODELS, PORT_BASE (8081),
# CONSOLE_PORT (PORT_BASE - 1: the web console, started unless DISTILL_AUTH=off),
# DATASET_OPTIONS (register-dataset.sh's options for a --dataset file, such as "--no-header"),
# TEACHER_ARCHITECTURE and STUDENT_ARCHITECTURE (an architecture object in place of the *_HIDDEN MLP,
# such as '{"type": "cnn", "conv": [{"filters": 32, "kernel": 3, "pool": 2}], "hidden": [128]}'),
# TEACHER_FIELDS (more teacher request fields, such as '"inputDropout": 0'), SECOND_STUDENT_ARCHITECTURE
# (a second student net, trained hard and distilled beside the first on the full set),
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), PG_PORT (5432), S3_PORT (9000),
# RUN_DIR (run/<timestamp>), DISTILL_DATA_DIR (~/.cache/distill), DISTILL_AUTH (jwt: bearer tokens
# signed with a key pair made for the run in RUN_DIR/keys; off: no REST authentication),
# KAFKA_SECURITY (scram: the broker takes only SASL/SCRAM-SHA-512 over TLS, each service logs in as its
# own user and deploy/kafka/acls.tsv limits what it may read and write, as in Kubernetes; plaintext:
# no TLS, no users, no ACLs).
#
# Security is on by default, REST and Kafka alike, so that every run exercises what a deployment runs;
# DISTILL_AUTH=off and KAFKA_SECURITY=plaintext are for debugging.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
preset=quick check= keep= env_file= replicas=1 seeds= resume= chaos= dataset= print_plan= plan_file=
teacher_job= from_run=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) preset=quick ;;
    --paper) preset=paper ;;
    --check) check=--check ;;
    --keep-running) keep=1 ;;
    --chaos) chaos=1 ;;
    --print-plan) print_plan=1 ;;
    --env) env_file=${2:?--env needs a file}; shift ;;
    --plan) plan_file=${2:?--plan needs a file}; shift
      [ -f "$plan_file" ] || { echo "run.sh: no plan file $plan_file" >&2; exit 2; }
      plan_file=$(cd "$(dirname "$plan_file")" && pwd)/$(basename "$plan_file") ;;
    --teacher) teacher_job=${2:?--teacher needs a teacher job id}; shift ;;
    --from) from_run=${2:?--from needs a run folder}; shift
      [ -f "$from_run/postgres/data/PG_VERSION" ] && [ -d "$from_run/s3/data" ] \
        || { echo "run.sh: $from_run holds no database and object store (a finished --paper run keeps them)" >&2; exit 2; }
      [ ! -f "$from_run/postgres/data/postmaster.pid" ] \
        || { echo "run.sh: the run in $from_run is still running; stop it first" >&2; exit 2; }
      from_run=$(cd "$from_run" && pwd) ;;
    --dataset) dataset=${2:?--dataset needs a data set id, name or file}; shift ;;
    --seeds) seeds=${2:?--seeds needs a number}; shift
      [[ "$seeds" =~ ^[1-9][0-9]?$ ]] || { echo "run.sh: --seeds $seeds is not a number from 1 to 99" >&2; exit 2; } ;;
    --resume) resume=${2:?--resume needs a run folder}; shift
      [ -f "$resume/run.env" ] || { echo "run.sh: $resume is not a run folder (no run.env)" >&2; exit 2; } ;;
    --replicas) replicas=${2:?--replicas needs a number}; shift
      [[ "$replicas" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --replicas $replicas is not a positive number" >&2; exit 2; } ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
# (--print-plan prints a plan with --teacher alone: for a deployment that holds the teacher job.)
if [ -n "$teacher_job$from_run" ] && { [ -z "$teacher_job" ] || [ -z "$from_run$print_plan" ]; }; then
  echo "run.sh: --teacher and --from go together: the teacher job, and the run folder that trained it" >&2
  exit 2
fi
if [ -n "$resume" ]; then
  # The interrupted run's settings, as it saved them: the same preset, seeds, plan and ports.
  resume=$(cd "$resume" && pwd)
  set -a; . "$resume/run.env"; set +a
  RUN_DIR=$resume preset=$PRESET replicas=$REPLICAS
elif [ -n "$env_file" ]; then
  [ -f "$env_file" ] || { echo "run.sh: no env file $env_file" >&2; exit 2; }
  set -a; . "$env_file"; set +a
fi

if [ "$preset" = paper ]; then
  : "${TEACHER_EPOCHS:=150}" "${TEACHER_TRAIN_LIMIT:=null}" "${TRANSFER_LIMIT:=null}" "${STUDENT_EPOCHS:=60}"
  : "${STUDENT_BATCH:=128}"
  : "${SPECIALISTS:=3}" "${SPECIALIST_EPOCHS:=10}" "${PIPELINE_TIMEOUT_MINUTES:=1440}" "${SEEDS:=${seeds:-3}}"
  : "${AUGMENT_COPIES:=10}" "${AUGMENT_EPOCHS:=12}" "${KEEP_MODELS:=1}"
else
  # The paper's 3% experiment in small: a teacher on 30,000 images, students on 2,000 of them.
  : "${TEACHER_EPOCHS:=8}" "${TEACHER_TRAIN_LIMIT:=30000}" "${TRANSFER_LIMIT:=2000}" "${STUDENT_EPOCHS:=30}"
  : "${STUDENT_BATCH:=50}"
  : "${SPECIALISTS:=2}" "${SPECIALIST_EPOCHS:=3}" "${PIPELINE_TIMEOUT_MINUTES:=40}" "${SEEDS:=${seeds:-1}}"
  : "${AUGMENT_COPIES:=4}" "${AUGMENT_EPOCHS:=10}" "${KEEP_MODELS:=0}"
fi
: "${TEACHER_HIDDEN:=1200,1200}" "${STUDENT_HIDDEN:=800,800}" "${PORT_BASE:=8081}"
export KAFKA_PORT=${KAFKA_PORT:-9092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export KAFKA_SECURITY=${KAFKA_SECURITY:-scram}
export PG_PORT=${PG_PORT:-5432} S3_PORT=${S3_PORT:-9000}
export QUARKUS_DATASOURCE_JDBC_URL=${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://127.0.0.1:$PG_PORT/distill}
export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-distill}
export DISTILL_OBJECT_STORE_ENDPOINT=${DISTILL_OBJECT_STORE_ENDPOINT:-http://127.0.0.1:$S3_PORT}
export DISTILL_OBJECT_STORE_BUCKET=${DISTILL_OBJECT_STORE_BUCKET:-distill}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-distill}
export AWS_REGION=${AWS_REGION:-us-east-1}
export DISTILL_DATA_DIR=${DISTILL_DATA_DIR:-$HOME/.cache/distill}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/distill/djl} DJL_OFFLINE=true
export ENGINE_CACHE_DIR=${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR} OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}
run=${RUN_DIR:-$repo/run/$(date +%Y%m%d-%H%M%S)}
services=(teacher-service soft-target-service student-service specialist-service)
say() { echo "run.sh: $*" >&2; }

# The pipeline's plan, the body of its POST /teachers, from the preset's variables (and, with --dataset,
# the set's id and jitter, which need a running teacher-service).
plan_json() {
  # Each student once per seed; the results table groups the seeds of one student into mean ± sd.
  # A net is an architecture object when one is given (a CNN, say), else the MLP of the *_HIDDEN widths.
  teacher_net="\"hidden\": [$TEACHER_HIDDEN]"
  [ -z "${TEACHER_ARCHITECTURE:-}" ] || teacher_net="\"architecture\": $TEACHER_ARCHITECTURE"
  [ -z "${TEACHER_FIELDS:-}" ] || teacher_net+=", $TEACHER_FIELDS"
  # The teacher: trained by its fields, or (--teacher) a trained one reused with the plan.
  teacher="$teacher_net, \"epochs\": $TEACHER_EPOCHS, \"trainLimit\": $TEACHER_TRAIN_LIMIT"
  [ -z "$teacher_job" ] || teacher="\"reuse\": \"$teacher_job\""
  student_net="\"hidden\": [$STUDENT_HIDDEN]"
  [ -z "${STUDENT_ARCHITECTURE:-}" ] || student_net="\"architecture\": $STUDENT_ARCHITECTURE"
  student="$student_net, \"epochs\": $STUDENT_EPOCHS, \"batchSize\": $STUDENT_BATCH"
  each_seed() {
    local out= sep=
    for seed in $(seq 1 "$SEEDS"); do out+="$sep{$1, ${2:-$student}, \"seed\": $seed}" sep=", "; done
    echo "$out"
  }
  # The augmented set (beyond the paper's section 3, whose transfer set has no translations): each
  # image and AUGMENT_COPIES - 1 copies jittered by up to 2 px, for AUGMENT_EPOCHS epochs. A hard-label
  # student on exactly those copies (same set, epochs and seed) is its control: what augmentation alone gives.
  augmented="$student_net, \"epochs\": $AUGMENT_EPOCHS, \"batchSize\": $STUDENT_BATCH"
  distill='"mode": "distill", "temperature": 20'
  # A second student net, hard and distilled beside the first on the full set, from the same teacher.
  second=
  if [ -n "${SECOND_STUDENT_ARCHITECTURE:-}" ]; then
    other="\"architecture\": $SECOND_STUDENT_ARCHITECTURE, \"epochs\": $STUDENT_EPOCHS, \"batchSize\": $STUDENT_BATCH"
    second=", $(each_seed '"mode": "hard"' "$other"), $(each_seed "$distill" "$other")"
  fi
  if [ -n "$dataset" ]; then
    # A reused teacher brings its data set and jitter with it.
    teacher_data=", \"dataset\": \"$dataset\", \"jitter\": $jitter"
    [ -z "$teacher_job" ] || teacher_data=
    cat <<EOF
{$teacher$teacher_data,
 "plan": {"transferSets": [
   {"name": "full", "dataset": "$dataset", "limit": $TRANSFER_LIMIT,
    "students": [$(each_seed '"mode": "hard"'), $(each_seed "$distill")$second],
    "ensembles": [{"specialists": $SPECIALISTS, "epochs": $SPECIALIST_EPOCHS, "control": true}]}]}}
EOF
  else
  cat <<EOF
{$teacher,
 "plan": {"transferSets": [
   {"name": "full", "limit": $TRANSFER_LIMIT,
    "students": [$(each_seed '"mode": "hard"'), $(each_seed "$distill")$second],
    "ensembles": [{"specialists": $SPECIALISTS, "epochs": $SPECIALIST_EPOCHS, "control": true}]},
   {"name": "jittered", "limit": $TRANSFER_LIMIT, "copies": $AUGMENT_COPIES, "jitter": 2,
    "students": [$(each_seed '"mode": "hard"' "$augmented"), $(each_seed "$distill" "$augmented")]},
   {"name": "no-threes", "omitClasses": [3], "limit": $TRANSFER_LIMIT,
    "students": [$(each_seed "$distill, \"biasAdjust\": \"auto\"")]},
   {"name": "sevens-and-eights", "onlyClasses": [7, 8], "limit": $TRANSFER_LIMIT,
    "students": [$(each_seed "$distill, \"biasAdjust\": \"auto\"")]}]}}
EOF
  fi
}

if [ -n "$print_plan" ]; then
  [ -z "$dataset" ] || { say "--print-plan prints the MNIST plan; another set's needs it registered (run.sh --dataset)"; exit 2; }
  plan_json
  exit 0
fi


for tool in java mvn curl; do
  command -v "$tool" >/dev/null || { say "$tool is needed (JDK 17, Maven, curl)"; exit 1; }
done

# Build when a jar is missing or older than any source.
stale=
for s in "${services[@]}" console-service; do
  jar="$repo/$s/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$repo/$s/src/main" "$repo/distill-contract/src/main" \
      "$repo/distill-core/src/main" "$repo/distill-server/src/main" "$repo/distill-pipeline/src/main" \
      -newer "$jar" -print -quit)" ]; then
    stale=1
  fi
done

# Each long step runs as a child that run.sh waits for, so that SIGTERM or SIGINT is handled at once
# (bash runs a trap only between commands, and a wait is interrupted by it); stop_all ends the child.
child=
in_child() {
  "$@" &
  child=$!
  local status=0
  wait "$child" || status=$?
  child=
  return $status
}
# Stops the child in_child waits for, and its own children.
stop_child() {
  [ -n "$child" ] || return 0
  pkill -TERM -P "$child" 2>/dev/null || true
  kill "$child" 2>/dev/null || true
}
finished= monkey= console= watcher= lost=
names=() ports=()
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  stop_child
  # A service asked to stop queues its running jobs again (they resume from their last checkpoint);
  # one that takes longer than 4 s is killed, which Quartz's recovery also survives. With the servers'
  # 3 s below, everything stops within 10 s of a signal.
  [ -n "$monkey" ] && { kill "$monkey" 2>/dev/null || true; }
  [ -n "$watcher" ] && { kill "$watcher" 2>/dev/null || true; }
  local pids=()
  for name in "${names[@]}" ${console:+"$console"}; do
    [ -f "$run/$name.pid" ] && pids+=("$(cat "$run/$name.pid")") && rm -f "$run/$name.pid"
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 8); do
    alive=
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # An unfinished run keeps its data, so that --resume can carry it on. A finished one keeps its
  # database and object store with KEEP_MODELS=1 (--paper): every model and job record stays.
  local keep_data=1 keep_models=1
  [ -n "$finished" ] && keep_data=0
  [ -n "$finished" ] && [ "$KEEP_MODELS" != 1 ] && keep_models=0
  export STOP_WAIT_SECONDS=3
  KAFKA_KEEP_DATA=$keep_data KAFKA_WORK_DIR="$run/kafka" "$here/kafka.sh" stop >/dev/null 2>&1 &
  S3_KEEP_DATA=$keep_models S3_WORK_DIR="$run/s3" "$here/s3.sh" stop >/dev/null 2>&1 &
  POSTGRES_KEEP_DATA=$keep_models POSTGRES_WORK_DIR="$run/postgres" "$here/postgres.sh" stop >/dev/null 2>&1 &
  wait
  say "stopped the broker, the database, the object store and the services; logs are in $run"
  if [ -z "$finished" ] && [ -f "$run/run.env" ]; then
    say "the run did not finish; carry it on with: $0 --resume $run"
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'say "stopping (signal)"; exit 130' INT TERM

if [ -n "$stale" ]; then
  say "building the services (mvn -B package -DskipTests)"
  in_child bash -c 'cd "$1" && mvn -B -q package -DskipTests >&2' build "$repo"
fi
# MNIST for every run; Fashion-MNIST only for a run on it (--dataset fashion-mnist, or resuming one).
DISTILL_DATA_DIR=$DISTILL_DATA_DIR in_child "$repo/deploy/data/fetch-mnist.sh" >&2
if [ "$dataset" = fashion-mnist ] || grep -qs '"fashion-mnist"' "$run/pipeline.json" ${plan_file:+"$plan_file"}; then
  DISTILL_DATA_DIR=$DISTILL_DATA_DIR in_child "$repo/deploy/data/fetch-fashion-mnist.sh" >&2
fi

mkdir -p "$run"
if [ -n "$from_run" ] && [ ! -d "$run/postgres/data" ]; then
  # --teacher: this run starts on a copy of the teacher's run's database and object store (not its broker).
  say "copying the database and object store of $from_run"
  mkdir -p "$run/postgres" "$run/s3"
  cp -a "$from_run/postgres/data" "$run/postgres/data"
  cp -a "$from_run/s3/data" "$run/s3/data"
fi
if [ -z "$resume" ]; then
  # What --resume needs to carry on this run as it was started.
  {
    echo "PRESET=$preset" "REPLICAS=$replicas" "SEEDS=$SEEDS"
    for v in TEACHER_HIDDEN TEACHER_EPOCHS TEACHER_TRAIN_LIMIT TRANSFER_LIMIT STUDENT_HIDDEN STUDENT_EPOCHS \
        STUDENT_BATCH SPECIALISTS SPECIALIST_EPOCHS AUGMENT_COPIES AUGMENT_EPOCHS PIPELINE_TIMEOUT_MINUTES KEEP_MODELS \
        PORT_BASE KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_SECURITY PG_PORT S3_PORT; do
      echo "$v=${!v}"
    done
  } >"$run/run.env"
fi

# The database's and the object store's passwords: none is committed; each run makes its own (kept
# in the run folder for --resume) unless they are set.
if [ ! -f "$run/credentials.env" ]; then
  (umask 077; {
    echo "QUARKUS_DATASOURCE_PASSWORD=${QUARKUS_DATASOURCE_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
    echo "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
  } >"$run/credentials.env")
fi
set -a; . "$run/credentials.env"; set +a
KAFKA_WORK_DIR="$run/kafka" in_child "$here/kafka.sh" start
POSTGRES_WORK_DIR="$run/postgres" in_child "$here/postgres.sh" start
S3_WORK_DIR="$run/s3" in_child "$here/s3.sh" start
# The services and the pipeline client read the brokers, and any other KAFKA_* setting, alike. With
# KAFKA_SECURITY=scram each also reads its user's settings (kafka_env) from what kafka.sh made.
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
kafka_env() {
  local file="$run/kafka/secrets/$1.env"
  if [ "$KAFKA_SECURITY" = scram ]; then
    # shellcheck disable=SC1090
    . "$file"
  fi
}
# REST authentication, on unless DISTILL_AUTH=off: a key pair of the run's own (made on first use, kept
# for --resume), with which the services verify tokens and sign their own for the services they call;
# the pipeline client gets a token with both roles that outlives the pipeline's timeout by an hour.
# The services refuse tokens living longer than SMALLRYE_JWT_TIME_TO_LIVE (24 h by default), so a
# --paper run, whose pipeline may take 24 h, raises that for its own services.
export DISTILL_AUTH=${DISTILL_AUTH:-jwt}
if [ "$DISTILL_AUTH" != off ]; then
  export DISTILL_KEYS_DIR="$run/keys" MP_JWT_VERIFY_ISSUER=${MP_JWT_VERIFY_ISSUER:-distill-local}
  token_lifetime=$((PIPELINE_TIMEOUT_MINUTES * 60 + 3600))
  if [ "$token_lifetime" -gt "${SMALLRYE_JWT_TIME_TO_LIVE:-86400}" ]; then
    export SMALLRYE_JWT_TIME_TO_LIVE=$token_lifetime
  fi
  DISTILL_TOKEN=$(TOKEN_LIFETIME_SECONDS=$token_lifetime "$here/token.sh" distill-submit distill-read)
  export DISTILL_TOKEN MP_JWT_VERIFY_PUBLICKEY_LOCATION="$DISTILL_KEYS_DIR/public.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$DISTILL_KEYS_DIR/private.pem"
fi
# Starts replica $1 (<service>-<r>) on port $2, its pid in $run/$1.pid; also used to restart one.
start_service() {
  local name=$1 port=$2
  mkdir -p "$run/cache/$name"
  (
    kafka_env "${name%-*}"
    HOSTNAME=$name QUARKUS_HTTP_PORT=$port DISTILL_STORE_DIR="$run/cache/$name" \
      DISTILL_PUBLIC_URL=http://localhost:$port \
      exec java -Xmx4g -jar "$repo/${name%-*}/target/quarkus-app/quarkus-run.jar"
  ) >>"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  # Tracked by its pid file, not as a job: a kill (--chaos, or stop_all) is no job notice.
  disown
}
# Waits until replica $1 on port $2 is ready; fails the run if it exits or is not ready in 3 minutes.
await_ready() {
  local name=$1 url=http://localhost:$2
  for _ in $(seq 1 180); do
    curl -sf "$url/q/health/ready" >/dev/null && return 0
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { say "$name exited; see $run/$name.log"; return 1; }
    sleep 1
  done
  curl -sf "$url/q/health/ready" >/dev/null || { say "$name is not ready; see $run/$name.log"; return 1; }
}
# Replica r of service i listens on PORT_BASE + i + 4r; soft-target-service runs once.
for r in $(seq 0 $((replicas - 1))); do
  for i in "${!services[@]}"; do
    s=${services[$i]}
    [ "$r" -gt 0 ] && [ "$s" = soft-target-service ] && continue
    names+=("$s-$r") ports+=($((PORT_BASE + i + 4 * r)))
    start_service "$s-$r" "${ports[-1]}"
  done
done
for k in "${!names[@]}"; do
  await_ready "${names[$k]}" "${ports[$k]}" || exit 1
  url=http://localhost:${ports[$k]}
  say "${names[$k]} ready at $url (health $url/q/health, Swagger UI $url/q/swagger-ui, metrics $url/q/metrics)"
done
# The web console over replica 0 of each service. It verifies people's tokens with the run's keys and
# signs its own with them, so it runs only with REST authentication on; it is not a chaos target.
if [ "$DISTILL_AUTH" != off ]; then
  console=console-service-0 console_port=${CONSOLE_PORT:-$((PORT_BASE - 1))}
  export DISTILL_CONSOLE_TEACHER_SERVICE_URL=http://localhost:$PORT_BASE \
    DISTILL_CONSOLE_SOFT_TARGET_SERVICE_URL=http://localhost:$((PORT_BASE + 1)) \
    DISTILL_CONSOLE_STUDENT_SERVICE_URL=http://localhost:$((PORT_BASE + 2)) \
    DISTILL_CONSOLE_SPECIALIST_SERVICE_URL=http://localhost:$((PORT_BASE + 3))
  start_service "$console" "$console_port"
  await_ready "$console" "$console_port" || exit 1
  say "the console: http://localhost:$console_port; sign in with the token that" \
    "DISTILL_KEYS_DIR=$DISTILL_KEYS_DIR $here/token.sh distill-submit prints"
else
  say "no console: it needs REST authentication (DISTILL_AUTH=off here)"
fi

cat >&2 <<EOF
run.sh: watch the topics from another shell, for example:
  KAFKA_PORT=$KAFKA_PORT KAFKA_WORK_DIR=$run/kafka $here/kafka.sh consume distill-progress
  (also teacher-models, transfer-sets, soft-targets, student-models, specialist-ensembles, datasets)
  the database: jdbc $QUARKUS_DATASOURCE_JDBC_URL (user distill), a schema per service
  the object store: $DISTILL_OBJECT_STORE_ENDPOINT, bucket $DISTILL_OBJECT_STORE_BUCKET, a prefix per service
EOF
if [ "$DISTILL_AUTH" = off ]; then
  say "REST authentication is off (DISTILL_AUTH=off)"
else
  cat >&2 <<EOF
  REST calls need a bearer token signed with this run's keys, for example:
  curl -H "Authorization: Bearer \$(DISTILL_KEYS_DIR=$DISTILL_KEYS_DIR $here/token.sh distill-read)" localhost:$PORT_BASE/teachers
EOF
fi

if [ -n "$dataset" ] && [ ! -f "$run/pipeline.json" ]; then
  if [ -f "$dataset" ]; then
    # shellcheck disable=SC2086 # DATASET_OPTIONS is a list of options
    dataset=$(TEACHER_URL=http://localhost:$PORT_BASE "$here/register-dataset.sh" "$dataset" ${DATASET_OPTIONS:-}) \
      || exit 1
    say "registered the file as data set $dataset"
  fi
  auth=()
  [ "$DISTILL_AUTH" = off ] || auth=(-H "Authorization: Bearer $("$here/token.sh" distill-read)")
  # teacher-service registers the built-in sets just after it starts, which takes it some seconds.
  tries=1
  case $dataset in mnist | fashion-mnist) tries=90 ;; esac
  manifest=
  for _ in $(seq 1 "$tries"); do
    manifest=$(curl -sf "${auth[@]}" "http://localhost:$PORT_BASE/datasets/$dataset") && break
    sleep 2
  done
  [ -n "$manifest" ] || { say "no data set $dataset (GET /datasets lists them)"; exit 1; }
  # A set of vectors has a one-number shape, [F]: nothing to translate.
  jitter=2
  echo "$manifest" | grep -q '"shape" *: *\[ *[0-9]* *\]' && jitter=0
  # The preset's teacher limit, unless the set's training split is smaller.
  train=$(echo "$manifest" | sed -n 's/.*"train" *: *\([0-9]*\).*/\1/p')
  [ "$TEACHER_TRAIN_LIMIT" != null ] && [ "${train:-0}" -lt "$TEACHER_TRAIN_LIMIT" ] && TEACHER_TRAIN_LIMIT=null
fi

if [ ! -f "$run/pipeline.json" ]; then
  if [ -n "$plan_file" ]; then
    cp "$plan_file" "$run/pipeline.json"
  else
    plan_json >"$run/pipeline.json"
  fi
fi
say "preset $preset, $SEEDS seed(s): POST /teachers with $run/pipeline.json"
if [ -n "$chaos" ]; then
  . "$here/chaos-monkey.sh"
  chaos_monkey &
  monkey=$!
fi
# While the pipeline runs, a replica gone for a minute stops it (deploy/local/watch-services.sh).
. "$here/watch-services.sh"
stop_pipeline_client() {
  lost=1
  [ -n "$child" ] || return 0
  stop_child
  wait "$child" 2>/dev/null || true
}
trap stop_pipeline_client USR1
status=0
kafka_env distill-observer
# The client redraws its board in place on a terminal; a background child cannot see one itself.
if [ -t 1 ] && [ "${TERM:-dumb}" != dumb ]; then
  export DISTILL_BOARD=${DISTILL_BOARD:-live}
else
  export DISTILL_BOARD=${DISTILL_BOARD:-plain}
fi
watch_services 60 &
watcher=$!
in_child "$here/java-main.sh" io.distill.pipeline.PipelineClient "$run/pipeline.json" \
  "http://localhost:$PORT_BASE" "http://localhost:$((PORT_BASE + 1))" "http://localhost:$((PORT_BASE + 2))" \
  "http://localhost:$((PORT_BASE + 3))" "$PIPELINE_TIMEOUT_MINUTES" $check --run-dir "$run" || status=$?
kill "$watcher" 2>/dev/null || true
watcher=
[ -z "$lost" ] || status=1
if [ -n "$chaos" ]; then
  # A fault that never came is reported by ChaosCheck, which reads chaos.log.
  kill "$monkey" 2>/dev/null || true
  wait "$monkey" 2>/dev/null || true
  monkey=
  in_child "$here/java-main.sh" io.distill.pipeline.chaos.ChaosCheck "$run" || status=$?
fi
[ "$status" -eq 0 ] && finished=1
if [ -n "$keep" ]; then
  say "services still running (Ctrl-C stops them)"
  in_child sleep infinity || true
fi
exit $status
