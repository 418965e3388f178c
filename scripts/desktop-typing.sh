#!/usr/bin/env bash
# Desktop typing test: the Linux desktop app under a virtual X server (xvfb-run), restored at
# the declaration, receives 40 characters in each text field from `xdotool type` with 5 ms
# between keys (faster than anyone types; events and screen updates cross the webview's
# channel, where a value written back during typing used to replace keystrokes on their way).
# Each field must then show exactly what was typed (read back through the clipboard: select
# all, copy, `xclip`), and the saved draft must hold exactly that too. The text is ASCII:
# `xdotool type` itself drops characters outside the keyboard map at this speed (it remaps a
# spare key for each); Vietnamese input methods are tested in Chromium (e2e/tests/web.rs,
# `vietnamese_typed_through_an_input_method_arrives_whole`).
# VSSID_DESKTOP_BIN=path uses that binary (scripts/desktop-smoke.sh passes it).
set -euo pipefail
cd "$(dirname "$0")/.."

out="target/e2e/desktop"
mkdir -p "$out"
bin="${VSSID_DESKTOP_BIN:-${CARGO_TARGET_DIR:-target}/debug/vssid-app}"
if [ ! -x "$bin" ]; then
  echo "desktop-typing: no app binary at $bin (build it with cargo test --workspace --no-run)" >&2
  exit 1
fi

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
# A draft at the declaration, consent given to the current privacy notice, with the province
# and commune chosen (so the pickers between the fields are enabled, as when a person fills
# the form top to bottom).
notice="$(sed -n 's/^pub const NOTICE_VERSION: &str = "\(.*\)";/\1/p' core/src/consent.rs)"
[ -n "$notice" ] || { echo "desktop-typing: NOTICE_VERSION not found in core/src/consent.rs" >&2; exit 1; }
cat >"$data/draft.json" <<JSON
{
  "format": "vssid-draft",
  "version": 1,
  "registration": {
    "step": "declaration",
    "lang": "vi",
    "idempotency_key": "0b5f5f8e-3c9e-4a43-9d51-8f0e2f1d7a10",
    "form": { "province": "79", "commune": "26737" },
    "consent": {
      "general": true,
      "id_images": true,
      "given": { "notice_version": "$notice", "accepted_at": "2026-11-29T08:00:00Z" }
    }
  }
}
JSON

export VSSID_DATA_DIR="$data" OUT="$out" BIN="$bin"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
unset VSSID_API_BASE VSSID_DEMO
xvfb-run -a -s "-screen 0 600x900x24" bash -c '
  set -euo pipefail
  "$BIN" >"$OUT/typing-app.log" 2>&1 &
  app=$!
  trap "kill -KILL $app 2>/dev/null || true" EXIT
  for _ in $(seq 1 90); do
    sleep 1
    kill -0 "$app" 2>/dev/null || { echo "desktop-typing: the app exited (log: $OUT/typing-app.log)" >&2; exit 1; }
    import -window root "$OUT/typing-probe.png" 2>/dev/null || continue
    [ "$(identify -format "%k" "$OUT/typing-probe.png" 2>/dev/null || echo 0)" -gt 40 ] && break
  done
  rm -f "$OUT/typing-probe.png"
  sleep 2
  wid="$(xdotool search --sync --onlyvisible --pid "$app" | head -1)"
  # A click on the header title, then Tab to the first field (past the header links "Giới
  # thiệu", "English" and the restored-draft notice).
  xdotool mousemove --window "$wid" 150 80 click 1
  sleep 0.3
  tabs_to_first="${VSSID_TABS_TO_FIRST_FIELD:-4}"
  for _ in $(seq 1 "$tabs_to_first"); do xdotool key --delay 60 Tab; done

  # field, text, Tabs to the next field (the province and commune pickers sit between the
  # ID number and the street).
  fields=(
    "bhxh_code|1234567890123456789012345678901234567890|1"
    "full_name|Nguyen Thi Anh Tuyet Dang Huu Phuoc Le Va|1"
    "person_id|0793030012340793030012340793030012340793|3"
    "street|12 Ly Van Phuc, Phuong Tan Dinh, TP HCMx|1"
    "phone|0912345678091234567809123456780912345678|1"
  )
  failed=0
  for entry in "${fields[@]}"; do
    IFS="|" read -r field text tabs <<<"$entry"
    xdotool type --delay 5 -- "$text"
    sleep 0.5
    printf "" | xclip -selection clipboard
    xdotool key --delay 60 ctrl+a ctrl+c
    sleep 0.3
    shown="$(xclip -selection clipboard -o 2>/dev/null || true)"
    if [ "$shown" != "$text" ]; then
      echo "desktop-typing: $field shows \"$shown\", typed \"$text\"" >&2
      failed=1
    fi
    xdotool key --delay 60 End
    for _ in $(seq 1 "$tabs"); do xdotool key --delay 60 Tab; done
  done
  sleep 1.5
  import -window root "$OUT/typing.png" || true
  kill -TERM "$app" 2>/dev/null || true
  exit "$failed"
' || { echo "desktop-typing: a field does not show what was typed (screenshot: $out/typing.png)" >&2; exit 1; }

# The saved draft holds exactly what was typed.
python3 - "$data/draft.json" <<'PY'
import json, sys
expected = {
    "bhxh_code": "1234567890123456789012345678901234567890",
    "full_name": "Nguyen Thi Anh Tuyet Dang Huu Phuoc Le Va",
    "person_id": "0793030012340793030012340793030012340793",
    "street": "12 Ly Van Phuc, Phuong Tan Dinh, TP HCMx",
    "phone": "0912345678091234567809123456780912345678",
}
form = json.load(open(sys.argv[1], encoding="utf-8"))["registration"]["form"]
bad = [f"{k}: draft holds {form.get(k, '')!r}, typed {v!r}" for k, v in expected.items() if form.get(k) != v]
for line in bad:
    print("desktop-typing:", line, file=sys.stderr)
if bad:
    sys.exit(1)
print(f"desktop-typing: {len(expected)} fields × 40 characters at 5 ms a key: the fields and the draft hold exactly what was typed")
PY
