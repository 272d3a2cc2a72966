#!/usr/bin/env bash
# A single-node Apache Kafka broker in KRaft mode, built from Maven Central jars, no Docker.
#
#   deploy/local/kafka.sh start            start it; returns once it accepts connections
#   deploy/local/kafka.sh stop             stop it by PID and delete its data
#   deploy/local/kafka.sh status           say whether it runs
#   deploy/local/kafka.sh consume TOPIC    follow a topic (kafka-console-consumer), keys shown
#   deploy/local/kafka.sh topics           list the topics
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
# KAFKA_WORK_DIR (run/kafka under the repository), KAFKA_LIB_DIR (~/.cache/distill/kafka-<version>/libs),
# KAFKA_HEAP (1g), KAFKA_KEEP_DATA=1 to keep the data on stop.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=4.1.2
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
work=${KAFKA_WORK_DIR:-$repo/run/kafka}
lib=${KAFKA_LIB_DIR:-$HOME/.cache/distill/kafka-$version/libs}
heap=${KAFKA_HEAP:-1g}
pid_file=$work/broker.pid
log_file=$work/broker.log

say() { echo "kafka.sh: $*" >&2; }
# shellcheck source=daemon.sh
. "$here/daemon.sh"

ensure_libs() {
  assemble_jars "Kafka $version" "$here/kafka/pom.xml"
}

write_config() {
  mkdir -p "$work/data"
  cat >"$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/data
num.partitions=2
auto.create.topics.enable=true
# One broker: internal topics cannot have more replicas than that.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Soft-target events are about 1.2 kB each; a 55,000-example set is about 70 MB.
message.max.bytes=10485760
log.retention.hours=168
PROPS
}

start() {
  if pid=$(running_pid); then
    say "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    say "port $port is already taken by another process; set KAFKA_PORT"
    exit 1
  fi
  command -v java >/dev/null || { say "java is needed"; exit 1; }
  ensure_libs
  write_config
  if [ ! -f "$work/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$lib/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$work/server.properties" >"$work/format.log" 2>&1 \
      || { say "formatting the log directory failed:"; cat "$work/format.log" >&2; exit 1; }
  fi
  nohup java -Xms256m -Xmx"$heap" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$lib/*" kafka.Kafka "$work/server.properties" >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  await_start "the broker" port_open "$port"
  say "started (pid $(cat "$pid_file")) on 127.0.0.1:$port, data in $work/data"
}

stop() {
  stop_server
  if [ "${KAFKA_KEEP_DATA:-0}" != 1 ]; then
    rm -rf "$work/data" "$work/server.properties" "$work/format.log"
  fi
}

status() {
  server_status "127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  consume)
    [ -n "${2:-}" ] || { say "usage: $0 consume TOPIC [more kafka-console-consumer options]"; exit 2; }
    ensure_libs
    topic=$2; shift 2
    exec java -cp "$lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "127.0.0.1:$port" --topic "$topic" \
      --property print.key=true --property key.separator=' | ' "$@"
    ;;
  topics)
    ensure_libs
    exec java -cp "$lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
