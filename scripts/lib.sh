# Shared by run-console and test-all: install what is missing from Debian's packages.
# Sourced, not run.

# need_pkgs CMD_OR_FILE:PACKAGE ... installs PACKAGE when CMD_OR_FILE is not there.
need_pkgs() {
  local missing=() spec what pkg
  for spec in "$@"; do
    what=${spec%%:*}; pkg=${spec#*:}
    if [[ $what == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
    missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "fleetdeck: missing packages: ${missing[*]}; install them with: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "fleetdeck: installing ${missing[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO:-} apt-get update -qq >&2
  ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The JDK and Maven the build needs (Debian 12: OpenJDK 17, Maven 3.8).
need_build_tools() {
  need_pkgs javac:openjdk-17-jdk-headless mvn:maven
}
