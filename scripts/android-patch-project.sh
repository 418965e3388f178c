#!/usr/bin/env bash
# Applies to the Gradle project that `dx bundle --platform android` generated what dx 0.7.10
# has no setting for (android/README.md, "What dx writes and what we change"):
#
#   * <application android:allowBackup="false" android:fullBackupContent="false"
#     android:dataExtractionRules="@xml/data_extraction_rules">: the draft and the ID-card
#     photos stay out of Auto Backup and device transfer;
#   * android/res/xml/data_extraction_rules.xml and android/res/xml/network_security_config.xml
#     copied over (dx writes its own network_security_config.xml on every build);
#   * android:networkSecurityConfig="@xml/network_security_config" (dx's template has it; set
#     again so that the file above is certainly the one in force).
#
# dx writes the project (manifest and res/ included) at the start of every build and runs Gradle
# at its end, so run this after `dx bundle` and then run Gradle again:
#
#   scripts/android-patch-project.sh target/dx/vssid-app/debug/android/app
#   (cd target/dx/vssid-app/debug/android/app && ./gradlew assembleDebug)
#   scripts/check-apk.sh target/dx/vssid-app/debug/android/app/app/build/outputs/apk/debug/app-debug.apk
#
# Running it twice gives the same project.
set -euo pipefail

project=${1:?usage: scripts/android-patch-project.sh <dx android project, e.g. target/dx/vssid-app/debug/android/app>}
root=$(cd "$(dirname "$0")/.." && pwd)
manifest="$project/app/src/main/AndroidManifest.xml"
res_xml="$project/app/src/main/res/xml"

fail() {
  echo "android-patch-project: $*" >&2
  exit 1
}

[ -f "$manifest" ] || fail "no manifest at $manifest (run dx bundle first)"
[ "$(grep -c '<application\b' "$manifest")" = 1 ] || fail "expected one <application> in $manifest"

mkdir -p "$res_xml"
for file in data_extraction_rules.xml network_security_config.xml; do
  cp "$root/android/res/xml/$file" "$res_xml/$file"
done

# Drops whatever value dx (or an earlier run) gave these attributes, then sets ours on
# <application>. The manifest is dx's template (AndroidManifest.xml.hbs): one attribute per
# name, values without quotes inside.
perl -0pi -e '
  s/\s+android:(?:allowBackup|fullBackupContent|dataExtractionRules|networkSecurityConfig)\s*=\s*"[^"]*"//g;
  s{<application\b}{<application android:allowBackup="false" android:fullBackupContent="false"\n        android:dataExtractionRules="\@xml/data_extraction_rules"\n        android:networkSecurityConfig="\@xml/network_security_config"};
' "$manifest"

for attribute in 'android:allowBackup="false"' 'android:fullBackupContent="false"' \
  'android:dataExtractionRules="@xml/data_extraction_rules"' \
  'android:networkSecurityConfig="@xml/network_security_config"'; do
  [ "$(grep -o "$attribute" "$manifest" | wc -l)" = 1 ] || fail "$attribute is not in $manifest once"
done
for file in data_extraction_rules.xml network_security_config.xml; do
  cmp -s "$root/android/res/xml/$file" "$res_xml/$file" || fail "$res_xml/$file was not copied"
done
echo "android-patch-project: $manifest keeps the app's data out of backups and uses android/res/xml/network_security_config.xml"
