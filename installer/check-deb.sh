#!/usr/bin/env bash
# Checks the .deb for real: installs it on this machine, runs the installed `fleetdeck`, checks the
# menu entry and icon, removes the package and checks it is gone. The package is removed however
# the check ends. Builds the .deb first (installer/build.sh) when it is missing or older than
# fleetdeck.jar or the packaging files.
#
# Ends with one line `deb-check: N passed, M failed`; exits 1 when anything failed.
# Needs root (or sudo). Refuses to run when a fleetdeck package is already installed, so it never
# removes an installation that is not its own. Packages apt pulls in for the .deb (e.g. xdg-utils) are
# purged again afterwards, so the machine keeps the packages it had.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"

version=$(grep -m1 -oP '(?<=<version>)[^<]+' "$root/pom.xml")
deb="$root/installer/target/fleetdeck_${version}_amd64.deb"
jar="$root/app/target/fleetdeck.jar"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq "$@"; }

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1" >&2; }
summarised=0
summary() { summarised=1; echo "deb-check: $passed passed, $failed failed"; }
# expect NAME EXPECTED ACTUAL
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
# run CMD...: its stdout+stderr in $out, its exit code in $rc; never trips set -e.
run() { rc=0; out=$(timeout 120 "$@" 2>&1) || rc=$?; }

# 1. The .deb.
if [ ! -f "$deb" ] || [ "$jar" -nt "$deb" ] || [ "$root/installer/build.sh" -nt "$deb" ] \
   || [ -n "$(find "$root/installer/package" -newer "$deb" -print -quit)" ]; then
  "$root/installer/build.sh"
fi
echo "deb-check: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# 2. Install it, and remove it again whatever happens.
if dpkg-query -W -f='${Status}' fleetdeck 2>/dev/null | grep -q 'installed'; then
  fail "a fleetdeck package is already installed on this machine; remove it first (apt purge fleetdeck)"
  summary; exit 1
fi
if [ -e /usr/bin/fleetdeck ]; then
  fail "/usr/bin/fleetdeck already exists and belongs to no fleetdeck package; move it away first"
  summary; exit 1
fi

installed_before=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort)
work=$(mktemp -d)
removed=0
remove_pkg() {
  [ "$removed" = 1 ] && return 0
  removed=1
  apt_get purge fleetdeck >/dev/null 2>&1 || $SUDO dpkg --purge fleetdeck >/dev/null 2>&1 || true
  # What apt pulled in for the .deb. dpkg refuses to remove anything another package now needs.
  local now new
  now=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort)
  new=$(comm -13 <(echo "$installed_before") <(echo "$now") | grep -vx fleetdeck || true)
  if [ -n "$new" ]; then
    # shellcheck disable=SC2086
    $SUDO dpkg --purge $new >/dev/null 2>&1 \
      || echo "deb-check: left installed (needed by others): $new" >&2
  fi
}
on_exit() {
  local code=$?
  remove_pkg
  if [ "$summarised" = 0 ]; then
    fail "the check stopped early (exit $code); the package was removed"
    summary
    [ "$code" -ne 0 ] || code=1
  fi
  rm -rf "$work"
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

install_deb() { rc=0; out=$(apt_get install --no-install-recommends "$deb" 2>&1) || rc=$?; }
install_deb
if [ "$rc" -ne 0 ]; then
  # A machine that never ran apt-get update cannot resolve the dependencies yet.
  apt_get update >/dev/null 2>&1 || true
  install_deb
fi
if [ "$rc" -ne 0 ]; then
  fail "apt-get install $deb (exit $rc): $(tail -n 5 <<<"$out")"
  summary; exit 1
fi
pass "apt-get install ./$(basename "$deb")"

expect "package fleetdeck is installed at version ${version}-1" "install ok installed ${version}-1" \
  "$(dpkg-query -W -f='${Status} ${Version}' fleetdeck 2>/dev/null || true)"
expect "/usr/bin/fleetdeck links to /opt/fleetdeck/bin/fleetdeck" /opt/fleetdeck/bin/fleetdeck \
  "$(readlink /usr/bin/fleetdeck || true)"
expect "fleetdeck on PATH is /usr/bin/fleetdeck" /usr/bin/fleetdeck \
  "$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v fleetdeck || true)"

# The runtime is the jlinked one: the desktop and TLS modules, no compiler, no jpackage.
run /opt/fleetdeck/lib/runtime/bin/java --list-modules
mods=$(awk -F@ '{print $1}' <<<"$out" | sort | tr '\n' ' ')
if [ "$rc" -eq 0 ] && [[ " $mods" == *" java.desktop "* && " $mods" == *" jdk.crypto.ec "* \
     && " $mods" == *" jdk.unsupported.desktop "* && " $mods" != *" jdk.compiler "* \
     && " $mods" != *" jdk.jpackage "* ]]; then
  pass "the runtime is jlinked: $(wc -w <<<"$mods") modules"
else
  fail "the runtime is not the jlinked one (exit $rc): $mods"
fi

# The installed command, run as a user would, through PATH, writing only into a temp dir.
export FLEETDECK_DATA_DIR="$work/data" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share"
mkdir -p "$FLEETDECK_DATA_DIR"
run fleetdeck --version
expect "fleetdeck --version" "fleetdeck $version" "$out"

# Two JVMs behind the one command (installer/package/launch.sh): a command on C1 only, the window on
# C2, both on the class-data-sharing archive postinst made (-Xshare:on fails when it cannot map it).
if [ -f /opt/fleetdeck/lib/fleetdeck.jsa ]; then pass "postinst made the class archive"; else fail "no /opt/fleetdeck/lib/fleetdeck.jsa"; fi
flag() { # flag LAUNCHER NAME: the JVM's final value of -XX:NAME when LAUNCHER runs --version
  JAVA_TOOL_OPTIONS=-XX:+PrintFlagsFinal timeout 120 "$1" --version 2>/dev/null | awk -v n="$2" '$2 == n {print $4}'
}
expect "a command compiles with C1 only (TieredStopAtLevel)" 1 "$(flag fleetdeck TieredStopAtLevel)"
expect "the window keeps C2 (TieredStopAtLevel)" 4 "$(flag /opt/fleetdeck/bin/fleetdeck-window TieredStopAtLevel)"
for launcher in fleetdeck /opt/fleetdeck/bin/fleetdeck-window; do
  rc=0; out=$(JAVA_TOOL_OPTIONS=-Xshare:on timeout 120 "$launcher" --version 2>&1) || rc=$?
  expect "$launcher maps the class archive (-Xshare:on)" "0 fleetdeck $version" "$rc $(tail -n 1 <<<"$out")"
done

run fleetdeck capacity --agent-cpus 16 --agent-ram 64g --workspace-cpus 2 --workspace-ram 4g --json
expect "fleetdeck capacity ... --json" '{"sessions":8,"limitedBy":"cpu"}' "$out"

run fleetdeck --demo agents --json
agents=$(grep -c '"name" : "sim-' <<<"$out" || true)
if [ "$rc" -eq 0 ] && [ "${out:0:1}" = "[" ] && [ "$agents" -eq 12 ] \
   && grep -q '"memTotalBytes"' <<<"$out"; then
  pass "fleetdeck --demo agents --json: 12 simulated agents"
else
  fail "fleetdeck --demo agents --json (exit $rc, $agents agents): $(head -c 300 <<<"$out")"
fi

run fleetdeck no-such-command
expect "fleetdeck no-such-command exits 2" 2 "$rc"

# The menu entry (copied into /usr/share/applications by our postinst) and its icon.
desktop=/usr/share/applications/fleetdeck-fleetdeck.desktop
if [ -f "$desktop" ]; then pass "desktop entry $desktop"; else fail "no desktop entry at $desktop"; fi
entry() { sed -n "s/^$1=//p" "$desktop" 2>/dev/null | head -n1; }
expect "desktop entry Name" Fleetdeck "$(entry Name)"
expect "desktop entry Exec" /opt/fleetdeck/bin/fleetdeck "$(entry Exec)"
expect "desktop entry Type" Application "$(entry Type)"
expect "desktop entry Categories" "System;Monitor;" "$(entry Categories)"
icon=$(entry Icon)
# A PNG: the 8-byte signature, then the IHDR width and height (big-endian) at bytes 16..23.
png=$(od -An -tx1 -N24 "${icon:-/nonexistent}" 2>/dev/null | tr -d ' \n' || true)
expect "desktop entry Icon $icon is a 256x256 PNG" "89504e470d0a1a0a 0000010000000100" \
  "${png:0:16} ${png:32:16}"

# The keeper's systemd unit: installed where systemd reads units, not enabled (an operator's choice).
unit=/lib/systemd/system/fleetdeck-keeper.service
if [ -f "$unit" ]; then pass "keeper unit $unit"; else fail "no keeper unit at $unit"; fi
expect "keeper unit ExecStart" "/opt/fleetdeck/bin/fleetdeck --config /etc/fleetdeck/fleet.yaml keeper" \
  "$(sed -n 's/^ExecStart=//p' "$unit" 2>/dev/null | head -n1)"
if [ -e /etc/systemd/system/multi-user.target.wants/fleetdeck-keeper.service ]; then
  fail "the keeper unit is enabled after install; it must stay disabled"
else
  pass "the keeper unit is disabled after install"
fi

# 3. Remove it and check it is gone.
remove_pkg
expect "package fleetdeck is gone after purge" "" \
  "$(dpkg-query -W -f='${db:Status-Abbrev}' fleetdeck 2>/dev/null | grep '^i' || true)"
for gone in /opt/fleetdeck /usr/bin/fleetdeck "$desktop" "$unit"; do
  if [ -e "$gone" ] || [ -L "$gone" ]; then fail "$gone is still there after purge"; else pass "$gone removed"; fi
done

summary
[ "$failed" -eq 0 ]
