#!/usr/bin/env bash
# Cross-compiles liangpai.exe (release, x86_64-pc-windows-gnu) and packs
# dist/liangpai-<version>-windows-x64.zip:
#   liangpai.exe                 the program (fonts, icon, manifest and version information inside)
#   opengl32.dll                 Mesa llvmpipe software OpenGL, for PCs without a GPU driver
#   opengl32-Mesa-许可证.txt      its MIT licence
#   使用说明.txt                  short Chinese instructions (UTF-8 with BOM, CRLF: old Notepad reads it)
#   示例站点/                     the example station with its photos
#   fonts/BabelStoneHan-Liangpai.ttf  the fallback font for rare characters Noto lacks (CJK Ext-B..H),
#                                BabelStone Han subset by scripts/make-fonts.sh --fallback (22 MB,
#                                cached in target/windows-cache/fonts), with ARPHICPL.txt and its README;
#                                read by the program from the `fonts` folder beside liangpai.exe
#
#   bash scripts/build-windows.sh
#
# What it needs is checked first and installed when missing (as .ci/run does for the tests):
# the Rust target x86_64-pc-windows-gnu (rustup), Debian's gcc-mingw-w64-x86-64 and
# binutils-mingw-w64-x86-64 (linker, windres, strip), fonts-babelstone-han, and a python3 with
# fontTools (python3-fonttools; a pyenv/venv python3 without it is passed over for /usr/bin/python3)
# and one with pip (python3-pip: fetches the Mesa DLL from PyPI once; cached in target/windows-cache/).
# Packages are installed with apt-get when running as root; otherwise the script says what to install.
# LIANGPAI_OPENGL_DLL=/path/to/opengl32.dll uses that file instead of downloading.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
example=${LIANGPAI_EXAMPLE:-assets/example/liuxi-station.json}
cache=target/windows-cache
zip_path=dist/liangpai-${version}-windows-x64.zip

fail() {
  echo "build-windows: $*" >&2
  exit 1
}

# --- what the build needs -----------------------------------------------------------------------
# Debian packages missing for a tool or file, installed in one apt-get run (as root).
missing=()
need_package() { dpkg -s "$1" >/dev/null 2>&1 || missing+=("$1"); }
command -v x86_64-w64-mingw32-gcc >/dev/null || need_package gcc-mingw-w64-x86-64
command -v x86_64-w64-mingw32-windres >/dev/null || need_package binutils-mingw-w64-x86-64
[ -f /usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf ] || need_package fonts-babelstone-han
# A python3 that imports fontTools (the fallback font) and one that has pip (the Mesa DLL).
python_with() {
  local candidate
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c "import $1" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}
fonttools_python=$(python_with fontTools) || need_package python3-fonttools
if [ -z "${LIANGPAI_OPENGL_DLL:-}" ]; then
  pip_python=$(python_with pip) || need_package python3-pip
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "build-windows: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    fail "missing: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again."
  fi
fi
command -v x86_64-w64-mingw32-gcc >/dev/null ||
  fail "x86_64-w64-mingw32-gcc is still missing after installing gcc-mingw-w64-x86-64"
command -v x86_64-w64-mingw32-windres >/dev/null ||
  fail "x86_64-w64-mingw32-windres is still missing after installing binutils-mingw-w64-x86-64"
fonttools_python=$(python_with fontTools) ||
  fail "no python3 imports fontTools (apt-get install python3-fonttools, or pip install fonttools)"
if [ -z "${LIANGPAI_OPENGL_DLL:-}" ]; then
  pip_python=$(python_with pip) || fail "no python3 has pip (apt-get install python3-pip)"
fi
command -v rustup >/dev/null || fail "rustup is missing: install Rust with rustup (https://rustup.rs)"
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "build-windows: rustup target add $target"
  rustup target add "$target" || fail "could not add the Rust target: rustup target add $target"
fi
[ -f "$example" ] || fail "example station $example not found (set LIANGPAI_EXAMPLE)"

echo "build-windows: cargo build --release --target $target"
# The linker, also without a .cargo/config.toml (a fresh clone).
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
cargo build --release --target "$target"
exe=target/$target/release/liangpai.exe
[ -f "$exe" ] || fail "$exe was not built"

# Mesa's llvmpipe opengl32.dll: Qt ships it as opengl32sw.dll (Mesa 12.0.0-rc2, statically linked
# MSVC runtime, imports only system DLLs). The wheel and the DLL are pinned by version and hash.
mesa_sha256=963641a718f9cae2705d5299eae9b7444e84e72ab3bef96a691510dd05fa1da4
mesa_dll=$cache/opengl32sw.dll
if [ -n "${LIANGPAI_OPENGL_DLL:-}" ]; then
  mesa_dll=$LIANGPAI_OPENGL_DLL
  [ -f "$mesa_dll" ] || fail "LIANGPAI_OPENGL_DLL=$mesa_dll does not exist"
elif ! echo "$mesa_sha256  $mesa_dll" | sha256sum --check --status 2>/dev/null; then
  echo "build-windows: fetching Mesa's opengl32sw.dll from PyPI (PyQt5-Qt5 5.15.2, 50 MB, once)"
  mkdir -p "$cache"
  rm -rf "$cache/wheel"
  "$pip_python" -m pip download --quiet --no-deps --only-binary=:all: --platform win_amd64 \
    --python-version 3.11 "PyQt5-Qt5==5.15.2" -d "$cache/wheel" ||
    fail "could not download PyQt5-Qt5 5.15.2 from PyPI (no network or no pip?). Put a Mesa llvmpipe
opengl32.dll somewhere and run again with LIANGPAI_OPENGL_DLL=/path/to/it."
  wheel=$(ls "$cache"/wheel/PyQt5_Qt5-5.15.2-*win_amd64.whl 2>/dev/null | head -n 1)
  [ -n "$wheel" ] || fail "the PyQt5-Qt5 wheel was not downloaded"
  "$fonttools_python" - "$wheel" "$mesa_dll" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    data = wheel.read("PyQt5/Qt5/bin/opengl32sw.dll")
open(sys.argv[2], "wb").write(data)
EOF
  rm -rf "$cache/wheel"
  echo "$mesa_sha256  $mesa_dll" | sha256sum --check --status ||
    fail "opengl32sw.dll from PyQt5-Qt5 5.15.2 has an unexpected SHA-256; not packing it"
fi

# Stage the folder, then zip it with UTF-8 names (flag bit 11, which Windows' own unzip reads).
stage=target/windows-stage/liangpai-${version}-windows-x64
rm -rf "$stage"
mkdir -p "$stage/示例站点"
# Without symbols the exe is about a third of its size; the build's own exe keeps them.
if command -v x86_64-w64-mingw32-strip >/dev/null; then
  x86_64-w64-mingw32-strip -o "$stage/liangpai.exe" "$exe"
else
  cp "$exe" "$stage/liangpai.exe"
fi
cp "$mesa_dll" "$stage/opengl32.dll"
# The fallback font (needs fonts-babelstone-han and fonttools; made once, ~1 minute).
fallback_dir=$cache/fonts
if [ ! -f "$fallback_dir/BabelStoneHan-Liangpai.ttf" ]; then
  PYTHON=$fonttools_python bash scripts/make-fonts.sh --fallback "$fallback_dir"
fi
mkdir -p "$stage/fonts"
cp "$fallback_dir/BabelStoneHan-Liangpai.ttf" "$fallback_dir/ARPHICPL.txt" \
  "$fallback_dir/BabelStoneHan-README.md" "$stage/fonts/"
"$fonttools_python" - scripts/windows/使用说明.txt "$stage/使用说明.txt" scripts/windows/MESA-LICENSE.txt \
  "$stage/opengl32-Mesa-许可证.txt" <<'EOF'
import sys
args = sys.argv[1:]
for source, target in zip(args[0::2], args[1::2]):
    text = open(source, encoding="utf-8").read().replace("\r\n", "\n").replace("\n", "\r\n")
    open(target, "w", encoding="utf-8-sig", newline="").write(text)
EOF
cp "$example" "$stage/示例站点/"
example_dir=$(dirname "$example")
[ -d "$example_dir/photos" ] && cp -r "$example_dir/photos" "$stage/示例站点/"
chmod -R u+w "$stage"

mkdir -p dist
rm -f "$zip_path"
"$fonttools_python" - "$stage" "$zip_path" <<'EOF'
import os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
root = os.path.dirname(stage)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for folder, dirs, files in os.walk(stage):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
EOF
echo "build-windows: $(du -h "$zip_path" | cut -f1) $zip_path"
"$fonttools_python" -m zipfile -l "$zip_path"
