#!/usr/bin/env bash
# Starts the real liangpai binary under a virtual X server (Xvfb, Mesa software OpenGL — like a PC
# without a GPU driver) on a 1366×768 screen with the openbox window manager, with a copy of the
# example station; waits for its window, checks that it lies inside the screen, takes a screenshot
# and checks that it is not blank. Then pastes two lines through the real X clipboard (xclip) into
# 站点全称, saves with Ctrl+S and checks the file has them joined by a space.
# Prints the time to the first frame and the resident memory.
#
#   bash scripts/check-window.sh                 # builds and checks the debug binary
#   LIANGPAI_BIN=target/release/liangpai bash scripts/check-window.sh
#   LIANGPAI_SCREEN=1280x720 LIANGPAI_SCALE=1.25 bash scripts/check-window.sh   # another PC
#   bash scripts/check-window.sh --sizes         # 1366×768, 1280×720, 800×600 at 100 % and 125 %
#
# The window must fill the screen less a taskbar (maximized). Screenshots go to
# target/check-window.png (or target/check-window-<screen>-<scale>.png with --sizes).
#
# Exit status: 0 the window appeared and shows something; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--sizes" ]; then
  [ -n "${LIANGPAI_BIN:-}" ] || { cargo build --quiet --bin liangpai; export LIANGPAI_BIN=target/debug/liangpai; }
  for screen in 1366x768 1280x720 800x600; do
    for scale in 1 1.25; do
      LIANGPAI_SCREEN=$screen LIANGPAI_SCALE=$scale \
        LIANGPAI_SCREENSHOT="target/check-window-$screen-$scale.png" bash "$0"
    done
  done
  exit 0
fi
screen_size=${LIANGPAI_SCREEN:-1366x768}
screen_width=${screen_size%x*}
screen_height=${screen_size#*x}
scale=${LIANGPAI_SCALE:-1}

example=${LIANGPAI_EXAMPLE:-assets/example/liuxi-station.json}
screenshot=${LIANGPAI_SCREENSHOT:-target/check-window.png}
binary=${LIANGPAI_BIN:-}
if [ -z "$binary" ]; then
  cargo build --quiet --bin liangpai
  binary=target/debug/liangpai
fi
for tool in Xvfb xdotool xwininfo import convert xclip openbox; do
  command -v "$tool" >/dev/null || { echo "check-window: $tool is missing (see .ci/run)"; exit 1; }
done
[ -f "$example" ] || { echo "check-window: example station $example not found"; exit 1; }

work=$(mktemp -d)
xvfb_pid=""
app_pid=""
wm_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$wm_pid" ] && kill "$wm_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
# A copy of the example (the paste check saves it).
mkdir -p "$work/station"
cp "$example" "$work/station/"
[ -d "$(dirname "$example")/photos" ] && cp -r "$(dirname "$example")/photos" "$work/station/"
example="$work/station/$(basename "$example")"
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number once it accepts connections.
Xvfb -displayfd 3 -screen 0 "${screen_size}x24" -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do
  [ -s "$work/display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "check-window: Xvfb did not start:"
    cat "$work/xvfb.log"
    exit 1
  fi
  sleep 0.1
done
[ -s "$work/display" ] || { echo "check-window: Xvfb not ready after 30 s"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -n 1 "$work/display" | tr -d '[:space:]')"
openbox >"$work/openbox.log" 2>&1 &
wm_pid=$!
sleep 1

# Software rendering, a fresh data folder (no recovery prompt, nothing remembered).
export LIBGL_ALWAYS_SOFTWARE=1 LIANGPAI_DATA_DIR="$work/data" LIANGPAI_TIMING=1
# The display scaling of the PC (125 %: 1.25).
export WINIT_X11_SCALE_FACTOR="$scale"
started=$(date +%s%N)
"$binary" "$example" >"$work/app.log" 2>&1 &
app_pid=$!

window=""
for _ in $(seq 300); do
  window=$(xdotool search --onlyvisible --class liangpai 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "check-window: liangpai exited before showing a window:"
    cat "$work/app.log"
    exit 1
  fi
  sleep 0.1
done
if [ -z "$window" ]; then
  echo "check-window: no window after 30 s"
  cat "$work/app.log"
  exit 1
fi
mapped_ms=$(( ($(date +%s%N) - started) / 1000000 ))

# Let the preview render, then look.
sleep 4
title=$(xdotool getwindowname "$window" || true)
mkdir -p "$(dirname "$screenshot")"
import -window root "$screenshot"
colours=$(convert "$screenshot" -format %k info:)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status" 2>/dev/null || echo 0)

echo "check-window: title: $title"
echo "check-window: window mapped after ${mapped_ms} ms; $(grep -m1 'first frame' "$work/app.log" || echo 'first frame: ?')"
echo "check-window: resident memory $(( rss_kb / 1024 )) MB with the example open"
echo "check-window: screenshot $screenshot has $colours colours"
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "check-window: liangpai died:"
  cat "$work/app.log"
  exit 1
fi
if [ "$colours" -lt 50 ]; then
  echo "check-window: the window looks blank"
  exit 1
fi
case "$title" in
  *liuxi-station.json*) ;;
  *) echo "check-window: the title does not name the station file"; exit 1 ;;
esac

# The window lies inside the screen (its status bar is visible) and fills it: maximized, or
# at least nine tenths of each side.
# (xwininfo gives the absolute position; xdotool counts the frame twice under openbox.)
X=$(xwininfo -id "$window" | awk '/Absolute upper-left X/ {print $NF}')
Y=$(xwininfo -id "$window" | awk '/Absolute upper-left Y/ {print $NF}')
WIDTH=$(xwininfo -id "$window" | awk '/^ *Width:/ {print $NF}')
HEIGHT=$(xwininfo -id "$window" | awk '/^ *Height:/ {print $NF}')
echo "check-window: window at ${X},${Y} size ${WIDTH}×${HEIGHT} on ${screen_width}×${screen_height} at scale ${scale}"
if [ $((X + WIDTH)) -gt "$screen_width" ] || [ $((Y + HEIGHT)) -gt "$screen_height" ] || [ "$X" -lt 0 ] || [ "$Y" -lt 0 ]; then
  echo "check-window: the window does not fit on the ${screen_width}×${screen_height} screen"
  exit 1
fi
if [ $((WIDTH * 10)) -lt $((screen_width * 9)) ] || [ $((HEIGHT * 10)) -lt $((screen_height * 8)) ]; then
  echo "check-window: the window (${WIDTH}×${HEIGHT}) does not fill the ${screen_width}×${screen_height} screen"
  exit 1
fi

# The paste check clicks where 站点全称 is at 1366×768 and 100 %.
if [ "$screen_size" != 1366x768 ] || [ "$scale" != 1 ]; then
  echo "check-window: ok"
  exit 0
fi

# Paste through the real X clipboard: two lines (as Word copies them) into 站点全称, then Ctrl+S.
pasted=$'柳溪镇粘贴测试\r\n社会工作服务站\r\n'
printf '%s' "$pasted" | xclip -selection clipboard -i
xdotool windowactivate --sync "$window" 2>/dev/null || true
# 站点全称 is the first field of the form: 317,168 inside the window (below the toolbar, which may take two rows).
xdotool mousemove --window "$window" 317 168 click 1
sleep 0.5
xdotool key --window "$window" ctrl+a
sleep 0.3
xdotool key --window "$window" ctrl+v
sleep 1
xdotool key --window "$window" ctrl+s
sleep 2
if grep -q '"name": "柳溪镇粘贴测试 社会工作服务站"' "$example"; then
  echo "check-window: text pasted from the clipboard was saved: 柳溪镇粘贴测试 社会工作服务站"
else
  echo "check-window: the pasted text did not reach the station file:"
  grep '"name"' "$example" | head -n 1
  cat "$work/app.log"
  exit 1
fi
echo "check-window: ok"
