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
# Needs: rustup target x86_64-pc-windows-gnu, Debian's gcc-mingw-w64-x86-64 (linker and windres),
# python3 with pip (fetches the Mesa DLL from PyPI once; cached in target/windows-cache/).
# LIANGPAI_OPENGL_DLL=/path/to/opengl32.dll uses that file instead of downloading.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
example=${LIANGPAI_EXAMPLE:-../shared/examples/liuxi-station.json}
cache=target/windows-cache
zip_path=dist/liangpai-${version}-windows-x64.zip

fail() {
  echo "build-windows: $*" >&2
  exit 1
}

command -v x86_64-w64-mingw32-gcc >/dev/null ||
  fail "x86_64-w64-mingw32-gcc is missing: apt-get install gcc-mingw-w64-x86-64"
command -v x86_64-w64-mingw32-windres >/dev/null ||
  fail "x86_64-w64-mingw32-windres is missing: apt-get install binutils-mingw-w64-x86-64"
rustup target list --installed 2>/dev/null | grep -qx "$target" ||
  fail "the Rust target is missing: rustup target add $target"
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
  python3 -m pip download --quiet --no-deps --only-binary=:all: --platform win_amd64 \
    --python-version 3.11 "PyQt5-Qt5==5.15.2" -d "$cache/wheel" ||
    fail "could not download PyQt5-Qt5 5.15.2 from PyPI (no network or no pip?). Put a Mesa llvmpipe
opengl32.dll somewhere and run again with LIANGPAI_OPENGL_DLL=/path/to/it."
  wheel=$(ls "$cache"/wheel/PyQt5_Qt5-5.15.2-*win_amd64.whl 2>/dev/null | head -n 1)
  [ -n "$wheel" ] || fail "the PyQt5-Qt5 wheel was not downloaded"
  python3 - "$wheel" "$mesa_dll" <<'EOF'
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
  bash scripts/make-fonts.sh --fallback "$fallback_dir"
fi
mkdir -p "$stage/fonts"
cp "$fallback_dir/BabelStoneHan-Liangpai.ttf" "$fallback_dir/ARPHICPL.txt" \
  "$fallback_dir/BabelStoneHan-README.md" "$stage/fonts/"
python3 - scripts/windows/使用说明.txt "$stage/使用说明.txt" scripts/windows/MESA-LICENSE.txt \
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
python3 - "$stage" "$zip_path" <<'EOF'
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
python3 -m zipfile -l "$zip_path"
