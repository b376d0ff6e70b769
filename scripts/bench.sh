#!/usr/bin/env bash
# Benchmarks `tracker history` and `tracker status` against `git log` on generated
# repositories. See docs/performance.md for what is measured and the last results.
#
# Usage: scripts/bench.sh [--quick] [--keep] [SIZE...]
#   SIZE      COMMITMENTS/COMMITS, e.g. 2000/20000
#             (default: 200/2000 2000/20000 10000/100000)
#   --quick   only the first two default sizes
#   --keep    keep the generated repositories (their folder is printed)
# Environment:
#   CARGO_TARGET_DIR  where cargo builds (default: ./target)
#   SEED              generator seed (default: 1)
#   BENCH_DIR         where to generate repositories (default: a new folder in $TMPDIR)
#   RUNS_LARGE        runs per command for sizes over 50000 commits (default: 1)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
quick=0
keep=0
sizes=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        */*) sizes+=("$a") ;;
        *) echo "bench.sh: unknown argument: $a" >&2; exit 2 ;;
    esac
done
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(200/2000 2000/20000 10000/100000)
    [ "$quick" = 1 ] && sizes=(200/2000 2000/20000)
fi
seed=${SEED:-1}
today=2026-11-30
at=2023-06-30

echo "== building tracker (release)" >&2
(cd "$root" && cargo build --release --quiet)
tracker="${CARGO_TARGET_DIR:-$root/target}/release/tracker"
[ -x "$tracker" ] || { echo "bench.sh: no binary at $tracker" >&2; exit 2; }

work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tracker-bench.XXXXXX")}
mkdir -p "$work"
case "$(cd "$work" && pwd)/" in
    "$root"/*) echo "bench.sh: BENCH_DIR must be outside the repository" >&2; exit 2 ;;
esac
if [ "$keep" = 0 ] && [ -z "${BENCH_DIR:-}" ]; then
    trap 'rm -rf "$work"' EXIT
fi
echo "== working in $work" >&2

have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1
[ "$have_hyperfine" = 1 ] || echo "== hyperfine not found (apt-get install -y hyperfine); using 3 timed runs each" >&2

# Hermetic git: no user or system configuration changes what git log does.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1 LC_ALL=C

# mean_seconds NAME RUNS WARMUP CMD: prints the mean wall time of CMD (run by sh -c).
mean_seconds() {
    local name=$1 runs=$2 warmup=$3 cmd=$4
    if [ "$have_hyperfine" = 1 ]; then
        local json="$work/$name.json"
        hyperfine --style none --shell sh --runs "$runs" --warmup "$warmup" \
            --export-json "$json" "$cmd" >&2
        python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$json"
    else
        local total=0 i t
        for ((i = 0; i < warmup; i++)); do sh -c "$cmd"; done
        for ((i = 0; i < 3; i++)); do
            t=$( { /usr/bin/time -f %e sh -c "$cmd" >/dev/null; } 2>&1 | tail -1)
            total=$(python3 -c "print($total + $t)")
        done
        python3 -c "print('%.3f' % ($total / 3))"
    fi
}

rows=()
for size in "${sizes[@]}"; do
    n=${size%/*}
    m=${size#*/}
    repo="$work/repo-$n-$m"
    if [ ! -d "$repo/.git" ]; then
        echo "== generating $n commitments, $m commits" >&2
        start=$(date +%s.%N)
        python3 "$root/scripts/gen_repo.py" "$repo" --commitments "$n" --commits "$m" --seed "$seed"
        gen=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $start))")
        echo "   generated in ${gen}s, HEAD $(git -C "$repo" rev-parse --short HEAD)" >&2
    fi
    if [ "$m" -gt 50000 ]; then
        runs=${RUNS_LARGE:-1}; warmup=0
    elif [ "$m" -gt 5000 ]; then
        runs=5; warmup=1
    else
        runs=10; warmup=2
    fi
    cd "$repo"
    g=$(mean_seconds "git-$n-$m" "$runs" "$warmup" \
        "git log --raw --format='%H %an %ad' -- strategy/ > /dev/null")
    # Without the cache: the cost of a first report on a repository.
    h=$(mean_seconds "history-$n-$m" "$runs" "$warmup" \
        "TRACKER_NO_CACHE=1 '$tracker' history --today $today --format json > /dev/null")
    # With the cache (filled by this first run): a second report, nothing new committed.
    "$tracker" history --today $today --format json > /dev/null
    hc=$(mean_seconds "history-cached-$n-$m" "$runs" "$warmup" \
        "'$tracker' history --today $today --format json > /dev/null")
    s=$(mean_seconds "status-$n-$m" "$runs" "$warmup" \
        "'$tracker' status --today $today --format json > /dev/null")
    a=$(mean_seconds "status-at-$n-$m" "$runs" "$warmup" \
        "'$tracker' status --at $at --today $today --format json > /dev/null")
    # Peak memory of one history run, in MiB.
    mem=$( { TRACKER_NO_CACHE=1 /usr/bin/time -f %M "$tracker" history --today $today --format json >/dev/null; } 2>&1 | tail -1)
    mem=$((mem / 1024))
    cd "$root"
    ratio=$(python3 -c "print('%.2f' % ($h / $g))")
    ratio_c=$(python3 -c "print('%.2f' % ($hc / $g))")
    rows+=("| $n / $m | $g | $h | $ratio | $hc | $ratio_c | $mem | $s | $a | $runs |")
done

echo
echo "| commitments / commits | git log (s) | history, no cache (s) | ratio | history, cached (s) | ratio | history peak RSS (MiB) | status (s) | status --at (s) | runs |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
