#!/usr/bin/env bash
# Completes commitment and milestone ids in real bash, zsh and fish, from a small
# strategy: ids where a command takes one, nothing of the kind anywhere else (an option's
# value, `new ID`).
#
# Needs Debian's `zsh` and `fish` packages; installs them with apt-get when missing. When
# they cannot be installed the test fails (exit 1): a check that cannot run must not pass.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for sh in zsh fish; do command -v "$sh" >/dev/null 2>&1 || missing+=("$sh"); done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "${missing[*]} missing: installing Debian's packages"
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  for sh in zsh fish; do
    command -v "$sh" >/dev/null 2>&1 || {
      echo "FAIL shell test: $sh is not installed and apt-get could not install it" >&2
      exit 1
    }
  done
fi

cargo build --quiet --locked
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug"
export PATH="$bin:$PATH"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/strategy/prevention"
cp tests/fixtures/strategy.yaml "$work/strategy/"
printf 'id: eu-a\ntitle: A\npillar: prevention\nowner: U\nmilestones: [{id: seat, title: S, due: 2026-01-01}, {id: setup, title: T, due: 2026-01-01}]\n' \
  >"$work/strategy/prevention/eu-a.yaml"
printf 'id: eu-b\ntitle: B\npillar: prevention\nowner: U\nmilestones: [{id: m, title: M, due: 2026-01-01}]\n' \
  >"$work/strategy/prevention/eu-b.yaml"
cd "$work"

# Each case: the command line, then what must be offered ("-" for no id).
cases='tracker done eu|eu-a eu-b
tracker --today 2026-01-01 reopen eu-a se|seat setup
tracker due --reason x eu-b |m
tracker history |eu-a eu-b
tracker status --pillar |-
tracker status --pillar x |eu-a eu-b
tracker new |-'

fail=0
check() { # shell, line, expected, got
  local want=$3 got=$4
  if [ "$want" = "-" ]; then
    case " $got " in *" eu-a "*|*" eu-b "*|*" seat "*|*" m "*) echo "FAIL $1: '$2' offered ids: $got" >&2; fail=1 ;; esac
  elif [ "$got" != "$want" ]; then
    echo "FAIL $1: '$2' offered '$got', not '$want'" >&2
    fail=1
  fi
}

while IFS='|' read -r line want; do
  # bash: call the completion function as readline would.
  got=$(bash -c 'source <(tracker completions bash) || exit 3
read -ra words <<<"$1"; [[ "$1" == *" " ]] && words+=("")
COMP_WORDS=("${words[@]}"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=()
_tracker_ids tracker; echo "${COMPREPLY[*]}"' _ "$line")
  check bash "$line" "$want" "$got"

  # zsh: the completion function with compadd recorded (no terminal needed).
  got=$(zsh -fc 'compdef() { :; }
source <(tracker completions zsh) || exit 3
compadd() { [[ $1 == -- ]] && shift; print -rn -- "$* "; }
_tracker() { print -rn -- "(clap) "; }
words=(${(z)1}); [[ "$1" == *" " ]] && words+=("")
CURRENT=${#words}; _tracker_ids; print' _ "$line" | sed 's/ $//')
  check zsh "$line" "$want" "$got"

  # fish: what `complete -C` offers for the line.
  got=$(fish -c 'tracker completions fish | source; complete -C"$argv[1]"' "$line" | cut -f1 | sort | tr '\n' ' ' | sed 's/ $//')
  check fish "$line" "$want" "$got"
done <<<"$cases"

[ "$fail" = 0 ] || exit 1
echo "shell test passed: bash, zsh and fish complete ids where they are expected"
