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
# KAFKA_HEAP (1g), KAFKA_KEEP_DATA=1 to keep the data (and the secrets) on stop.
#
# SOFT_TARGETS_RETENTION_MS (604800000: 7 days) and SOFT_TARGETS_RETENTION_BYTES (2147483648 a
# partition) keep soft-targets as compose and Kubernetes do (deploy/README.md, "Retention of
# soft-targets"); a set whose events are gone is streamed again when a job needs it.
#
# KAFKA_SECURITY=scram (deploy/local/run.sh's default) starts it secure: clients must use SASL/SCRAM-SHA-512
# over TLS, the StandardAuthorizer denies what deploy/kafka/acls.tsv does not grant, and the controller
# listener takes only the broker's own certificate. A throwaway CA, the broker's key and one random
# password per principal of acls.tsv are made at the first start in KAFKA_SECRETS_DIR ($KAFKA_WORK_DIR/secrets),
# with <principal>.properties (a client config for Kafka's tools) and <principal>.env (KAFKA_* variables
# for a service or the pipeline client). KAFKA_SECURITY=plaintext (this script's default) has none of it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=4.1.2
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
work=${KAFKA_WORK_DIR:-$repo/run/kafka}
lib=${KAFKA_LIB_DIR:-$HOME/.cache/distill/kafka-$version/libs}
heap=${KAFKA_HEAP:-1g}
security=${KAFKA_SECURITY:-plaintext}
secrets=${KAFKA_SECRETS_DIR:-$work/secrets}
acls=$repo/deploy/kafka/acls.tsv
retention_ms=${SOFT_TARGETS_RETENTION_MS:-604800000}
retention_bytes=${SOFT_TARGETS_RETENTION_BYTES:-2147483648}
pid_file=$work/broker.pid
log_file=$work/broker.log

say() { echo "kafka.sh: $*" >&2; }
# shellcheck source=daemon.sh
. "$here/daemon.sh"

ensure_libs() {
  assemble_jars "Kafka $version" "$here/kafka/pom.xml"
}

# The principals of acls.tsv, once each.
principals() {
  awk -F'\t' '!/^#/ && NF == 4 { print $1 }' "$acls" | sort -u
}

random_secret() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# A CA, the broker's key pair signed by it (for 127.0.0.1, localhost and kafka, its compose name) and
# a password per user.
ensure_secrets() {
  [ -f "$secrets/.complete" ] && return
  command -v keytool >/dev/null || { say "keytool (from the JDK) is needed for KAFKA_SECURITY=scram"; exit 1; }
  rm -rf "$secrets"
  mkdir -p "$secrets"
  chmod 700 "$secrets"
  local user store_pw
  for user in admin $(principals); do
    random_secret >"$secrets/$user.password"
  done
  store_pw=$(random_secret)
  echo "$store_pw" >"$secrets/broker.password"
  local store=(-storetype PKCS12 -storepass "$store_pw")
  keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 365 -dname "CN=distill-local-kafka-ca" \
    -ext bc:c -keystore "$secrets/ca.p12" "${store[@]}" 2>/dev/null
  keytool -exportcert -rfc -alias ca -keystore "$secrets/ca.p12" "${store[@]}" -file "$secrets/ca.pem" 2>/dev/null
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 365 -dname "CN=kafka-broker" \
    -keystore "$secrets/broker.p12" "${store[@]}" 2>/dev/null
  keytool -certreq -alias broker -keystore "$secrets/broker.p12" "${store[@]}" 2>/dev/null \
    | keytool -gencert -alias ca -keystore "$secrets/ca.p12" "${store[@]}" -validity 365 -rfc \
      -ext SAN=dns:localhost,dns:kafka,ip:127.0.0.1 -ext EKU=serverAuth,clientAuth -outfile "$secrets/broker.pem" 2>/dev/null
  keytool -importcert -noprompt -alias ca -file "$secrets/ca.pem" -keystore "$secrets/broker.p12" "${store[@]}" 2>/dev/null
  keytool -importcert -noprompt -alias broker -file "$secrets/broker.pem" -keystore "$secrets/broker.p12" \
    "${store[@]}" >/dev/null 2>&1
  touch "$secrets/.complete"
}

jaas() {
  echo "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" password=\"$(cat "$secrets/$1.password")\";"
}

# <user>.properties and <user>.env: how that user reaches this broker.
write_client_files() {
  local user
  for user in admin $(principals); do
    cat >"$secrets/$user.properties" <<PROPS
bootstrap.servers=127.0.0.1:$port
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(jaas "$user")
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.pem
PROPS
    {
      printf 'export KAFKA_BOOTSTRAP_SERVERS=%q\n' "127.0.0.1:$port"
      printf 'export KAFKA_SECURITY_PROTOCOL=SASL_SSL\n'
      printf 'export KAFKA_SASL_MECHANISM=SCRAM-SHA-512\n'
      printf 'export KAFKA_SASL_JAAS_CONFIG=%q\n' "$(jaas "$user")"
      printf 'export KAFKA_SSL_TRUSTSTORE_TYPE=PEM\n'
      printf 'export KAFKA_SSL_TRUSTSTORE_LOCATION=%q\n' "$secrets/ca.pem"
    } >"$secrets/$user.env"
  done
}

listener_config() {
  if [ "$security" = scram ]; then
    cat <<PROPS
listeners=SASL_SSL://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=SASL_SSL://127.0.0.1:$port
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(jaas admin)
# The controller listener admits the broker's own certificate only.
listener.name.controller.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=$secrets/broker.p12
ssl.keystore.password=$(cat "$secrets/broker.password")
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.pem
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:CN=kafka-broker
allow.everyone.if.no.acl.found=false
PROPS
  else
    cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
PROPS
  fi
}

write_config() {
  mkdir -p "$work/data"
  cat >"$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
$(listener_config)
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
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
  case "$security" in
    plaintext) ;;
    scram) ensure_secrets; write_client_files ;;
    *) say "KAFKA_SECURITY must be plaintext or scram, not '$security'"; exit 2 ;;
  esac
  ensure_libs
  write_config
  chmod 600 "$work/server.properties"
  if [ ! -f "$work/data/meta.properties" ]; then
    local cluster_id scram=()
    cluster_id=$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    # The admin user exists from the start: the broker itself logs in as admin.
    [ "$security" = scram ] && scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$(cat "$secrets/admin.password")]")
    java -cp "$lib/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$work/server.properties" "${scram[@]}" >"$work/format.log" 2>&1 \
      || { say "formatting the log directory failed:"; cat "$work/format.log" >&2; exit 1; }
  fi
  nohup java -Xms256m -Xmx"$heap" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$lib/*" kafka.Kafka "$work/server.properties" >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  await_start "the broker" port_open "$port"
  if [ "$security" = scram ]; then
    # Users, topics and ACLs from acls.tsv, applied by the admin user once per data directory and
    # again when acls.tsv changes (repeating it changes nothing); the broker keeps them in its metadata.
    local applied="$work/data/.acls-applied"
    if [ ! -f "$applied" ] || [ "$acls" -nt "$applied" ]; then
      java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" "$here/kafka/KafkaAccess.java" \
        "$acls" "$secrets" "$secrets/admin.properties" 2>>"$log_file" \
        || { say "applying $acls failed; see $log_file"; stop; exit 1; }
      touch "$applied"
    fi
    apply_retention
    say "started (pid $(cat "$pid_file")) on 127.0.0.1:$port, SASL_SSL with SCRAM-SHA-512 and the ACLs of" \
      "deploy/kafka/acls.tsv; client settings in $secrets/<principal>.env, data in $work/data"
  else
    apply_retention
    say "started (pid $(cat "$pid_file")) on 127.0.0.1:$port (plaintext, no authentication), data in $work/data"
  fi
}

# soft-targets with its retention, created if missing; set again only when the settings change.
apply_retention() {
  local marker="$work/data/.soft-targets-retention" want="retention.ms=$retention_ms,retention.bytes=$retention_bytes"
  [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && return
  local config=()
  mapfile -t config < <(tool_config --command-config admin)
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$port" "${config[@]}" --create --if-not-exists --topic soft-targets \
    --partitions 2 >>"$log_file" 2>&1 \
    && java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" kafka.admin.ConfigCommand \
      --bootstrap-server "127.0.0.1:$port" "${config[@]}" --alter --entity-type topics --entity-name soft-targets \
      --add-config "$want" >>"$log_file" 2>&1 \
    || { say "setting the retention of soft-targets failed; see $log_file"; stop; exit 1; }
  echo "$want" >"$marker"
}

# Kafka tools' client settings, when the broker runs secure: the tool's option, then $1's file.
tool_config() {
  [ -f "$secrets/$2.properties" ] && printf '%s\n' "$1" "$secrets/$2.properties"
  return 0
}

stop() {
  stop_server
  if [ "${KAFKA_KEEP_DATA:-0}" != 1 ]; then
    rm -rf "$work/data" "$work/server.properties" "$work/format.log" "$secrets"
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
    mapfile -t config < <(tool_config --consumer.config distill-observer)
    # As distill-observer, whose groups are distill-observer-*.
    [ "${#config[@]}" -gt 0 ] && config+=(--group "distill-observer-console-$$")
    exec java -cp "$lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "127.0.0.1:$port" --topic "$topic" \
      --property print.key=true --property key.separator=' | ' "${config[@]}" "$@"
    ;;
  topics)
    ensure_libs
    mapfile -t config < <(tool_config --command-config admin)
    exec java -cp "$lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list "${config[@]}"
    ;;
  *)
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
