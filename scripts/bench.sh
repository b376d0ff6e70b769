#!/usr/bin/env bash
# Benchmarks tracker against `git log` on generated repositories of several shapes, in
# one run. See docs/performance.md for what is measured and the last results.
#
# Usage: scripts/bench.sh [--quick] [--keep] [CASE...]
#   CASE      SHAPE:COMMITMENTS/COMMITS, e.g. flat:2000/20000; SHAPE is one of
#             groups (50 files a folder), flat (all of a pillar's files in one folder),
#             foreign (5 YAML files of another shape per commitment, half the commits
#             changing them), large (5 files of about 1 MB), rollup ($ROLLUP_SOURCES
#             repositories of that size, read as one roll-up); default: groups:200/2000,
#             groups:2000/20000, flat:2000/20000, foreign:2000/20000, large:200/2000,
#             rollup:200/2000, groups:10000/100000, groups:2000/100000
#   --quick   the default cases but the 100,000-commit one
#   --keep    keep the generated repositories (their folder is printed)
# Environment:
#   CARGO_TARGET_DIR  where cargo builds (default: ./target)
#   SEED              generator seed (default: 1)
#   BENCH_DIR         where to generate repositories (default: a new folder in $TMPDIR)
#   RUNS_LARGE        runs per command for cases over 50000 commits (default: 1)
#   ROLLUP_SOURCES    repositories in a rollup case (default: 30)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
quick=0
keep=0
cases=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *:*/*) cases+=("$a") ;;
        *) echo "bench.sh: unknown argument: $a (try --help)" >&2; exit 2 ;;
    esac
done
if [ ${#cases[@]} -eq 0 ]; then
    cases=(groups:200/2000 groups:2000/20000 flat:2000/20000 foreign:2000/20000 large:200/2000 rollup:200/2000)
    # The second: the strategy of groups:2000/20000 with five times its history, for
    # memory that stays flat in the history's length.
    [ "$quick" = 1 ] || cases+=(groups:10000/100000 groups:2000/100000)
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

# mean_seconds NAME RUNS WARMUP CMD [PREPARE]: the mean wall time of CMD (run by sh -c),
# with PREPARE run before each run and not timed.
mean_seconds() {
    local name=$1 runs=$2 warmup=$3 cmd=$4 prepare=${5:-true}
    if [ "$have_hyperfine" = 1 ]; then
        local json="$work/$name.json"
        hyperfine --style none --shell sh --ignore-failure --runs "$runs" --warmup "$warmup" \
            --prepare "$prepare" --export-json "$json" "$cmd" >&2
        python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$json"
    else
        local total=0 i t
        for ((i = 0; i < warmup; i++)); do sh -c "$prepare"; sh -c "$cmd" >/dev/null; done
        for ((i = 0; i < 3; i++)); do
            sh -c "$prepare"
            t=$( { /usr/bin/time -f %e sh -c "$cmd" >/dev/null; } 2>&1 | tail -1)
            total=$(python3 -c "print($total + $t)")
        done
        python3 -c "print('%.3f' % ($total / 3))"
    fi
}

# peak_mib CMD: the peak resident set size of one run of CMD, in MiB.
peak_mib() {
    local kb
    kb=$( { /usr/bin/time -f %M sh -c "$1" >/dev/null; } 2>&1 | tail -1)
    echo $((kb / 1024))
}

ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

rows=()
rollups=()
for case_ in "${cases[@]}"; do
    shape=${case_%%:*}
    size=${case_#*:}
    n=${size%/*}
    m=${size#*/}
    if [ "$shape" = rollup ]; then
        k=${ROLLUP_SOURCES:-30}
        dir="$work/rollup-$k-$n-$m"
        mkdir -p "$dir"
        {
            echo "id: bench-rollup"
            echo "title: Bench roll-up"
            echo "pillars:"
            for p in prevention detection law-enforcement victim-support; do echo "  - {id: $p, title: $p}"; done
            echo "sources:"
        } > "$dir/rollup.yaml"
        for i in $(seq 1 "$k"); do
            if [ ! -d "$dir/s$i/.git" ]; then
                echo "== generating roll-up source $i of $k: $n commitments, $m commits" >&2
                python3 "$root/scripts/gen_repo.py" "$dir/s$i" --commitments "$n" --commits "$m" --seed $((seed + i)) >/dev/null
            fi
            echo "  - {name: s$i, path: s$i}" >> "$dir/rollup.yaml"
            rm -rf "$dir/s$i/.git/tracker"
        done
        t="'$tracker'"
        opts="--today $today"
        cd "$dir"
        glog=$(mean_seconds "rollup-git-$k" 3 1 \
            "for i in \$(seq 1 $k); do git -C s\$i log --raw --format='%H %an %ad' -- strategy/ > /dev/null; done")
        hcold=$(mean_seconds "rollup-cold-$k" 3 1 \
            "TRACKER_NO_CACHE=1 $t history --rollup rollup.yaml $opts --format json > /dev/null")
        "$tracker" history --rollup rollup.yaml $opts --format json > /dev/null
        hwarm=$(mean_seconds "rollup-warm-$k" 5 1 "$t history --rollup rollup.yaml $opts --format json > /dev/null")
        swarm=$(mean_seconds "rollup-status-$k" 5 1 "$t status --rollup rollup.yaml $opts --format json > /dev/null")
        cd "$root"
        rollups+=("| $k × $n / $m | $glog | $hcold | $(ratio "$hcold" "$glog") | $hwarm | $swarm |")
        continue
    fi
    case "$shape" in
        groups) extra=() ;;
        flat) extra=(--layout flat) ;;
        foreign) extra=(--foreign $((n * 5))) ;;
        large) extra=(--large 5) ;;
        *) echo "bench.sh: unknown shape $shape" >&2; exit 2 ;;
    esac
    repo="$work/repo-$shape-$n-$m"
    if [ ! -d "$repo/.git" ]; then
        echo "== generating $shape: $n commitments, $m commits" >&2
        python3 "$root/scripts/gen_repo.py" "$repo" --commitments "$n" --commits "$m" --seed "$seed" "${extra[@]}"
        echo "   HEAD $(git -C "$repo" rev-parse --short HEAD)" >&2
    fi
    if [ "$m" -gt 50000 ]; then
        # One warm-up still: without it, a warm report or diff is the first at its
        # dates, and checks the sizes of the blobs there (0.58 s against 0.24 s for the
        # report at 2000/100000).
        runs=${RUNS_LARGE:-1}; warmup=1
    elif [ "$m" -gt 5000 ]; then
        runs=5; warmup=1
    else
        runs=10; warmup=2
    fi
    id="$shape-$n-$m"
    t="'$tracker'"
    opts="--today $today"
    cd "$repo"
    git reset -q --hard main
    rm -rf .git/tracker
    g=$(mean_seconds "git-$id" "$runs" "$warmup" \
        "git log --raw --format='%H %an %ad' -- strategy/ > /dev/null")
    # Without the cache: the cost of a first report on a repository.
    cold=$(mean_seconds "cold-$id" "$runs" "$warmup" \
        "TRACKER_NO_CACHE=1 $t history $opts --format json > /dev/null")
    mem=$(peak_mib "TRACKER_NO_CACHE=1 $t history $opts --format json")
    # With the caches filled (the history's, and the index of dates that the first
    # `status --at` builds): every later report with nothing new committed.
    "$tracker" history $opts --format json > /dev/null
    # (Exit code 1 is the foreign shape's files with problems.)
    "$tracker" status --at "$at" $opts --format json > /dev/null 2>&1 || [ $? -eq 1 ]
    warm=$(mean_seconds "warm-$id" "$runs" "$warmup" "$t history $opts --format json > /dev/null")
    st=$(mean_seconds "status-$id" "$runs" "$warmup" "$t status $opts --format json > /dev/null")
    sat=$(mean_seconds "status-at-$id" "$runs" "$warmup" "$t status --at $at $opts --format json > /dev/null")
    rep=$(mean_seconds "report-$id" "$runs" "$warmup" \
        "$t report --since 2026-04-01 $opts --format json > /dev/null")
    dif=$(mean_seconds "diff-$id" "$runs" "$warmup" "$t diff 2026-01-01 $opts --format json > /dev/null")
    allp=$(mean_seconds "all-parents-$id" "$runs" "$warmup" \
        "TRACKER_NO_CACHE=1 $t history --all-parents $opts --format json > /dev/null")
    # One new commit on top of a filled cache: each run starts from the same cache.
    # (Removed first: `cp -r` into a folder left by an earlier run would nest the copy
    # and keep the stale cache in place.)
    rm -rf "$work/cache-$id"
    cp -r .git/tracker "$work/cache-$id"
    first=$(git ls-files 'strategy/*.yaml' | grep -v 'strategy/strategy.yaml$' | sed -n 1p)
    echo "# edited for the benchmark" >> "$first"
    git -c user.name=Bench -c user.email=bench@example.org commit -q -am "One more commit" \
        --date 2026-07-01T12:00:00
    one=$(mean_seconds "one-$id" "$runs" "$warmup" "$t history $opts --format json > /dev/null" \
        "rm -rf .git/tracker && cp -r '$work/cache-$id' .git/tracker")
    git reset -q --hard HEAD~1
    cd "$root"
    rows+=("| $shape | $n / $m | $g | $cold | $(ratio "$cold" "$g") | $mem | $warm | $(ratio "$warm" "$g") | $one | $(ratio "$one" "$g") | $st | $sat | $(ratio "$sat" "$st") | $rep | $dif | $allp | $(ratio "$allp" "$cold") | $runs |")
done

if [ ${#rows[@]} -gt 0 ]; then
    echo
    echo "| shape | commitments / commits | git log (s) | history cold (s) | ÷ git | cold peak RSS (MiB) | history warm (s) | ÷ git | after one commit (s) | ÷ git | status (s) | status --at (s) | ÷ status | report, warm (s) | diff, warm (s) | --all-parents cold (s) | ÷ cold | runs |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
fi
if [ ${#rollups[@]} -gt 0 ]; then
    echo
    echo "| roll-up: sources × commitments / commits | git log of every source (s) | history --rollup cold (s) | ÷ git | history --rollup warm (s) | status --rollup (s) |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rollups[@]}"
fi
