#!/usr/bin/env bash
# Draws the placeholder staff photos of the example station bundled with the app
# (assets/example/photos/*.jpg): a grey head-and-shoulders figure on a coloured background,
# 750×1050 pixels (passport proportions), large enough for every sign at its default size —
# at least 150 dpi on the staff sign and the board, 300 dpi on the badge — and about 20 KB each.
# Deterministic for a given ImageMagick version (no timestamps or profiles in the files).
#
#   bash scripts/make-example-photos.sh            # rewrites assets/example/photos/
set -euo pipefail
cd "$(dirname "$0")/.."
command -v convert >/dev/null || { echo "make-example-photos: ImageMagick (convert) is missing"; exit 1; }

out=assets/example/photos
mkdir -p "$out"
# name and background colour of each of the example's four staff members
for entry in li-xiaowen:#8cb4d8 wang-lei:#e0bd9d chen-si:#9ad897 zhou-min:#c4a9e0; do
  name=${entry%%:*}
  colour=${entry#*:}
  convert -size 750x1050 "xc:$colour" \
    -fill '#464650' \
    -draw 'ellipse 375,345 151,180 0,360' \
    -draw 'roundrectangle 91,577 659,1200 110,110' \
    -strip -define jpeg:dct-method=integer -sampling-factor 4:2:0 -quality 85 \
    "$out/$name.jpg"
done
ls -l "$out"
