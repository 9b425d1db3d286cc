#!/usr/bin/env bash
# Proves the Windows zip under Wine (Debian's wine64 8) and Xvfb:
#   (a) `liangpai.exe export` of the example station (--date 2026-03-01) writes files
#       byte-identical to the Linux build's;
#   (b) a station in a folder with a Chinese name (测试站点/站点.json + photos) passes `check` and
#       exports;
#   (d) `printers` and `print` say in Chinese that there is no printer (exit status 1);
#   (c) the window opens with the example station (with the shipped Mesa opengl32.dll loaded from
#       the program's folder), and a screenshot of it is not blank.
#
#   bash scripts/build-windows.sh && bash scripts/test-windows.sh
#
# Uses dist/liangpai-<version>-windows-x64.zip (what a station gets), target/release/liangpai
# (built or brought up to date here) and a Wine prefix in target/wine-prefix. Wine 8 lacks ProcessPrng
# (bcryptprimitives.dll), which Rust's standard library imports: a small stand-in built from
# scripts/wine/bcryptprimitives.c goes into the prefix's system32 (Windows 10/11 have the real one).
# Installs wine64 with apt when it is missing. Screenshot: target/test-windows.png.
# Exit status: 0 all passed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
zip_path=dist/liangpai-${version}-windows-x64.zip
example=${LIANGPAI_EXAMPLE:-assets/example/liuxi-station.json}
screenshot=target/test-windows.png
date=2026-03-01
failures=0

say() { echo "test-windows: $*"; }
fail() {
  say "FAIL: $*"
  failures=$((failures + 1))
}

# --- tools ----------------------------------------------------------------------------------
if ! command -v wine64 >/dev/null && [ ! -x /usr/lib/wine/wine64 ]; then
  say "installing wine64 (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wine64
fi
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
for tool in x86_64-w64-mingw32-gcc Xvfb xdotool xwininfo import convert unzip cmp; do
  command -v "$tool" >/dev/null || { say "$tool is missing (see .ci/run and README ## Windows)"; exit 1; }
done
[ -f "$zip_path" ] || { say "$zip_path is missing: run bash scripts/build-windows.sh first"; exit 1; }
[ -f "$example" ] || { say "example station $example not found"; exit 1; }
if [ target/x86_64-pc-windows-gnu/release/liangpai.exe -nt "$zip_path" ]; then
  say "$zip_path is older than the last Windows build: run bash scripts/build-windows.sh again"
  exit 1
fi
# Always (a no-op when up to date): a stale Linux build would differ for its own reasons.
cargo build --release --quiet --bin liangpai

# --- Wine prefix with the ProcessPrng stand-in -----------------------------------------------
export WINEPREFIX=$root/target/wine-prefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono/Gecko install prompts
export LC_ALL=C.UTF-8                        # Chinese arguments and paths reach Wine as UTF-8
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "creating the Wine prefix $WINEPREFIX"
  timeout 300 "$wine" wineboot -i >/dev/null 2>&1 || true
  "$wineserver" -w
fi
system32=$WINEPREFIX/drive_c/windows/system32
x86_64-w64-mingw32-gcc -shared -O2 -s -o target/bcryptprimitives.dll \
  scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def
cp target/bcryptprimitives.dll "$system32/bcryptprimitives.dll"

# --- the zip, unpacked into a folder with a Chinese name --------------------------------------
work=$(mktemp -d)
xvfb_pid=""
openbox_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  "$wineserver" -k 2>/dev/null || true
  [ -n "$openbox_pid" ] && kill "$openbox_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
unzip -q "$zip_path" -d "$work/桌面"
app_dir=$(ls -d "$work"/桌面/liangpai-*-windows-x64)
[ -f "$app_dir/liangpai.exe" ] && [ -f "$app_dir/opengl32.dll" ] && [ -f "$app_dir/使用说明.txt" ] &&
  [ -f "$app_dir/示例站点/liuxi-station.json" ] || fail "the zip lacks a file: $(ls "$app_dir")"
winpath() { "$wine" winepath -w "$1" 2>/dev/null | tr -d '\r'; }
exe=$(winpath "$app_dir/liangpai.exe")
run_wine() { timeout 300 "$wine" "$exe" "$@"; }

# --- (a) byte-identical export ---------------------------------------------------------------
say "(a) export of the example station, Windows vs Linux (--date $date)"
target/release/liangpai export "$example" --out "$work/linux" --date "$date" >/dev/null 2>&1 ||
  fail "the Linux export failed"
if run_wine export "$(winpath "$example")" --out "$(winpath "$work")\\windows" --date "$date" \
  >"$work/a.out" 2>"$work/a.err"; then
  "$wineserver" -w
  identical=0
  for file in "$work"/linux/*; do
    name=$(basename "$file")
    if cmp -s "$file" "$work/windows/$name"; then
      identical=$((identical + 1))
    else
      fail "(a) $name differs from the Linux build's (or is missing)"
    fi
  done
  extra=$(comm -13 <(ls "$work/linux") <(ls "$work/windows") | tr '\n' ' ')
  [ -z "$extra" ] || fail "(a) only the Windows build wrote: $extra"
  say "(a) $identical files byte-identical: $(ls "$work/windows" | tr '\n' ' ')"
  [ "$identical" -ge 9 ] || fail "(a) expected at least 9 files"
else
  fail "(a) wine liangpai.exe export failed: $(cat "$work/a.out" "$work/a.err")"
fi
"$wineserver" -w

# --- (b) a station in a folder with a Chinese name ---------------------------------------------
say "(b) 测试站点/站点.json: check and export"
station_dir=$work/测试站点
mkdir -p "$station_dir"
cp "$example" "$station_dir/站点.json"
cp -r "$(dirname "$example")/photos" "$station_dir/"
chmod -R u+w "$station_dir"
station=$(winpath "$station_dir/站点.json")
if run_wine check "$station" >"$work/b.out" 2>&1; then
  grep -q "站点.json：检查完毕，0 个错误" "$work/b.out" || fail "(b) unexpected check output: $(cat "$work/b.out")"
  say "(b) check: $(grep -m1 检查完毕 "$work/b.out" | tr -d '\r')"
else
  fail "(b) check failed: $(cat "$work/b.out")"
fi
"$wineserver" -w
if run_wine export "$station" --out "$(winpath "$station_dir")\\导出" --date "$date" >"$work/b2.out" 2>&1; then
  count=$(ls "$station_dir/导出" | wc -l)
  [ "$count" -ge 9 ] || fail "(b) only $count files in 测试站点/导出"
  same=0
  for file in "$work"/linux/*; do
    cmp -s "$file" "$station_dir/导出/$(basename "$file")" && same=$((same + 1))
  done
  say "(b) export: $count files in 测试站点/导出, $same byte-identical to the Linux build's"
else
  fail "(b) export failed: $(cat "$work/b2.out")"
fi
"$wineserver" -w

# --- (d) printing without a printer -------------------------------------------------------------
# Wine's powershell.exe is a stub that lists no printers: the program must say so in Chinese.
say "(d) printers / print without a printer"
run_wine printers >"$work/d.out" 2>&1 && fail "(d) printers succeeded without a printer"
run_wine print "$(winpath "$example")" --sign plaque >"$work/d2.out" 2>&1 &&
  fail "(d) print succeeded without a printer"
if grep -q "还没有添加打印机" "$work/d.out" && grep -q "还没有添加打印机" "$work/d2.out"; then
  say "(d) $(head -n 1 "$work/d2.out" | tr -d '\r')"
else
  fail "(d) unexpected messages: $(cat "$work/d.out" "$work/d2.out")"
fi
"$wineserver" -w

# --- (c) the window --------------------------------------------------------------------------
say "(c) the window under Xvfb, Mesa opengl32.dll from the program's folder"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do
  [ -s "$work/display" ] && break
  sleep 0.1
done
[ -s "$work/display" ] || { say "Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -n 1 "$work/display" | tr -d '[:space:]')"
# A window manager, as on a real desktop: without one, Wine cannot maximise the window and the
# program lays out for a maximised window that X shows at its first size (content cut off).
if command -v openbox >/dev/null; then
  openbox >"$work/openbox.log" 2>&1 &
  openbox_pid=$!
  sleep 1
else
  say "(c) openbox not installed: the window is not maximised (apt-get install openbox)"
fi
# A fresh data folder: no recovery prompt from an earlier run.
appdata=$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Roaming/liangpai
rm -rf "$appdata"
# Windows loads opengl32.dll from the program's folder (it is not a KnownDLL); Wine prefers its own
# builtin one unless told otherwise, so "opengl32=n,b" makes Wine behave like Windows here.
# +loaddll lists every DLL the program loads and whether it is a real ("native") or Wine's builtin.
# LIANGPAI_GALLIUM_HUD=fps draws Mesa's HUD over the window: visible proof that Mesa renders it.
env WINEDLLOVERRIDES="$WINEDLLOVERRIDES;opengl32=n,b" WINEDEBUG=+loaddll \
  ${LIANGPAI_GALLIUM_HUD:+GALLIUM_HUD=$LIANGPAI_GALLIUM_HUD} "$wine" "$exe" "$(winpath "$app_dir/示例站点/liuxi-station.json")" \
  >"$work/app.log" 2>&1 &
app_pid=$!
window=""
for _ in $(seq 600); do
  window=$(xdotool search --onlyvisible --name 'liuxi-station' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$window" ]; then
  fail "(c) no window within 60 s: $(grep -v 'Loaded\|trace:loaddll' "$work/app.log" | tail -n 20)"
else
  sleep 8 # let the preview render
  title=$(xdotool getwindowname "$window" || true)
  import -window root "$screenshot"
  colours=$(convert "$screenshot" -format %k info:)
  opengl=$(grep -i 'opengl32' "$work/app.log" | grep -i 'loaded' | head -n 1 | tr -d '\r' || true)
  say "(c) window \"$title\"; screenshot $screenshot has $colours colours"
  # Maximised on the 1366×768 screen, the window is (nearly) as wide as the screen.
  width=$(xwininfo -id "$window" | sed -n 's/^ *Width: *//p')
  say "(c) window width ${width:-?} px"
  if [ -n "$openbox_pid" ] && [ "${width:-0}" -lt 1300 ]; then
    fail "(c) the window is ${width:-?} px wide, not maximised on the 1366 px screen"
  fi
  say "(c) $opengl"
  [ "$colours" -ge 50 ] || fail "(c) the screenshot looks blank ($colours colours)"
  case "$(echo "$opengl" | tr '[:upper:]' '[:lower:]')" in
    *liangpai-*-windows-x64*opengl32.dll*native*) ;;
    *) fail "(c) the program's own opengl32.dll (Mesa) was not loaded" ;;
  esac
  kill -0 "$app_pid" 2>/dev/null || fail "(c) liangpai.exe died: $(tail -n 20 "$work/app.log")"
fi
kill "$app_pid" 2>/dev/null || true
app_pid=""
"$wineserver" -k 2>/dev/null || true
# The opened file is remembered under %APPDATA% (C:\users\<name>\AppData\Roaming in Wine).
if grep -q 'liuxi-station.json' "$appdata/Liangpai/data/recent.json" 2>/dev/null; then
  say "(c) %APPDATA%\\liangpai\\Liangpai\\data\\recent.json names the opened station"
else
  fail "(c) no recent.json naming the station under ${appdata#"$WINEPREFIX/"}/Liangpai/data"
fi

if [ "$failures" -gt 0 ]; then
  say "$failures failure(s)"
  exit 1
fi
say "ok"
