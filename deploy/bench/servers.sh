# What the service benchmarks share: a broker, PostgreSQL and an object store of their own, on ports
# that leave a run.sh on the defaults alone, with their data in $work. Sourced, not run; the caller
# sets repo and work, then calls start_servers, and stop_servers on exit.
export KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 KAFKA_WORK_DIR="$work/kafka"
export PG_PORT=15432 POSTGRES_WORK_DIR="$work/postgres" S3_PORT=19000 S3_WORK_DIR="$work/s3"
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/distill
export DISTILL_OBJECT_STORE_ENDPOINT=http://127.0.0.1:$S3_PORT KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
# The services' accounts on them, as run.sh sets them; the passwords are made for each benchmark run
# unless they are set (none is committed).
export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-distill}
export QUARKUS_DATASOURCE_PASSWORD=${QUARKUS_DATASOURCE_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}
export DISTILL_OBJECT_STORE_BUCKET=${DISTILL_OBJECT_STORE_BUCKET:-distill} AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-distill}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/distill/djl} OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}

start_servers() {
  for s in kafka postgres s3; do "$repo/deploy/local/$s.sh" start; done
}

stop_servers() {
  for s in kafka s3 postgres; do "$repo/deploy/local/$s.sh" stop >/dev/null 2>&1 || true; done
}
