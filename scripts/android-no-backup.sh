#!/usr/bin/env bash
# Keeps the Android app's data out of every backup: patches the Gradle project that
# `dx bundle --platform android` generated (dx 0.7.10 writes its own AndroidManifest.xml on
# every build and has no setting for these attributes; android/README.md, "Backup").
#
#   scripts/android-no-backup.sh target/dx/vssid-app/debug/android/app
#   (cd target/dx/vssid-app/debug/android/app && ./gradlew assembleDebug)
#
# Adds to <application> android:allowBackup="false", android:fullBackupContent="false" and
# android:dataExtractionRules="@xml/data_extraction_rules" (replacing any value dx wrote),
# copies android/res/xml/data_extraction_rules.xml into the project, and checks the result.
# Run it after `dx bundle` and then run Gradle again; `aapt2 dump xmltree` on the APK checks
# what was built (.github/workflows/mobile.yml).
set -euo pipefail

project=${1:?usage: scripts/android-no-backup.sh <dx android project, e.g. target/dx/vssid-app/debug/android/app>}
root=$(cd "$(dirname "$0")/.." && pwd)
manifest="$project/app/src/main/AndroidManifest.xml"
res_xml="$project/app/src/main/res/xml"

if [ ! -f "$manifest" ]; then
  echo "android-no-backup: no manifest at $manifest (run dx bundle first)" >&2
  exit 1
fi
if [ "$(grep -c '<application\b' "$manifest")" != 1 ]; then
  echo "android-no-backup: expected one <application> in $manifest" >&2
  exit 1
fi

mkdir -p "$res_xml"
cp "$root/android/res/xml/data_extraction_rules.xml" "$res_xml/data_extraction_rules.xml"

perl -0pi -e '
  s/\s+android:(?:allowBackup|fullBackupContent|dataExtractionRules)\s*=\s*"[^"]*"//g;
  s/<application\b/<application android:allowBackup="false" android:fullBackupContent="false" android:dataExtractionRules="\@xml\/data_extraction_rules"/;
' "$manifest"

for attribute in 'android:allowBackup="false"' 'android:fullBackupContent="false"' \
  'android:dataExtractionRules="@xml/data_extraction_rules"'; do
  if [ "$(grep -o "$attribute" "$manifest" | wc -l)" != 1 ]; then
    echo "android-no-backup: $attribute is not in $manifest once" >&2
    exit 1
  fi
done
echo "android-no-backup: $manifest keeps the app's data out of backups"
