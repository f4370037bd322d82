#!/usr/bin/env bash
# Fleetdeck's real test bed: N Docker engines ("agents") on their own unix sockets and one
# redis-server on a free loopback port, all on this machine, with workspace images built locally
# (no outside registry is reachable), plus a local registry (docker-registry) that holds the same
# images, so pulls can be tested. Stops exactly what it started: every process is found by the pid
# file this script wrote, never by name, because other engines on the machine may not be ours.
#
#   testbed.sh up [N]    start N agents (default 3) and Redis; prints how to reach them
#   testbed.sh down      remove our containers, stop our engines and Redis, delete the state
#   testbed.sh status    what is running
#   testbed.sh env       the KEY=VALUE lines tests read (also in $BASE/testbed.env)
#   testbed.sh stop-agent I / start-agent I
#                        stop or start agent I's engine alone (fault tests: an agent goes away);
#                        I = tls is the TLS agent
#   testbed.sh sentinel-master
#                        the port of the Sentinel set's current master
#   testbed.sh kill-master / start-node I
#                        SIGKILL the Sentinel set's current master by its pid file (a failover);
#                        start node I (1 or 2) again, which Sentinel makes a replica
#   testbed.sh kill-engine I / start-engine I
#                        SIGKILL agent I's dockerd by its pid file (a crash: its containers keep
#                        running under their shims); start it again with --live-restore, which
#                        takes those containers back instead of killing them
#   testbed.sh pause-engine I / resume-engine I
#                        SIGSTOP / SIGCONT agent I's dockerd: an engine that stops answering
#   testbed.sh stop-prometheus / start-prometheus
#                        stop or start the bed's Prometheus alone (its data and port are kept)
#
# Besides the plain agents, `up` starts "agenttls", an engine that answers only on tcp:// with
# TLS and demands client certificates, and "redis-tls", a Redis that speaks only TLS and knows one
# ACL user. Their throwaway CA and certificates are made with openssl into $BASE/tls, once.
#
# And a Redis Sentinel set under $BASE/sentinel: node1 (master at first), node2 (--replicaof node1),
# both with an append-only file, and one sentinel watching them as "$SENTINEL_NAME" (quorum 1, down
# after 2 s). Consoles reach it as redis-sentinel://127.0.0.1:PORT#$SENTINEL_NAME
# (FLEETDECK_TESTBED_SENTINEL in testbed.env); killing the master promotes node2 in ~3-8 s.
#
# FLEETDECK_TESTBED_DIR chooses the state directory (default /tmp/fleetdeck-testbed); keep it
# short, unix socket paths are limited to 107 bytes.
set -euo pipefail

BASE=${FLEETDECK_TESTBED_DIR:-/tmp/fleetdeck-testbed}
ENV_FILE="$BASE/testbed.env"
WORKSPACE_TYPES=(firefox vscode burp kali empire)
IMAGE_VERSION=1.0
# Engines of two test beds on one machine must not share containerd namespaces.
NS_TAG=$(printf '%s' "$BASE" | cksum | cut -d' ' -f1)

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }

need_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
  log "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Only the client: dockerd's package brings docker(1), but a client may also be on PATH already.
dock() { local sock=$1; shift; docker -H "unix://$sock" "$@"; }

agent_dir() { echo "$BASE/agent$1"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The engine of agent folder $1 runs: its pid file names a live dockerd started with that pid file.
# A killed engine leaves its pid file behind, and the kernel hands the pid to the next process.
engine_alive() {
  pid_alive "$1/dockerd.pid" && tr '\0' ' ' <"/proc/$(cat "$1/dockerd.pid")/cmdline" 2>/dev/null | grep -qF -- "--pidfile $1/dockerd.pid"
}

# start_agent I [dockerd args...]: the extra arguments are added to the isolation flags below.
start_agent() {
  local i=$1 dir; dir=$(agent_dir "$i"); shift
  mkdir -p "$dir/data" "$dir/exec"
  if engine_alive "$dir"; then log "agent$i already running"; return 0; fi
  # A stale pid file (a killed engine's, its pid reused since) would stop dockerd from starting.
  rm -f "$dir/dockerd.pid"
  # Every engine has its own roots, socket and containerd namespaces; all run without a bridge
  # (a daemon started with --bridge none deletes docker0, which would break a bridged one).
  setsid dockerd \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" \
    --host "unix://$dir/docker.sock" \
    --containerd-namespace "fleetdeck-$NS_TAG-agent$i" \
    --containerd-plugins-namespace "fleetdeck-$NS_TAG-agent$i-plugins" \
    --bridge none --iptables=false --ip-masq=false \
    --label "fleetdeck.testbed=agent$i" \
    "$@" \
    >"$dir/dockerd.log" 2>&1 < /dev/null &
  echo $! >"$dir/launcher.pid"
}

wait_agent() {
  local i=$1 dir; dir=$(agent_dir "$i")
  for _ in $(seq 1 150); do
    if dock "$dir/docker.sock" info >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  tail -20 "$dir/dockerd.log" >&2 || true
  die "agent$i did not answer on $dir/docker.sock within 30 s (log above: $dir/dockerd.log)"
}

# The workspace image: busybox plus an entry point that pretends to be a desktop session. It takes
# STARTUP_SECONDS to become ready (then /tmp/ready exists), and can burn CPU (LOAD_CPUS busy
# loops) and hold memory (LOAD_MEM_MB written to /dev/shm, which counts as anonymous memory).
build_rootfs() {
  local rootfs="$BASE/rootfs"
  [ -x "$rootfs/bin/busybox" ] && return 0
  rm -rf "$rootfs"
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/dev/shm" "$rootfs/proc" "$rootfs/sys" "$rootfs/etc" "$rootfs/usr/local/bin"
  cp /bin/busybox "$rootfs/bin/busybox"
  for app in sh sleep touch head dd cat ls rm mkdir echo test seq yes kill ps true false date env wc; do
    ln -sf busybox "$rootfs/bin/$app"
  done
  cat >"$rootfs/usr/local/bin/workspace" <<'SCRIPT'
#!/bin/sh
trap 'exit 0' TERM INT
i=0
while [ "$i" -lt "${LOAD_CPUS:-0}" ]; do ( while :; do :; done ) & i=$((i+1)); done
if [ "${LOAD_MEM_MB:-0}" -gt 0 ]; then dd if=/dev/zero of=/dev/shm/ballast bs=1M count="$LOAD_MEM_MB" 2>/dev/null; fi
sleep "${STARTUP_SECONDS:-0}"
touch /tmp/ready
echo "workspace ready"
while :; do sleep 1 & wait $!; done
SCRIPT
  chmod 755 "$rootfs/usr/local/bin/workspace"
  echo "root:x:0:0:root:/:/bin/sh" >"$rootfs/etc/passwd"
}

build_images() {
  local i=$1 sock; sock="$(agent_dir "$i")/docker.sock"
  if dock "$sock" image inspect "fleetdeck/base:$IMAGE_VERSION" >/dev/null 2>&1; then return 0; fi
  build_rootfs
  tar -C "$BASE/rootfs" -c . | dock "$sock" import \
    --change 'CMD ["/usr/local/bin/workspace"]' - "fleetdeck/base:$IMAGE_VERSION" >/dev/null
  # Each workspace type its own tag; a healthcheck reports ready once the session is up. Once a
  # second: every check is an exec, and fifty sessions checking four times a second saturate
  # two cores (LaunchBench's 50 concurrent launches timed out that way).
  local ctx="$BASE/build"
  mkdir -p "$ctx"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM fleetdeck/base:$IMAGE_VERSION
HEALTHCHECK --interval=1s --timeout=2s --start-period=120s --retries=3 CMD test -f /tmp/ready
DOCKERFILE
  for t in "${WORKSPACE_TYPES[@]}"; do
    DOCKER_BUILDKIT=0 dock "$sock" build -q -t "fleetdeck/$t:$IMAGE_VERSION" "$ctx" >/dev/null 2>"$ctx/build.log" || { cat "$ctx/build.log" >&2; die "building fleetdeck/$t failed"; }
  done
  # An image with no healthcheck, for readiness by "running".
  dock "$sock" tag "fleetdeck/base:$IMAGE_VERSION" "fleetdeck/plain:$IMAGE_VERSION"
}

start_redis() {
  local dir="$BASE/redis"
  mkdir -p "$dir"
  if pid_alive "$dir/redis.pid"; then log "redis already running"; return 0; fi
  local port
  for port in $(seq 16379 16479); do
    if redis-cli -p "$port" -h 127.0.0.1 ping >/dev/null 2>&1; then continue; fi
    if redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
         --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" 2>/dev/null; then
      for _ in $(seq 1 50); do
        if redis-cli -p "$port" -h 127.0.0.1 ping >/dev/null 2>&1; then echo "$port" >"$dir/port"; return 0; fi
        sleep 0.1
      done
    fi
  done
  die "could not start redis-server on any port 16379-16479 (see $dir/redis.log)"
}

# --- the local registry (docker-registry, distribution 2.8): its own process, config and storage
# under $BASE/registry, on a free loopback port. Not Debian's systemd unit: the test bed starts and
# stops only what it owns, by pid file. dockerd pulls and pushes plain http to 127.0.0.0/8 by default.
REGISTRY_DIR="$BASE/registry"

registry_port() { cat "$REGISTRY_DIR/port" 2>/dev/null; }

start_registry() {
  mkdir -p "$REGISTRY_DIR/data"
  if pid_alive "$REGISTRY_DIR/registry.pid"; then log "registry already running"; return 0; fi
  local port
  for port in $(seq 15000 15100); do
    # Something answers there already (another test bed's registry, any server): next port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    cat >"$REGISTRY_DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
    setsid /usr/bin/docker-registry serve "$REGISTRY_DIR/config.yml" >"$REGISTRY_DIR/registry.log" 2>&1 </dev/null &
    echo $! >"$REGISTRY_DIR/registry.pid"
    for _ in $(seq 1 50); do
      if curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then echo "$port" >"$REGISTRY_DIR/port"; return 0; fi
      pid_alive "$REGISTRY_DIR/registry.pid" || break
      sleep 0.1
    done
    stop_pidfile "$REGISTRY_DIR/registry.pid" "docker-registry"
  done
  tail -5 "$REGISTRY_DIR/registry.log" >&2 || true
  die "could not start docker-registry on any port 15000-15100 (see $REGISTRY_DIR/registry.log)"
}

# The workspace images, pushed from agent1 once per registry: a pull test then finds them there.
push_registry_images() {
  [ -f "$REGISTRY_DIR/pushed" ] && return 0
  local sock port t; sock="$(agent_dir 1)/docker.sock"; port=$(registry_port)
  for t in "${WORKSPACE_TYPES[@]}" plain; do
    local ref="127.0.0.1:$port/fleetdeck/$t:$IMAGE_VERSION"
    dock "$sock" tag "fleetdeck/$t:$IMAGE_VERSION" "$ref"
    dock "$sock" push "$ref" >"$REGISTRY_DIR/push.log" 2>&1 || { cat "$REGISTRY_DIR/push.log" >&2; die "pushing $ref failed"; }
    # Only the registry keeps that name: agent1 lists the workspace tags it had before.
    dock "$sock" rmi "$ref" >/dev/null
  done
  touch "$REGISTRY_DIR/pushed"
}

write_registry_env() {
  echo "FLEETDECK_TESTBED_REGISTRY=127.0.0.1:$(registry_port)" >>"$ENV_FILE"
}

stop_registry() {
  [ -f "$REGISTRY_DIR/registry.pid" ] && stop_pidfile "$REGISTRY_DIR/registry.pid" "docker-registry"
  return 0
}

registry_status() {
  if pid_alive "$REGISTRY_DIR/registry.pid"; then echo "registry: up (127.0.0.1:$(registry_port))"; else echo "registry: down"; return 3; fi
}
# ---- TLS: an engine that demands client certificates and a Redis that speaks only TLS ----------
# Self-contained: cmd_up, cmd_down, cmd_status, write_env and start-agent call these and nothing
# else here depends on them.

tls_dir() { echo "$BASE/tls"; }
TLS_AGENT=tls
REDIS_TLS_USER=fleetdeck

# A free loopback port at or above $1: nothing answers there (a race with another starter is
# caught by the caller, whose server then fails to bind and says so in its log).
free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free loopback port in $1-$(($1 + 200))"
}

# One openssl call per certificate; EC keys because RSA key generation costs seconds on 2 cores.
# Layout: ca.pem (+ ca-key.pem); server/ {ca,cert,key}.pem for dockerd and redis; client/ the
# folder an agent's `tls:` names (ca.pem cert.pem key.pem, as docker --tlsverify reads it);
# wrong-ca/ the same client certificate with a CA that did not sign the server; wrong-client/ the
# right CA with a client certificate of another CA (misconfigurations tests must recognise).
make_tls_material() {
  local dir; dir=$(tls_dir)
  # Made once: a running engine and Redis hold the server certificate, so it must not change under them.
  [ -f "$dir/complete" ] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl is needed for the TLS agent and Redis: apt-get install -y openssl"
  rm -rf "$dir"
  mkdir -p "$dir/server" "$dir/client" "$dir/wrong-ca" "$dir/wrong-client"
  (
    umask 077
    cd "$dir"
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -days 30 -subj "/CN=Fleetdeck test bed CA" -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req "${ec[@]}" -subj "/CN=localhost" -keyout server/key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
      -extfile server.ext -out server/cert.pem 2>/dev/null
    openssl req "${ec[@]}" -subj "/CN=fleetdeck-console" -keyout client/key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
      -extfile client.ext -out client/cert.pem 2>/dev/null
    openssl req -x509 "${ec[@]}" -days 30 -subj "/CN=Some other CA" -keyout wrong-ca/ca-key.pem -out wrong-ca/ca.pem 2>/dev/null
    openssl req "${ec[@]}" -subj "/CN=stranger" -keyout wrong-client/key.pem -out stranger.csr 2>/dev/null
    openssl x509 -req -in stranger.csr -CA wrong-ca/ca.pem -CAkey wrong-ca/ca-key.pem -CAcreateserial -days 30 \
      -extfile client.ext -out wrong-client/cert.pem 2>/dev/null
    rm -f wrong-ca/ca-key.pem wrong-ca/*.srl
    cp ca.pem wrong-client/ca.pem
    cp ca.pem server/ca.pem
    cp ca.pem client/ca.pem
    cp client/cert.pem client/key.pem wrong-ca/
    rm -f ./*.csr ./*.ext ./*.srl
  ) || die "openssl could not make the test bed's certificates in $dir"
  # Certificates are public; keys stay readable by root only.
  chmod 755 "$dir"/*/
  chmod 644 "$dir/ca.pem" "$dir"/*/ca.pem "$dir"/*/cert.pem
  touch "$dir/complete"
}

# The TLS agent: the same isolation as every agent, a unix socket for this script (images are
# imported through it), and tcp:// on loopback that demands a client certificate of our CA. The
# port is kept across stop-agent/start-agent so testbed.env stays true.
start_tls_agent() {
  make_tls_material
  local dir tls port; dir=$(agent_dir "$TLS_AGENT"); tls=$(tls_dir)
  mkdir -p "$dir"
  if pid_alive "$dir/dockerd.pid"; then log "agent$TLS_AGENT already running"; return 0; fi
  port=$(cat "$dir/port" 2>/dev/null || free_port 23760)
  echo "$port" >"$dir/port"
  start_agent "$TLS_AGENT" --host "tcp://127.0.0.1:$port" \
    --tlsverify --tlscacert "$tls/server/ca.pem" --tlscert "$tls/server/cert.pem" --tlskey "$tls/server/key.pem"
}

# A second Redis rather than a TLS port on the shared one: this one turns the default user off and
# has no plain port at all, so a test proves that only TLS + the ACL user get in, while the plain
# Redis stays open for every other test. Clients need the CA only (tls-auth-clients no): the
# password is the client's credential, as with managed Redis services.
start_tls_redis() {
  make_tls_material
  local dir="$BASE/redis-tls" tls port; tls=$(tls_dir)
  mkdir -p "$dir"
  if pid_alive "$dir/redis.pid"; then log "redis-tls already running"; return 0; fi
  if [ ! -s "$dir/password" ]; then
    (umask 077; openssl rand -hex 16 >"$dir/password")
  fi
  # What the console runs and nothing more: its keys (fleetdeck:* and quota:*), reads and writes,
  # Lua scripts (quota and lease), INFO (the cache panel); nothing @dangerous (FLUSHALL, KEYS,
  # CONFIG, DEBUG...).
  # The ACL file holds only the password's SHA-256 (#...), so it gives nothing away.
  local hash; hash=$(tr -d '\n' <"$dir/password" | sha256sum | cut -d' ' -f1)
  (umask 077; printf 'user default off\nuser %s on #%s resetkeys ~fleetdeck:* ~quota:* resetchannels -@all +@connection +@read +@write +@scripting -@dangerous +info\n' \
    "$REDIS_TLS_USER" "$hash" >"$dir/users.acl")
  port=$(cat "$dir/port" 2>/dev/null || free_port 16580)
  redis-server --port 0 --tls-port "$port" --bind 127.0.0.1 \
    --tls-cert-file "$tls/server/cert.pem" --tls-key-file "$tls/server/key.pem" \
    --tls-ca-cert-file "$tls/server/ca.pem" --tls-auth-clients no \
    --aclfile "$dir/users.acl" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
    || die "redis-server with TLS did not start (see $dir/redis.log)"
  echo "$port" >"$dir/port"
  for _ in $(seq 1 50); do
    if tls_redis_cli ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  tail -5 "$dir/redis.log" >&2 || true
  die "redis-tls did not answer on port $port (see $dir/redis.log)"
}

tls_redis_cli() {
  local dir="$BASE/redis-tls"
  REDISCLI_AUTH=$(cat "$dir/password") redis-cli --no-auth-warning --tls --cacert "$(tls_dir)/ca.pem" \
    -h 127.0.0.1 -p "$(cat "$dir/port")" --user "$REDIS_TLS_USER" "$@"
}

start_tls_parts() {
  start_tls_agent
  start_tls_redis
  wait_agent "$TLS_AGENT"
  build_images "$TLS_AGENT"
}

# Appended to testbed.env. The password itself stays in its file (mode 600).
write_tls_env() {
  local tls; tls=$(tls_dir)
  cat <<ENV
FLEETDECK_TESTBED_TLS_AGENT=agent$TLS_AGENT=tcp://127.0.0.1:$(cat "$(agent_dir "$TLS_AGENT")/port")
FLEETDECK_TESTBED_TLS_AGENT_SOCKET=unix://$(agent_dir "$TLS_AGENT")/docker.sock
FLEETDECK_TESTBED_TLS_AGENT_CERTS=$tls/client
FLEETDECK_TESTBED_TLS_WRONG_CA_CERTS=$tls/wrong-ca
FLEETDECK_TESTBED_TLS_WRONG_CLIENT_CERTS=$tls/wrong-client
FLEETDECK_TESTBED_REDIS_TLS=rediss://127.0.0.1:$(cat "$BASE/redis-tls/port")
FLEETDECK_TESTBED_REDIS_TLS_USER=$REDIS_TLS_USER
FLEETDECK_TESTBED_REDIS_TLS_PASSWORD_FILE=$BASE/redis-tls/password
FLEETDECK_TESTBED_REDIS_TLS_CA=$tls/ca.pem
ENV
  # The console on the TLS parts: java -jar app/target/fleetdeck.jar --config $BASE/fleet-tls.yaml
  cat >"$BASE/fleet-tls.yaml" <<YAML
# Written by testbed.sh: the TLS agent and the TLS + ACL Redis of the test bed.
agents:
  - name: agent$TLS_AGENT
    host: tcp://127.0.0.1:$(cat "$(agent_dir "$TLS_AGENT")/port")
    tls: $tls/client
redis:
  uri: rediss://127.0.0.1:$(cat "$BASE/redis-tls/port")
  user: $REDIS_TLS_USER
  passwordFile: $BASE/redis-tls/password
  caFile: $tls/ca.pem
workspaces:
  - { name: firefox, image: fleetdeck/firefox:$IMAGE_VERSION, cores: 0.5, memory: 256m }
YAML
}

# The TLS agent's containers and engine go with the other agents (its folder is an agent folder).
stop_tls_redis() {
  stop_pidfile "$BASE/redis-tls/redis.pid" "redis-server (TLS)"
}

status_tls() {
  local rc=0 dir; dir=$(agent_dir "$TLS_AGENT")
  if [ -f "$dir/port" ]; then echo "agent$TLS_AGENT: tcp://127.0.0.1:$(cat "$dir/port") with TLS client certificates ($(tls_dir)/client)"; fi
  if pid_alive "$BASE/redis-tls/redis.pid" && tls_redis_cli ping 2>/dev/null | grep -q PONG; then
    echo "redis-tls: up (rediss://127.0.0.1:$(cat "$BASE/redis-tls/port"), user $REDIS_TLS_USER, CA $(tls_dir)/ca.pem)"
  else
    echo "redis-tls: down"; rc=3
  fi
  return $rc
}
# ---- end of TLS ---------------------------------------------------------------------------------

# ---- Redis Sentinel: two data nodes and one sentinel, each with its own folder and pid file -----
SENTINEL_NAME=fleetdeck-tb
sentinel_dir() { echo "$BASE/sentinel"; }

start_sentinel_node() {
  local i=$1 dir port; dir="$(sentinel_dir)/node$i"
  mkdir -p "$dir"
  if pid_alive "$dir/redis.pid"; then log "sentinel node$i already running"; return 0; fi
  if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port $((17379 + i * 7))); echo "$port" >"$dir/port"; fi
  local args=(--port "$port" --bind 127.0.0.1 --save "" --appendonly yes --dir "$dir"
              --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log")
  # node2 starts as a replica of node1; a node started again later is made a replica by Sentinel.
  if [ "$i" = 2 ] && [ ! -f "$dir/started" ]; then args+=(--replicaof 127.0.0.1 "$(cat "$(sentinel_dir)/node1/port")"); fi
  redis-server "${args[@]}" || die "sentinel node$i did not start (see $dir/redis.log)"
  touch "$dir/started"
  for _ in $(seq 1 50); do
    if redis-cli -p "$port" -h 127.0.0.1 ping >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "sentinel node$i did not answer on port $port (see $dir/redis.log)"
}

start_sentinel() {
  local dir port master; dir="$(sentinel_dir)/sentinel"
  mkdir -p "$dir"
  if pid_alive "$dir/sentinel.pid"; then log "sentinel already running"; return 0; fi
  port=$(free_port 26479); echo "$port" >"$dir/port"
  master=$(cat "$(sentinel_dir)/node1/port")
  # Sentinel rewrites this file as it learns the set: it is its state, written once.
  cat >"$dir/sentinel.conf" <<CONF
port $port
bind 127.0.0.1
daemonize yes
pidfile $dir/sentinel.pid
logfile $dir/sentinel.log
dir $dir
sentinel monitor $SENTINEL_NAME 127.0.0.1 $master 1
sentinel down-after-milliseconds $SENTINEL_NAME 2000
sentinel failover-timeout $SENTINEL_NAME 5000
CONF
  redis-server "$dir/sentinel.conf" --sentinel || die "sentinel did not start (see $dir/sentinel.log)"
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" -h 127.0.0.1 sentinel get-master-addr-by-name "$SENTINEL_NAME" 2>/dev/null | grep -q "$master"; then
      return 0
    fi
    sleep 0.1
  done
  die "sentinel on port $port does not see the master (see $dir/sentinel.log)"
}

start_sentinel_parts() {
  start_sentinel_node 1
  start_sentinel_node 2
  start_sentinel
  # The replica must have synced before a test kills the master (node2 at first; after a failover
  # the other way round).
  local master i port; master=$(sentinel_master_port)
  for i in 1 2; do
    port=$(cat "$(sentinel_dir)/node$i/port")
    [ "$port" = "$master" ] && continue
    for _ in $(seq 1 100); do
      if redis-cli -p "$port" -h 127.0.0.1 info replication 2>/dev/null | grep -q "master_link_status:up"; then return 0; fi
      sleep 0.1
    done
    die "sentinel node$i did not sync with the master on port $master (see $(sentinel_dir)/node$i/redis.log)"
  done
}

sentinel_master_port() {
  redis-cli -p "$(cat "$(sentinel_dir)/sentinel/port")" -h 127.0.0.1 sentinel get-master-addr-by-name "$SENTINEL_NAME" | sed -n 2p
}

cmd_kill_master() {
  local port i; port=$(sentinel_master_port)
  for i in 1 2; do
    if [ "$(cat "$(sentinel_dir)/node$i/port")" = "$port" ]; then
      local pid; pid=$(cat "$(sentinel_dir)/node$i/redis.pid")
      kill -KILL "$pid"
      log "killed the master node$i (port $port, pid $pid)"
      echo "node$i"
      return 0
    fi
  done
  die "no node of $(sentinel_dir) is the master on port $port"
}

write_sentinel_env() {
  cat <<ENV
FLEETDECK_TESTBED_SENTINEL=redis-sentinel://127.0.0.1:$(cat "$(sentinel_dir)/sentinel/port")#$SENTINEL_NAME
FLEETDECK_TESTBED_SENTINEL_DIR=$(sentinel_dir)
ENV
}

stop_sentinel_parts() {
  stop_pidfile "$(sentinel_dir)/sentinel/sentinel.pid" "redis sentinel"
  stop_pidfile "$(sentinel_dir)/node1/redis.pid" "sentinel node1"
  stop_pidfile "$(sentinel_dir)/node2/redis.pid" "sentinel node2"
}

status_sentinel() {
  local rc=0 i dir
  for i in 1 2; do
    dir="$(sentinel_dir)/node$i"
    if pid_alive "$dir/redis.pid"; then
      echo "sentinel node$i: up (port $(cat "$dir/port"), $(redis-cli -p "$(cat "$dir/port")" -h 127.0.0.1 info replication 2>/dev/null | tr -d '\r' | sed -n 's/^role://p'))"
    else
      echo "sentinel node$i: down"; rc=3
    fi
  done
  if pid_alive "$(sentinel_dir)/sentinel/sentinel.pid"; then
    echo "sentinel: up (port $(cat "$(sentinel_dir)/sentinel/port"), master $SENTINEL_NAME on port $(sentinel_master_port))"
  else
    echo "sentinel: down"; rc=3
  fi
  return $rc
}
# ---- end of Sentinel ----------------------------------------------------------------------------
# ---- Metrics: one node-exporter per agent and a Prometheus that scrapes them -------------------
# Self-contained like the TLS parts: cmd_up, cmd_down, cmd_status, write_env and the
# stop-prometheus/start-prometheus commands call these. Debian's packages, run as our own processes
# (no systemd unit), each on a free loopback port with its own folder and pid file under
# $BASE/metrics. On one machine every exporter reports this host: each agent still gets its own
# exporter (its own `instance` label), as a real fleet has one per agent host.
METRICS_DIR="$BASE/metrics"

# Only what Fleetdeck asks for (CPU, memory, filesystems): the default collectors cost a real
# share of a core per scrape at a 2 s interval, times one exporter per agent.
NODE_COLLECTORS=(--collector.disable-defaults --collector.cpu --collector.meminfo --collector.filesystem --collector.loadavg)

metrics_available() { command -v prometheus >/dev/null 2>&1 && command -v prometheus-node-exporter >/dev/null 2>&1; }

# start_node_exporter NAME: an exporter for agent NAME; the port is kept across restarts.
start_node_exporter() {
  local name=$1 dir="$METRICS_DIR/node-$1" port
  mkdir -p "$dir"
  if pid_alive "$dir/exporter.pid"; then return 0; fi
  port=$(cat "$dir/port" 2>/dev/null || free_port 19100)
  echo "$port" >"$dir/port"
  setsid prometheus-node-exporter --web.listen-address="127.0.0.1:$port" "${NODE_COLLECTORS[@]}" \
    >"$dir/exporter.log" 2>&1 </dev/null &
  echo $! >"$dir/exporter.pid"
  for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1; then return 0; fi
    pid_alive "$dir/exporter.pid" || break
    sleep 0.1
  done
  tail -5 "$dir/exporter.log" >&2 || true
  die "node-exporter for $name did not answer on 127.0.0.1:$port (see $dir/exporter.log)"
}

node_exporter_names() {
  local d
  for d in "$METRICS_DIR"/node-*; do [ -d "$d" ] && basename "$d" | sed 's/^node-//'; done
}

prometheus_port() { cat "$METRICS_DIR/prometheus/port" 2>/dev/null; }

# Prometheus scraping every exporter every 2 s (the issue's interval), its TSDB in its own folder.
# The port is kept across stop-prometheus/start-prometheus so testbed.env stays true.
start_prometheus() {
  local dir="$METRICS_DIR/prometheus" port name targets=""
  mkdir -p "$dir/data"
  if pid_alive "$dir/prometheus.pid"; then log "prometheus already running"; return 0; fi
  port=$(prometheus_port || true)
  [ -n "$port" ] || port=$(free_port 19090)
  echo "$port" >"$dir/port"
  for name in $(node_exporter_names); do
    targets+="      - targets: ['127.0.0.1:$(cat "$METRICS_DIR/node-$name/port")']
        labels: { agent: '$name' }
"
  done
  cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: node
    static_configs:
$targets
YAML
  setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=45d --log.level=warn \
    >"$dir/prometheus.log" 2>&1 </dev/null &
  echo $! >"$dir/prometheus.pid"
}

# Ready when every exporter is scraped: up == 1 for each target.
wait_prometheus() {
  local dir="$METRICS_DIR/prometheus" port want; port=$(prometheus_port)
  want=$(node_exporter_names | wc -l)
  for _ in $(seq 1 300); do
    local up
    # Not ready yet (refused, or 503 while it replays its WAL) is not an error here.
    up=$({ curl -fsS "http://127.0.0.1:$port/api/v1/query" --data-urlencode 'query=count(up{job="node"} == 1)' 2>/dev/null || true; } \
      | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
    if [ "${up:-0}" = "$want" ]; then return 0; fi
    pid_alive "$dir/prometheus.pid" || break
    sleep 0.1
  done
  tail -10 "$dir/prometheus.log" >&2 || true
  die "prometheus on 127.0.0.1:$port did not scrape all $want exporters within 30 s (see $dir/prometheus.log)"
}

start_metrics() {
  metrics_available || { log "prometheus or prometheus-node-exporter is not installed: no metrics (apt-get install -y --no-install-recommends prometheus prometheus-node-exporter)"; return 0; }
  local n=$1 i
  for i in $(seq 1 "$n"); do start_node_exporter "agent$i"; done
  start_node_exporter "agent$TLS_AGENT"
  start_prometheus
  wait_prometheus
}

stop_metrics() {
  [ -d "$METRICS_DIR" ] || return 0
  stop_pidfile "$METRICS_DIR/prometheus/prometheus.pid" "prometheus"
  local name
  for name in $(node_exporter_names); do
    stop_pidfile "$METRICS_DIR/node-$name/exporter.pid" "node-exporter of $name"
  done
}

# Appended to testbed.env: Prometheus's URL and each agent's exporter (its `instance` label).
write_metrics_env() {
  [ -f "$METRICS_DIR/prometheus/port" ] || return 0
  local name list=""
  for name in $(node_exporter_names); do
    list+="${list:+,}$name=127.0.0.1:$(cat "$METRICS_DIR/node-$name/port")"
  done
  echo "FLEETDECK_TESTBED_PROMETHEUS=http://127.0.0.1:$(prometheus_port)"
  echo "FLEETDECK_TESTBED_NODE_EXPORTERS=$list"
}

node_exporter_of() { cat "$METRICS_DIR/node-$1/port" 2>/dev/null | sed 's/^/127.0.0.1:/'; }

status_metrics() {
  [ -d "$METRICS_DIR/prometheus" ] || { echo "prometheus: not started (not installed?)"; return 0; }
  local rc=0 name
  if pid_alive "$METRICS_DIR/prometheus/prometheus.pid"; then
    echo "prometheus: up (http://127.0.0.1:$(prometheus_port), scrape_interval 2s)"
  else
    echo "prometheus: down"; rc=3
  fi
  for name in $(node_exporter_names); do
    if pid_alive "$METRICS_DIR/node-$name/exporter.pid"; then echo "node-exporter $name: up ($(node_exporter_of "$name"))"
    else echo "node-exporter $name: down"; rc=3; fi
  done
  return $rc
}
# ---- end of metrics -----------------------------------------------------------------------------

write_env() {
  local n=$1 agents="" i
  for i in $(seq 1 "$n"); do
    agents+="${agents:+,}agent$i=unix://$(agent_dir "$i")/docker.sock"
  done
  local port; port=$(cat "$BASE/redis/port")
  cat >"$ENV_FILE" <<ENV
FLEETDECK_TESTBED_DIR=$BASE
FLEETDECK_TESTBED_AGENTS=$agents
FLEETDECK_TESTBED_REDIS=redis://127.0.0.1:$port
FLEETDECK_TESTBED_IMAGE_VERSION=$IMAGE_VERSION
ENV
  write_tls_env >>"$ENV_FILE"
  write_sentinel_env >>"$ENV_FILE"
  write_metrics_env >>"$ENV_FILE"
  # A console configuration for the same fleet: java -jar app/target/fleetdeck.jar --config $BASE/fleet.yaml
  {
    echo "# Written by testbed.sh: the real test-bed fleet."
    echo "agents:"
    for i in $(seq 1 "$n"); do
      echo "  - name: agent$i"
      echo "    host: unix://$(agent_dir "$i")/docker.sock"
      echo "    zone: $([ $((i % 2)) -eq 1 ] && echo east || echo west)"
      [ -n "$(node_exporter_of "agent$i")" ] && echo "    nodeExporter: $(node_exporter_of "agent$i")"
    done
    echo "redis: redis://127.0.0.1:$port"
    [ -n "$(prometheus_port)" ] && echo "metrics: { prometheus: http://127.0.0.1:$(prometheus_port) }"
    echo "workspaces:"
    for t in "${WORKSPACE_TYPES[@]}"; do
      echo "  - name: $t"
      echo "    image: fleetdeck/$t:$IMAGE_VERSION"
      echo "    cores: 0.5"
      echo "    memory: 256m"
    done
  } >"$BASE/fleet.yaml"
}

cmd_up() {
  local n=${1:-3}
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "agent count must be a positive number, got '$n'"
  need_packages
  [ "$(id -u)" -eq 0 ] || die "dockerd needs root here; run as root (or with sudo)"
  mkdir -p "$BASE"
  echo "$n" >"$BASE/agents"
  local i
  for i in $(seq 1 "$n"); do start_agent "$i"; done
  start_redis
  start_registry
  for i in $(seq 1 "$n"); do wait_agent "$i"; build_images "$i"; done
  push_registry_images
  start_tls_parts
  start_sentinel_parts
  start_metrics "$n"
  write_env "$n"
  write_registry_env
  log "up: $n agents, redis on port $(cat "$BASE/redis/port"), registry on 127.0.0.1:$(registry_port)"
  cat "$ENV_FILE"
  echo "# console: java -jar app/target/fleetdeck.jar --config $BASE/fleet.yaml"
}

stop_pidfile() {
  local pidfile=$1 what=$2
  pid_alive "$pidfile" || return 0
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$what (pid $pid) did not stop in 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# Shims outlive an engine that was killed (kill-engine) or whose containerd died: CI found one
# idle hours after its bed went down. Ours are those whose containerd address is under $BASE,
# read from their own command line, so another bed's or the machine's shims are never touched.
stop_our_shims() {
  local f pid pids=()
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}; pid=${pid%/cmdline}
    if tr '\0' ' ' < "$f" 2>/dev/null | grep -q -- "containerd-shim.* -address $BASE/"; then
      pids+=("$pid")
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  log "stopping ${#pids[@]} containerd shim(s) left by our engines, and their containers"
  # A container's first process is the shim's child and outlives the shim: it goes first.
  for pid in "${pids[@]}"; do pkill -KILL -P "$pid" 2>/dev/null || true; done
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 30); do
    local left=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [ $left -eq 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

cmd_down() {
  [ -d "$BASE" ] || { log "nothing to stop ($BASE does not exist)"; return 0; }
  local dir
  for dir in "$BASE"/agent*; do
    [ -d "$dir" ] || continue
    if pid_alive "$dir/dockerd.pid"; then
      local ids; ids=$(dock "$dir/docker.sock" ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && dock "$dir/docker.sock" rm -f $ids >/dev/null 2>&1 || true
      stop_pidfile "$dir/dockerd.pid" "dockerd of $(basename "$dir")"
    fi
    # The launcher pid covers an engine that died before it wrote its own pid file.
    stop_pidfile "$dir/launcher.pid" "launcher of $(basename "$dir")"
  done
  stop_our_shims
  if [ -f "$BASE/redis/redis.pid" ]; then stop_pidfile "$BASE/redis/redis.pid" "redis-server"; fi
  stop_registry
  stop_tls_redis
  stop_sentinel_parts
  stop_metrics
  # Engines unmount their layers on a clean stop; anything left behind must not stop the delete.
  awk -v base="$BASE" 'index($2, base) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$BASE"
  log "down"
}

cmd_status() {
  [ -d "$BASE" ] || { echo "test bed: down"; return 3; }
  local dir rc=0
  for dir in "$BASE"/agent*; do
    [ -d "$dir" ] || continue
    if pid_alive "$dir/dockerd.pid" && dock "$dir/docker.sock" info >/dev/null 2>&1; then
      echo "$(basename "$dir"): up ($dir/docker.sock, $(dock "$dir/docker.sock" ps -q | wc -l) containers)"
    else
      echo "$(basename "$dir"): down"; rc=3
    fi
  done
  if pid_alive "$BASE/redis/redis.pid"; then echo "redis: up (port $(cat "$BASE/redis/port"))"; else echo "redis: down"; rc=3; fi
  registry_status || rc=3
  status_tls || rc=3
  status_sentinel || rc=3
  status_metrics || rc=3
  return $rc
}

cmd_stop_agent() {
  local i=${1:?agent number}; local dir; dir=$(agent_dir "$i")
  [ -d "$dir" ] || die "no agent$i in $BASE"
  stop_pidfile "$dir/dockerd.pid" "dockerd of agent$i"
  stop_pidfile "$dir/launcher.pid" "launcher of agent$i"
}

cmd_start_agent() {
  local i=${1:?agent number}
  [ -d "$(agent_dir "$i")" ] || die "no agent$i in $BASE"
  if [ "$i" = "$TLS_AGENT" ]; then start_tls_agent; else start_agent "$i"; fi
  wait_agent "$i"
}

# An engine's pid from its pid file; the fault commands never look a process up by name.
engine_pid() {
  local i=${1:?agent number} dir; dir=$(agent_dir "$i")
  engine_alive "$dir" || die "agent$i's engine is not running (no live dockerd in $dir/dockerd.pid)"
  cat "$dir/dockerd.pid"
}

cmd_kill_engine() {
  local pid; pid=$(engine_pid "$1")
  kill -KILL "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  # dockerd leaves its pid file behind when killed: start-engine must not take it for a live one.
  rm -f "$(agent_dir "$1")/dockerd.pid"
  log "killed agent$1's engine (pid $pid)"
}

cmd_start_engine() {
  local i=${1:?agent number}
  [ -d "$(agent_dir "$i")" ] || die "no agent$i in $BASE"
  [ "$i" = "$TLS_AGENT" ] && die "start-engine is for the plain agents; use start-agent tls"
  start_agent "$i" --live-restore
  wait_agent "$i"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  kill-engine) shift; cmd_kill_engine "${1:?agent number}" ;;
  start-engine) shift; cmd_start_engine "$@" ;;
  pause-engine) shift; kill -STOP "$(engine_pid "${1:?agent number}")"; log "paused agent$1's engine" ;;
  resume-engine) shift; kill -CONT "$(engine_pid "${1:?agent number}")"; log "resumed agent$1's engine" ;;
  stop-agent) shift; cmd_stop_agent "$@" ;;
  stop-prometheus) stop_pidfile "$METRICS_DIR/prometheus/prometheus.pid" "prometheus" ;;
  start-prometheus) start_prometheus; wait_prometheus ;;
  start-agent) shift; cmd_start_agent "$@" ;;
  sentinel-master) sentinel_master_port ;;
  kill-master) cmd_kill_master ;;
  start-node) shift; start_sentinel_node "${1:?node number (1 or 2)}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) [ -f "$ENV_FILE" ] || die "the test bed is not up (no $ENV_FILE); start it with: $0 up"; cat "$ENV_FILE" ;;
  *) echo "usage: $0 up [N] | down | status | env | stop-agent I | start-agent I | sentinel-master | kill-master | start-node I | kill-engine I | start-engine I | pause-engine I | resume-engine I | stop-prometheus | start-prometheus" >&2; exit 2 ;;
esac
