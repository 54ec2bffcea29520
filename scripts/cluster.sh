#!/usr/bin/env bash
# A local Parley cluster on loopback, for trying cluster mode on one machine:
# one Cassandra node (a child JVM from cassandra-server/target/cassandra.classpath), one
# redis-server without persistence and 3 Parley nodes in cluster mode.
#
#   scripts/cluster.sh up       start what is not running yet, wait until each part is ready
#   scripts/cluster.sh status   what runs, with PIDs, ports and health
#   scripts/cluster.sh down     stop what `up` started, by PID: SIGTERM, then SIGKILL after a grace
#   scripts/cluster.sh down --purge    ... and delete the state directory (data, logs, secret)
#
# Every part keeps its PID file, log and data under the state directory ($PARLEY_CLUSTER_DIR,
# default target/cluster). Both `up` and `down` are idempotent. Usually run as `./parley cluster`,
# which builds the server first when needed.
#
# Ports (environment, defaults): PARLEY_CLUSTER_CASSANDRA_PORT (9042, CQL),
# PARLEY_CLUSTER_CASSANDRA_STORAGE_PORT (7000), PARLEY_CLUSTER_REDIS_PORT (6379),
# PARLEY_CLUSTER_BASE_PORT (8081: nodes on 8081, 8082, 8083), PARLEY_CLUSTER_NODES (3).
# JVM flags of the Parley nodes: PARLEY_JAVA_OPTS (default -Xmx512m). Cassandra 5.0 needs Java 17:
# CASSANDRA_JAVA_HOME, else the java on the PATH.
set -euo pipefail

HOME_DIR="${PARLEY_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
STATE="${PARLEY_CLUSTER_DIR:-$HOME_DIR/target/cluster}"
JAR="$HOME_DIR/app/target/parley.jar"
CASSANDRA_CLASSPATH_FILE="$HOME_DIR/cassandra-server/target/cassandra.classpath"
CQL_PORT="${PARLEY_CLUSTER_CASSANDRA_PORT:-9042}"
STORAGE_PORT="${PARLEY_CLUSTER_CASSANDRA_STORAGE_PORT:-7000}"
REDIS_PORT="${PARLEY_CLUSTER_REDIS_PORT:-6379}"
BASE_PORT="${PARLEY_CLUSTER_BASE_PORT:-8081}"
NODES="${PARLEY_CLUSTER_NODES:-3}"
KEYSPACE=parley
DATACENTER=datacenter1
STOP_GRACE_SECONDS=20
CASSANDRA_START_SECONDS=180
NODE_START_SECONDS=90

# The JVM flags of the test node (store-cassandra/src/test/java/io/parley/store/cassandra/
# CassandraNode.java): Cassandra 5.0's own jvm17-server.options, plus heap and start-up speed.
CASSANDRA_JVM_FLAGS=(
  -Djdk.attach.allowAttachSelf=true
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports=java.sql/java.sql=ALL-UNNAMED
  --add-exports=java.base/java.lang.ref=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED
  --add-opens=java.base/java.lang.module=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
  -Xms256m
  -Xmx768m
  -XX:+UseG1GC
  -Dcassandra-foreground=true
  -Dcassandra.skip_wait_for_gossip_to_settle=0
  -Dcassandra.ring_delay_ms=0
  -Dcassandra.superuser_setup_delay_ms=0
  -Dcassandra.unsafesystem=true
)

log() { echo "cluster: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# ---- processes, by PID file ----

# The PID in PID file $1 if that process is alive and still ours (its command line holds $2: a
# PID file left by a crash may name a PID the system has given to something else since).
pid_of() {
  local file="$1" marker="$2" pid
  [ -f "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  echo "$pid"
}

stop_pid_file() { # SIGTERM, wait up to the grace period, then SIGKILL; removes the PID file
  local name="$1" file="$2" marker="$3" pid waited=0
  if ! pid="$(pid_of "$file" "$marker")"; then
    rm -f "$file"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((STOP_GRACE_SECONDS * 10)) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) still running after ${STOP_GRACE_SECONDS}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$file"
}

# ---- readiness probes (bash's /dev/tcp: nothing to install) ----

listening() { # true when 127.0.0.1:$1 accepts a connection
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

healthy() { # true when GET /health on 127.0.0.1:$1 answers 200
  local status
  status="$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1
    printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    head -n1 <&3" 2>/dev/null || true)"
  [[ "$status" == *" 200 "* ]]
}

redis_pong() {
  local reply
  reply="$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1
    printf 'PING\r\n' >&3
    head -c 5 <&3" 2>/dev/null || true)"
  [ "$reply" = "+PONG" ]
}

# Waits until the command $2 succeeds; fails when the process of PID file $3 (marker $4) has
# died, or after $5 seconds.
await() {
  local what="$1" probe="$2" pid_file="$3" marker="$4" seconds="$5" logfile="$6" tries=0
  until $probe; do
    if ! pid_of "$pid_file" "$marker" >/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$what exited during start-up; log: $logfile"
    fi
    tries=$((tries + 1))
    [ "$tries" -le $((seconds * 4)) ] || die "$what not ready after ${seconds}s; log: $logfile"
    sleep 0.25
  done
}

port_free() { ! listening "$1"; }

# ---- the parts ----

# What the command line of each part holds (redis-server rewrites its own to "redis-server ADDR").
cassandra_marker() { echo "-Dcassandra.config=file://$STATE/cassandra/cassandra.yaml"; }
REDIS_MARKER=redis-server

java_for_cassandra() {
  if [ -n "${CASSANDRA_JAVA_HOME:-}" ]; then
    echo "$CASSANDRA_JAVA_HOME/bin/java"
    return
  fi
  local version
  version="$(java -version 2>&1 | head -n1 | sed -E 's/.*version "([0-9]+).*/\1/')"
  [ "$version" = "17" ] \
    || die "Cassandra 5.0 needs Java 17 and java is $version: set CASSANDRA_JAVA_HOME"
  command -v java
}

cassandra_yaml() {
  local dir="$1"
  cat <<YAML
cluster_name: parley-local
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$STORAGE_PORT"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $STORAGE_PORT
native_transport_port: $CQL_PORT
start_native_transport: true
data_file_directories: [$dir/data]
commitlog_directory: $dir/commitlog
saved_caches_directory: $dir/saved_caches
hints_directory: $dir/hints
cdc_raw_directory: $dir/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
memtable_heap_space: 64MiB
memtable_allocation_type: heap_buffers
concurrent_reads: 4
concurrent_writes: 4
concurrent_counter_writes: 2
concurrent_materialized_view_writes: 2
concurrent_compactors: 1
auto_snapshot: false
YAML
}

start_cassandra() {
  local dir="$STATE/cassandra" pid_file="$STATE/cassandra/cassandra.pid" pid
  if pid="$(pid_of "$pid_file" "$(cassandra_marker)")"; then
    log "cassandra already running (pid $pid)"
    return
  fi
  [ -f "$CASSANDRA_CLASSPATH_FILE" ] \
    || die "$CASSANDRA_CLASSPATH_FILE is missing: run ./parley build"
  port_free "$CQL_PORT" || die "port $CQL_PORT is taken: set PARLEY_CLUSTER_CASSANDRA_PORT"
  port_free "$STORAGE_PORT" \
    || die "port $STORAGE_PORT is taken: set PARLEY_CLUSTER_CASSANDRA_STORAGE_PORT"
  mkdir -p "$dir/logs"
  cassandra_yaml "$dir" >"$dir/cassandra.yaml"
  cat >"$dir/logback.xml" <<'XML'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
XML
  local java
  java="$(java_for_cassandra)"
  nohup "$java" "${CASSANDRA_JVM_FLAGS[@]}" \
    "-Dcassandra.config=file://$dir/cassandra.yaml" \
    "-Dcassandra.logdir=$dir/logs" \
    "-Dlogback.configurationFile=file://$dir/logback.xml" \
    -cp "$(tr -d '\n' <"$CASSANDRA_CLASSPATH_FILE")" \
    org.apache.cassandra.service.CassandraDaemon \
    >"$dir/cassandra.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  log "cassandra starting (pid $!, CQL port $CQL_PORT, log $dir/cassandra.log)"
}

await_cassandra() {
  await "cassandra" "listening $CQL_PORT" "$STATE/cassandra/cassandra.pid" "$(cassandra_marker)" \
    "$CASSANDRA_START_SECONDS" "$STATE/cassandra/cassandra.log"
  log "cassandra ready on 127.0.0.1:$CQL_PORT"
}

start_redis() {
  local dir="$STATE/redis" pid_file="$STATE/redis/redis.pid" pid
  if pid="$(pid_of "$pid_file" "$REDIS_MARKER")"; then
    log "redis already running (pid $pid)"
    return
  fi
  if ! command -v redis-server >/dev/null; then
    command -v apt-get >/dev/null \
      || die "redis-server is not installed (and there is no apt-get to install it)"
    log "installing Debian's redis-server"
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null \
      || die "could not install redis-server"
  fi
  port_free "$REDIS_PORT" || die "port $REDIS_PORT is taken: set PARLEY_CLUSTER_REDIS_PORT"
  mkdir -p "$dir"
  # not --daemonize: $! is then redis-server itself, and the PID file is ours to write
  nohup redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize no --dir "$dir" --logfile "$dir/redis.log" >/dev/null 2>&1 </dev/null &
  echo $! >"$pid_file"
  await "redis" "redis_pong $REDIS_PORT" "$pid_file" "$REDIS_MARKER" 10 "$dir/redis.log"
  log "redis ready on 127.0.0.1:$REDIS_PORT (pid $(cat "$pid_file"), persistence off)"
}

secret() { # one secret for every node of the cluster, generated once
  local file="$STATE/jwt.key"
  if [ ! -s "$file" ]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

start_node() {
  local id="$1" port=$((BASE_PORT + $1 - 1)) dir="$STATE/node-$1" pid
  local pid_file="$dir/parley.pid"
  if pid="$(pid_of "$pid_file" "$dir/parley.yml")"; then
    log "node $id already running (pid $pid, port $port)"
    return
  fi
  port_free "$port" || die "port $port is taken: set PARLEY_CLUSTER_BASE_PORT"
  mkdir -p "$dir"
  (
    umask 077
    cat >"$dir/parley.yml" <<YAML
# node $id of the local cluster (scripts/cluster.sh); the same on every node but node.id and
# server.port
mode: cluster
node:
  id: $id
server:
  host: 127.0.0.1
  port: $port
auth:
  jwt-secret: $(secret)
cassandra:
  contact-points: 127.0.0.1:$CQL_PORT
  local-datacenter: $DATACENTER
  keyspace: $KEYSPACE
  replication: replication_factor=1
redis:
  uri: redis://127.0.0.1:$REDIS_PORT
YAML
  )
  # the node reads PARLEY_* variables as settings and refuses unknown ones: not this script's own
  local own=() name
  for name in $(compgen -e); do
    [[ "$name" == PARLEY_CLUSTER_* ]] && own+=(-u "$name")
  done
  # shellcheck disable=SC2086
  nohup env "${own[@]}" java ${PARLEY_JAVA_OPTS:--Xmx512m} -jar "$JAR" run \
    --config "$dir/parley.yml" >"$dir/parley.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  log "node $id starting (pid $!, port $port, log $dir/parley.log)"
}

await_node() {
  local id="$1" port=$((BASE_PORT + $1 - 1)) dir="$STATE/node-$1"
  await "node $id" "healthy $port" "$dir/parley.pid" "$dir/parley.yml" "$NODE_START_SECONDS" \
    "$dir/parley.log"
  log "node $id ready on http://127.0.0.1:$port"
}

# ---- commands ----

up() {
  [ -f "$JAR" ] || die "$JAR is missing: run ./parley build"
  mkdir -p "$STATE"
  trap '[ $? -eq 0 ] || log "up failed; what did start keeps running: ./parley cluster down stops it"' EXIT
  start_redis
  start_cassandra
  await_cassandra
  # one node first: it creates the keyspace and applies the schema, the others find it done
  start_node 1
  await_node 1
  local id
  for ((id = 2; id <= NODES; id++)); do start_node "$id"; done
  for ((id = 2; id <= NODES; id++)); do await_node "$id"; done
  echo
  echo "Parley cluster up: $NODES nodes on Cassandra 127.0.0.1:$CQL_PORT and Redis 127.0.0.1:$REDIS_PORT"
  for ((id = 1; id <= NODES; id++)); do
    echo "  node $id  http://127.0.0.1:$((BASE_PORT + id - 1))/   (ws://127.0.0.1:$((BASE_PORT + id - 1))/ws)"
  done
  echo "State, logs and PIDs in $STATE; stop with: ./parley cluster down"
}

down() {
  local id purge=false
  [ "${1:-}" = "--purge" ] && purge=true
  if [ -d "$STATE" ]; then
    for dir in "$STATE"/node-*; do
      [ -d "$dir" ] && stop_pid_file "node ${dir##*-}" "$dir/parley.pid" "$dir/parley.yml"
    done
    stop_pid_file redis "$STATE/redis/redis.pid" "$REDIS_MARKER"
    stop_pid_file cassandra "$STATE/cassandra/cassandra.pid" "$(cassandra_marker)"
  fi
  if $purge; then
    rm -rf "$STATE"
    log "stopped; $STATE deleted"
  else
    log "stopped (data kept in $STATE; \`down --purge\` deletes it)"
  fi
}

status() { # exit status 0 when every part runs and every node is healthy
  local pid id port all=0 health
  show() { # name, PID file, marker, detail when running
    if pid="$(pid_of "$2" "$3")"; then
      printf '  %-10s running  pid %-8s %s\n' "$1" "$pid" "$4"
    else
      printf '  %-10s stopped\n' "$1"
      all=1
    fi
  }
  echo "Parley local cluster ($STATE)"
  show cassandra "$STATE/cassandra/cassandra.pid" "$(cassandra_marker)" "127.0.0.1:$CQL_PORT"
  show redis "$STATE/redis/redis.pid" "$REDIS_MARKER" "127.0.0.1:$REDIS_PORT"
  for ((id = 1; id <= NODES; id++)); do
    port=$((BASE_PORT + id - 1))
    health=healthy
    healthy "$port" || health="NOT healthy" all=1
    show "node $id" "$STATE/node-$id/parley.pid" "$STATE/node-$id/parley.yml" \
      "http://127.0.0.1:$port/ ($health)"
  done
  return $all
}

case "${1:-}" in
  up) up ;;
  down)
    shift
    down "$@"
    ;;
  status) status ;;
  *)
    echo "usage: $0 up|down [--purge]|status" >&2
    exit 2
    ;;
esac
