#!/usr/bin/env bash
# Makes fonts/NotoSansCJKsc-{Regular,Bold}.otf from Debian's fonts-noto-cjk package.
# Needs: apt-get install fonts-noto-cjk; pip install fonttools
# Takes face index 2 (Noto Sans CJK SC) of the .ttc and keeps only what signs need:
# Latin + punctuation, CJK symbols, CJK Unified (+ Ext-A, Ext-B), compatibility ideographs,
# full-width forms. Layout tables are dropped: Liangpai places glyphs itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/fonts/opentype/noto
ranges="U+0020-007E,U+00A0-024F,U+02C6-02DD,U+0370-03FF,U+0400-045F,U+2000-206F,U+20A0-20BF,U+2100-218F,U+2190-21FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+2E80-2FDF,U+3000-303F,U+3040-30FF,U+3100-312F,U+31C0-31EF,U+3200-33FF,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FE10-FE1F,U+FE30-FE4F,U+FF00-FFEF,U+20000-2A6DF,U+2F800-2FA1F"
for weight in Regular Bold; do
  python3 - "$src/NotoSansCJK-$weight.ttc" "$here/fonts/NotoSansCJKsc-$weight.otf" "$ranges" <<'PY'
import sys
from fontTools.ttLib import TTCollection
from fontTools import subset
src, dst, ranges = sys.argv[1], sys.argv[2], sys.argv[3]
font = TTCollection(src).fonts[2]
assert 'SC' in font['name'].getDebugName(4), font['name'].getDebugName(4)
options = subset.Options()
options.layout_features = []
options.name_IDs = ['*']
options.name_languages = ['*']
options.notdef_outline = True
options.recalc_bounds = True
options.drop_tables += ['GSUB', 'GPOS', 'GDEF', 'BASE', 'VORG', 'vhea', 'vmtx']
unicodes = subset.parse_unicodes(ranges)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=unicodes)
subsetter.subset(font)
font.save(dst)
cmap = font.getBestCmap()
for ch in "堃喆昇犇燚淼珺玥赟祎𠮷“”（）":
    assert ord(ch) in cmap, ch
print(dst, len(cmap), "characters")
PY
done
ls -l "$here/fonts"
