#!/usr/bin/env bash
# Makes the fonts Liangpai uses, from Debian packages.
#
#   bash scripts/make-fonts.sh                  # fonts/NotoSansCJKsc-{Regular,Bold}.otf (committed)
#   bash scripts/make-fonts.sh --fallback DIR   # DIR/BabelStoneHan-Liangpai.ttf + its licence (shipped beside the exe)
#
# Needs: apt-get install fonts-noto-cjk fonts-babelstone-han python3-fonttools (or pip install
# fonttools). PYTHON=/path/to/python3 picks the interpreter (default: /usr/bin/python3, else python3,
# whichever imports fontTools).
#
# Noto Sans CJK SC (face 2 of the .ttc): every character the face has is kept, Hangul included
# (Korean signs in Yanbian). That keeps CJK Ext-A to Ext-G as far as Noto has them (Ext-C to
# Ext-F name characters of the 2013 通用规范汉字表 such as 𪟝 𪨰 𫄨 𫍣 𫘝) and the vertical forms
# of punctuation (U+FE10–FE19, FE30–FE4F) that vertical text uses. Japanese-only forms are the
# glyphs reached only through GSUB `locl`/`jp*` features; layout tables are dropped (the faces
# without them are shaped by character map and advances), so they go too. The script fails when
# a kept character is missing from the result.
#
# The fallback: BabelStone Han (Arphic Public License, see fonts/fallback/README.md), subset to the
# Han characters (CJK ideographs of every extension, radicals, strokes, ideographic description
# characters) that the bundled Noto face lacks — about 27,000 characters, 22 MB. It is not
# committed (the repository stays small); scripts/build-windows.sh makes it for the zip.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
noto=/usr/share/fonts/opentype/noto
babelstone=/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf
# fontTools: Debian's python3-fonttools for the system Python, else pip's (PYTHON=… overrides).
python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c "import fontTools" >/dev/null 2>&1; then
      python=$candidate
      break
    fi
  done
fi
if [ -z "$python" ] || ! "$python" -c "import fontTools" >/dev/null 2>&1; then
  echo "make-fonts: no python3 imports fontTools: apt-get install python3-fonttools (or pip install fonttools)" >&2
  exit 1
fi

if [[ "${1:-}" == "--fallback" ]]; then
  out=${2:?usage: make-fonts.sh --fallback DIR}
  mkdir -p "$out"
  "$python" - "$babelstone" "$here/fonts/NotoSansCJKsc-Regular.otf" "$out/BabelStoneHan-Liangpai.ttf" <<'PY'
import sys, datetime
from fontTools.ttLib import TTFont
from fontTools import subset
src, noto_path, dst = sys.argv[1:4]
noto = set(TTFont(noto_path, lazy=True).getBestCmap())
font = TTFont(src)
version = font['name'].getDebugName(5)
def han(c):
    return (0x2E80 <= c <= 0x2FFF or 0x3005 <= c <= 0x3007 or 0x3021 <= c <= 0x3029
            or 0x3038 <= c <= 0x303B or 0x31C0 <= c <= 0x31EF or 0x3400 <= c <= 0x4DBF
            or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x2FA1F
            or 0x30000 <= c <= 0x323AF)
keep = sorted(c for c in font.getBestCmap() if han(c) and c not in noto)
options = subset.Options()
options.layout_features = []
options.name_IDs = ['*']
options.name_languages = ['*']
options.notdef_outline = True
options.drop_tables += ['GSUB', 'GPOS', 'GDEF', 'vhea', 'vmtx', 'VORG', 'DSIG', 'meta']
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=keep)
subsetter.subset(font)
notice = ("Modified by Liangpai's scripts/make-fonts.sh on %s from BabelStone Han %s: "
          "subset to the %d CJK ideographs and Han symbols that Noto Sans CJK SC lacks; "
          "glyphs otherwise unchanged. Arphic Public License." % (datetime.date.today(), version, len(keep)))
font['name'].setName(notice, 10, 3, 1, 0x409)
font['name'].setName(notice, 10, 1, 0, 0)
font.save(dst)
cmap = TTFont(dst, lazy=True).getBestCmap()
missing = [c for c in keep if c not in cmap]
assert not missing, "lost %d characters, e.g. U+%04X" % (len(missing), missing[0])
for ch in "𠀀𪜀𫝀𫠠𬺰𰀀":
    assert ord(ch) in cmap or ord(ch) in noto, "U+%04X in neither font" % ord(ch)
print(dst, len(cmap), "characters")
PY
  cp "$here/fonts/fallback/README.md" "$out/BabelStoneHan-README.md"
  cp "$here/fonts/fallback/ARPHICPL.txt" "$out/ARPHICPL.txt"
  ls -l "$out"
  exit 0
fi

for weight in Regular Bold; do
  "$python" - "$noto/NotoSansCJK-$weight.ttc" "$here/fonts/NotoSansCJKsc-$weight.otf" <<'PY'
import sys
from fontTools.ttLib import TTCollection
from fontTools import subset
src, dst = sys.argv[1], sys.argv[2]
font = TTCollection(src).fonts[2]
assert 'SC' in font['name'].getDebugName(4), font['name'].getDebugName(4)
source_cmap = font.getBestCmap()
keep = sorted(source_cmap)
options = subset.Options()
options.layout_features = []
options.name_IDs = ['*']
options.name_languages = ['*']
options.notdef_outline = True
options.recalc_bounds = True
options.drop_tables += ['GSUB', 'GPOS', 'GDEF', 'BASE', 'VORG', 'vhea', 'vmtx']
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=keep)
subsetter.subset(font)
font.save(dst)
cmap = font.getBestCmap()
lost = [c for c in keep if c not in cmap]
assert not lost, "lost %d characters of the Noto face, e.g. U+%04X" % (len(lost), lost[0])
for ch in "堃喆昇犇燚淼珺玥赟祎𠮷“”（）𪟝𪨰𫄨𫍣𫘝사회복지︐︒︵︶":
    assert ord(ch) in cmap, ch
print(dst, len(cmap), "characters of", len(source_cmap))
PY
done
ls -l "$here/fonts"
