#!/usr/bin/env bash
# Builds the Fleetdeck installer: a jlink runtime with only the modules the app needs, a jpackage
# application image, and a .deb.
#
#   installer/build.sh
#     -> installer/target/runtime/                     the jlink runtime
#     -> installer/target/app-image/fleetdeck/         the application image (bin/fleetdeck, lib/)
#     -> installer/target/fleetdeck_<version>_amd64.deb
#
# Builds app/target/fleetdeck.jar first when it is missing or older than the sources.
# The app runs on the class path, JavaFX from the module path (its jars in lib/).
#
# Two JVMs behind one command (installer/package/launch.sh): bin/fleetdeck is a script that starts
# bin/fleetdeck-window (the window and the keeper: C2) or bin/fleetdeck-command (a one-shot command:
# C1 only), both jpackage launchers on the same class path and the same class-data-sharing archive.
# The archive itself is made by postinst at installation (the JVM checks the installed paths); its
# class list is made here and ships in lib/fleetdeck.classes.
set -euo pipefail
SECONDS=0
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
. "$root/installer/package/launch.sh"
need_build_tools
need_pkgs fakeroot:fakeroot dpkg-deb:dpkg

out="$root/installer/target"
pkg="$root/installer/package"
jar="$root/app/target/fleetdeck.jar"
version=$(grep -m1 -oP '(?<=<version>)[^<]+' "$root/pom.xml")

# The JDK the build uses; jlink links that JDK's own modules.
jdk_bin=$(dirname "$(readlink -f "$(command -v javac)")")
for tool in jlink jpackage; do
  [ -x "$jdk_bin/$tool" ] || { echo "installer: $jdk_bin/$tool not found; the JDK must provide $tool (openjdk-17-jdk-headless does)" >&2; exit 1; }
done

# 1. The application: fleetdeck.jar + lib/.
stale=$(find "$root/pom.xml" "$root/resources" "$root/services" "$root/views" "$root/app" -path '*/target' -prune \
  -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit 2>/dev/null || true)
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  echo "installer: building app/target/fleetdeck.jar" >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl app -am) >&2
fi
built=$("$jdk_bin/java" -jar "$jar" --version)
[ "$built" = "fleetdeck $version" ] || { echo "installer: $jar says '$built', the pom says $version; rebuild it" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/input"
cp "$jar" "$out/input/"
cp -r "$root/app/target/lib" "$out/input/lib"

# 2. The runtime. jdeps finds what the code uses:
#      jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
#        --class-path 'app/target/lib/*' app/target/fleetdeck.jar app/target/lib/*.jar
#    -> java.base java.compiler java.desktop java.naming java.security.jgss java.sql jdk.jfr jdk.net
#       jdk.unsupported jdk.unsupported.desktop (java.desktop pulls in java.xml, java.datatransfer,
#       java.prefs; java.sql pulls in java.logging, java.transaction.xa).
#    Added by hand, used reflectively or through service providers:
#      java.management  (Netty, Lettuce and JavaFX read the runtime MXBeans when present)
#      jdk.crypto.ec    (elliptic-curve TLS cipher suites: tcp:// agents with tls:, rediss://)
#    Left out: jdk.localedata (dates and numbers are formatted with fixed patterns; other locales
#    fall back to English), java.net.http, java.scripting (unused).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming
modules+=,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.net,jdk.unsupported
modules+=,jdk.unsupported.desktop
echo "installer: [${SECONDS}s] jlink runtime ($modules)" >&2
"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$out/runtime"

# 3. The application image.
echo "installer: [${SECONDS}s] jpackage app-image" >&2
common=(--name fleetdeck --app-version "$version" --vendor Fleetdeck
  --description "Operations console for fleets of container-workspace hosts")
# JavaFX from the module path, as it expects; $APPDIR is where jpackage's launcher finds lib/.
fx_path=$(cd "$out/input" && ls lib/javafx-*-linux.jar | sed 's#^#$APPDIR/#' | paste -sd: -)
window_options="--module-path $fx_path --add-modules javafx.controls,javafx.swing -XX:SharedArchiveFile=\$APPDIR/../fleetdeck.jsa"
command_options="$window_options $(fleetdeck_command_options | paste -sd' ' -)"
printf 'java-options=%s\n' "$command_options" >"$out/command.properties"
printf 'java-options=%s\n' "$window_options" >"$out/window.properties"
"$jdk_bin/jpackage" --type app-image "${common[@]}" --dest "$out/app-image" \
  --input "$out/input" --main-jar fleetdeck.jar --main-class dev.fleetdeck.app.Main \
  --java-options "$window_options" \
  --add-launcher fleetdeck-window="$out/window.properties" \
  --add-launcher fleetdeck-command="$out/command.properties" \
  --runtime-image "$out/runtime" --icon "$pkg/fleetdeck.png"
image="$out/app-image/fleetdeck"
# bin/fleetdeck chooses between the two (jpackage's own main launcher is not needed beside them).
install -m 755 "$pkg/fleetdeck-launcher" "$image/bin/fleetdeck"
rm -f "$image/lib/app/fleetdeck.cfg"
install -m 644 "$pkg/launch.sh" "$pkg/command-jvm.options" "$image/lib/"
# The classes to archive, listed by this build's own runtime and jars in the image.
echo "installer: [${SECONDS}s] class list for the class-data-sharing archive" >&2
mapfile -t image_path < <(fleetdeck_image_path "$image/lib/app")
fleetdeck_class_list "$image/lib/runtime/bin/java" "$image/lib/fleetdeck.classes" "${image_path[@]}"
echo "installer: [${SECONDS}s] $(wc -l <"$image/lib/fleetdeck.classes") classes listed" >&2
# The keeper's systemd unit rides in the image; postinst puts it where systemd looks, disabled.
install -m 644 "$pkg/fleetdeck-keeper.service" "$image/lib/fleetdeck-keeper.service"

# 4. The .deb from that image. installer/package/ overrides jpackage's postinst/prerm (adds the
#    /usr/bin/fleetdeck link) and its desktop entry (a proper name).
#    dpkg-deb's default xz takes ~60 s of CPU for this tree (jars and jlink's modules are compressed
#    already) and saves 6 % over gzip's ~7 s; jpackage runs dpkg-deb, which reads this variable.
echo "installer: [${SECONDS}s] jpackage deb" >&2
export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip}
"$jdk_bin/jpackage" --type deb "${common[@]}" --dest "$out/deb" \
  --app-image "$image" --resource-dir "$pkg" --install-dir /opt \
  --linux-package-name fleetdeck --linux-app-category admin \
  --linux-deb-maintainer "maintainers@fleetdeck.invalid" \
  --linux-shortcut --linux-menu-group "System;Monitor;" \
  --linux-package-deps "libgtk-3-0, libgl1, libxxf86vm1"
mv "$out/deb/fleetdeck_${version}-1_amd64.deb" "$out/fleetdeck_${version}_amd64.deb"
rmdir "$out/deb"
rm -rf "$out/input"
echo "installer: [${SECONDS}s] $out/fleetdeck_${version}_amd64.deb ($(du -h "$out/fleetdeck_${version}_amd64.deb" | cut -f1))" >&2
