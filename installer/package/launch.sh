# How Fleetdeck starts its JVM: the window and the keeper on one set of options, a one-shot command on
# another. Sourced (bash), not run: by scripts/run-console and by the packaged bin/fleetdeck.
#
# Why two: a command is a cold JVM that lives a few seconds, the window and the keeper run for hours.
# - A command compiles with C1 only (-XX:TieredStopAtLevel=1): C2 spends a core for seconds on code
#   that a short command has finished with before C2's code is ready. The window and the keeper keep
#   C2 (their peak speed), as before.
# - Both read the classes from a class-data-sharing archive (made once per build or installation,
#   fleetdeck_make_archive below): parsed and verified already, so a start loads ~4,000 classes from
#   one mapped file instead of ~60 jars. A missing or stale archive costs only the speed: the JVM
#   checks it (class path, jar sizes and times) and, with -Xshare:auto, silently runs without it.
# docs/benchmarks.md ("Cold start of commands") has the measurements behind each option.

# The JVM options of a one-shot command, one per line in command-jvm.options beside this file.
fleetdeck_command_options() {
  local here
  here=$(dirname "${BASH_SOURCE[0]}")
  grep -v -e '^#' -e '^[[:space:]]*$' "$here/command-jvm.options"
}

# fleetdeck_opens_window ARGS...: true when these arguments open the window (no command word) or run
# the keeper (a long-running command): the processes that keep C2. --help and --version are commands.
fleetdeck_opens_window() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -h | --help | -V | --version) return 1 ;;
      -c | --config | --seed | --tour) shift ;; # the option's value is not a command
      --) shift; [ $# -eq 0 ]; return ;;
      -*) ;;
      keeper) return 0 ;;
      *) return 1 ;;
    esac
    shift
  done
  return 0
}

# fleetdeck_class_list JAVA LIST CLASS-PATH-OPTIONS...: the classes that a few commands load, in
# the JVM started as `JAVA CLASS-PATH-OPTIONS... dev.fleetdeck.app.Main`: on the demo fleet (fleet
# view, analyzer), and against an agent, a Redis and a Prometheus that refuse the connection
# (docker-java, Lettuce, Netty and the JDK's HTTP client up to their first connect), plus --help.
# Nothing of these runs reaches the network but loopback; their output is dropped. The list names
# classes only, so it serves any installation of the same build.
fleetdeck_class_list() {
  local java=$1 list=$2
  shift 2
  local work
  work=$(mktemp -d)
  cat >"$work/fleet.yaml" <<'EOF'
agents:
  - { name: train, host: 'tcp://127.0.0.1:1', nodeExporter: '127.0.0.1:1' }
redis: redis://127.0.0.1:1
metrics: { prometheus: 'http://127.0.0.1:1' }
settings: { agentTimeout: 2s }
EOF
  local n=0 run f
  for run in "--demo agents --json" "--demo analyze --by day" "--demo sessions" "--help" \
             "--config $work/fleet.yaml agents" "--config $work/fleet.yaml audit"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # $run is a list of words
    FLEETDECK_DATA_DIR="$work/data$n" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" \
      "$java" -Xshare:off -XX:DumpLoadedClassList="$work/$n.classes" "$@" dev.fleetdeck.app.Main $run \
      </dev/null >/dev/null 2>&1 || true
  done
  # One list, first occurrence kept (a class before the lambdas that name it). A JVM exiting while
  # it writes leaves a cut last line: only lines ending in a newline count.
  for f in "$work"/*.classes; do
    if [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ]; then sed -i '$d' "$f"; fi
  done
  cat "$work"/*.classes | awk '!seen[$0]++' >"$list"
  rm -rf "$work"
}

# fleetdeck_dump_archive JAVA LIST ARCHIVE CLASS-PATH-OPTIONS...: the archive of LIST's classes for
# the JVM started with exactly these class-path options (which the JVM checks at every start).
fleetdeck_dump_archive() {
  local java=$1 list=$2 archive=$3
  shift 3
  local log
  log=$(mktemp)
  rm -f "$archive"
  if ! "$java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive" "$@" >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    rm -f "$log" "$archive"
    return 1
  fi
  rm -f "$log"
}

# fleetdeck_make_archive JAVA ARCHIVE CLASS-PATH-OPTIONS...: both, for a build run in place.
fleetdeck_make_archive() {
  local java=$1 archive=$2
  shift 2
  fleetdeck_class_list "$java" "$archive.classes" "$@"
  fleetdeck_dump_archive "$java" "$archive.classes" "$archive" "$@"
}

# fleetdeck_dev_jvm ROOT window|command: the JVM options, one per line, of a build run in place
# (ROOT/app/target: scripts/run-console, the benches), after making its archive when it is missing
# or older than the jar (once per build, ~20 CPU s; a note on stderr).
fleetdeck_dev_jvm() {
  local root=$1 kind=$2
  local jar="$root/app/target/fleetdeck.jar" archive="$root/app/target/fleetdeck.jsa"
  local fx
  fx=$(ls "$root"/app/target/lib/javafx-*-linux.jar | paste -sd: -)
  # JavaFX from the module path, as it expects ("Unsupported JavaFX configuration" otherwise); the
  # rest of lib/ stays on the jar's class path.
  local path=(--module-path "$fx" --add-modules javafx.controls,javafx.swing -cp "$jar")
  if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ] || [ "${BASH_SOURCE[0]}" -nt "$archive" ]; then
    echo "fleetdeck: preparing the class archive for quick starts (once per build)…" >&2
    fleetdeck_make_archive java "$archive" "${path[@]}" >&2 || echo "fleetdeck: no class archive; starting without it" >&2
  fi
  echo "-XX:SharedArchiveFile=$archive"
  [ "$kind" = window ] || fleetdeck_command_options
  printf '%s\n' "${path[@]}"
}

# fleetdeck_image_path APP-DIR: the class-path options a jpackage launcher of the image gives its
# JVM, read from its .cfg (APP-DIR is the image's lib/app, jpackage's $APPDIR), one per line: what
# fleetdeck_class_list and fleetdeck_dump_archive need to match that launcher's start.
fleetdeck_image_path() {
  local app=$1
  local cfg="$app/fleetdeck-command.cfg"
  echo --module-path
  awk '/^java-options=--module-path$/ {getline; sub(/^java-options=/, ""); print; exit}' "$cfg" | sed "s#\$APPDIR#$app#g"
  echo --add-modules
  awk '/^java-options=--add-modules$/ {getline; sub(/^java-options=/, ""); print; exit}' "$cfg"
  echo -cp
  sed -n 's/^app\.classpath=//p' "$cfg" | sed "s#\$APPDIR#$app#g" | paste -sd: -
}
