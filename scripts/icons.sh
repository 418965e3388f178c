#!/usr/bin/env bash
# Renders the app's icon (assets/icon.svg) into the PNG sizes the bundles and the web app
# manifest use (assets/icons/), and its maskable variant (assets/icon-maskable.svg) for the
# manifest's launcher icons.
# Uses rsvg-convert when present, else ImageMagick's convert. The PNGs are committed, so this
# only needs running after the SVG changes.
# Usage: scripts/icons.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source_svg=assets/icon.svg
out=assets/icons
sizes=(32 64 128 192 256 512 1024)
mkdir -p "$out"

render() { # render SIZE FILE [SVG]
  local source_svg="${3:-$source_svg}"
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert -w "$1" -h "$1" "$source_svg" -o "$2"
  elif command -v convert >/dev/null; then
    # Drawn large, then scaled down: ImageMagick's own SVG renderer has no anti-aliasing
    # worth the name at small sizes.
    convert -background none -density 384 "$source_svg" -resize "${1}x${1}" \
      -define png:exclude-chunks=date,time -strip "PNG32:$2"
  else
    echo "icons: neither rsvg-convert nor ImageMagick's convert is installed" >&2
    echo "icons: sudo apt-get install librsvg2-bin   (or imagemagick)" >&2
    exit 1
  fi
}

for size in "${sizes[@]}"; do
  render "$size" "$out/${size}x${size}.png"
done
for size in 192 512; do
  render "$size" "$out/maskable-${size}x${size}.png" assets/icon-maskable.svg
done
# The 2x names desktop bundlers look for.
cp "$out/256x256.png" "$out/128x128@2x.png"
echo "icons: wrote ${sizes[*]} px, maskable 192 and 512 px (and 128x128@2x) to $out/"
