#!/usr/bin/env bash
# Runs the property tests (src/props.rs) for a while, with many cases per round and new
# random inputs each round: the loader on any bytes, the renderers on any files, the
# edit engine on any valid commitment, the replay on any history.
#
#   scripts/fuzz.sh --minutes 30 [--cases 2000]
#
# Stops at the first failure, which proptest prints with the smallest input it found;
# exits 0 when the time is up with no failure.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
cases=2000
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --cases) cases="$2"; shift 2 ;;
        -h|--help) sed -n 2,9p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fuzz.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
case "$minutes$cases" in
    *[!0-9]*) echo "fuzz.sh: --minutes and --cases take whole numbers" >&2; exit 2 ;;
esac

cargo test --release --lib --no-run --quiet
end=$(( $(date +%s) + minutes * 60 ))
round=0
while [ "$(date +%s)" -lt "$end" ]; do
    round=$((round + 1))
    echo "round $round: $cases cases per property"
    PROPTEST_CASES="$cases" cargo test --release --lib --quiet props:: -- --test-threads 2
done
echo "no failure in $round rounds ($minutes minutes)"
