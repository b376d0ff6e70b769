#!/usr/bin/env bash
# Runs `tracker status` on the shipped strategy in a real terminal (a tmux pane of 80,
# 100 and 120 columns), captures the screen, and checks that no line wraps, that the
# tables are whole, and that colour is used on the terminal unless NO_COLOR is set.
# The captured screens are kept in $TERMINAL_OUT (default: target/terminal).
#
# Needs tmux; installs Debian's package with apt-get when missing. When it cannot be
# installed the test fails (exit 1): a check that cannot run must not pass.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "tmux is missing: installing Debian's tmux package"
    apt-get update -qq >/dev/null && apt-get install -y -qq tmux >/dev/null
  fi
  command -v tmux >/dev/null 2>&1 || {
    echo "FAIL terminal test: tmux is not installed and apt-get could not install it" >&2
    exit 1
  }
fi

cargo build --quiet --locked
tracker="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug/tracker"
out="${TERMINAL_OUT:-target/terminal}"
mkdir -p "$out"
socket="tracker-terminal-test-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true' EXIT

fail() {
  echo "FAIL terminal test: $*" >&2
  exit 1
}

# screen WIDTH ENV...: runs status in a pane WIDTH columns wide, prints the screen
# (wrapped lines joined, with escapes when $escapes is set).
screen() {
  local width=$1
  shift
  local done_file
  done_file="$(mktemp)"
  rm -f "$done_file"
  tmux -L "$socket" -f /dev/null new-session -d -s s -x "$width" -y 300 \
    "env TERM=xterm-256color $* '$tracker' --today 2026-12-01 status --no-pager; touch '$done_file'; sleep 60"
  for _ in $(seq 1 100); do [ -e "$done_file" ] && break; sleep 0.1; done
  [ -e "$done_file" ] || fail "status did not finish in a ${width}-column terminal"
  tmux -L "$socket" capture-pane -t s -p -J ${escapes:+-e}
  tmux -L "$socket" kill-session -t s
  rm -f "$done_file"
}

for width in 80 100 120; do
  escapes=1 screen "$width" >"$out/status-$width.ansi"
  screen "$width" >"$out/status-$width.txt"
  python3 - "$out/status-$width.txt" "$width" <<'PY' || fail "status does not fit ${2:-} columns"
import sys
path, width = sys.argv[1], int(sys.argv[2])
lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
text = "\n".join(lines).rstrip()
if "Status as of 2026-12-01" not in text:
    sys.exit(f"{path}: the status was not shown")
long = [l for l in lines if len(l) > width]
if long:
    sys.exit(f"{path}: {len(long)} lines wrap at {width} columns, the first: {long[0]!r}")
# A table is whole when every row between its top and bottom borders is as wide as they are.
top = None
for n, l in enumerate(lines):
    if l.startswith("┌"):
        top = len(l)
    elif top is not None:
        if len(l) != top or l[0] not in "│╞├└":
            sys.exit(f"{path}:{n + 1}: a table row is broken: {l!r}")
        if l.startswith("└"):
            top = None
PY
  grep -q $'\e\[38;5;9m' "$out/status-$width.ansi" || fail "overdue is not red on a ${width}-column terminal"
done
screen 80 NO_COLOR=1 >"$out/status-80-no-color.txt"
escapes=1 screen 80 NO_COLOR=1 >"$out/status-80-no-color.ansi"
grep -q $'\e' "$out/status-80-no-color.ansi" && fail "escape sequences although NO_COLOR is set"
echo "terminal test passed: status fits 80, 100 and 120 columns; screens in $out"
