#!/usr/bin/env bash
# Renders the HTML report of the shipped strategy in headless Chromium: takes screenshots
# (desktop and phone) and a PDF, and checks from the DOM that every section and chart is
# there and that an injected <script> title did not run.
#
# Needs Debian's `chromium` package; installs it with apt-get when missing. When it
# cannot be installed the test fails (exit 1): a check that cannot run must not pass.
# Output goes to $BROWSER_OUT (default: target/browser).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BROWSER_OUT:-target/browser}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "chromium is missing: installing Debian's chromium package"
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    echo "FAIL browser test: chromium is not installed and apt-get could not install it" \
      "(run as root on Debian, or install the chromium package)" >&2
    exit 1
  fi
fi

cargo build --quiet --locked
tracker="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug/tracker"

work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>/dev/null
}

fail() {
  echo "FAIL browser test: $*" >&2
  exit 1
}

# 1. The shipped strategy, with its history, as a manager would print it.
"$tracker" --today 2026-11-30 report --since 2026-01-01 --format html -o "$out/report.html"
chrome --screenshot="$out/report.png" --window-size=1280,2400 "file://$out/report.html" >/dev/null
chrome --screenshot="$out/report-phone.png" --window-size=390,1600 "file://$out/report.html" >/dev/null
chrome --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$out/report.html" >/dev/null
chrome --dump-dom "file://$out/report.html" >"$out/report.dom.html"

dom="$out/report.dom.html"
for id in headline pillars achieved slipped due not-reported indicators forecast source; do
  grep -q "id=\"$id\"" "$dom" || fail "section #$id is missing"
done
progress=$(grep -o 'class="chart chart-progress"' "$dom" | wc -l)
states=$(grep -o 'class="chart chart-states"' "$dom" | wc -l)
[ "$progress" = 4 ] || fail "expected 4 progress-over-time charts, found $progress"
[ "$states" = 5 ] || fail "expected 5 state bars (the strategy and 4 pillars), found $states"
grep -q '<polyline class="done"' "$dom" || fail "the progress charts have no done line"
grep -q '<polyline class="due"' "$dom" || fail "the progress charts have no due line"
grep -q 'Computed from' "$dom" || fail "the footer does not name the data"
for f in report.png report-phone.png report.pdf; do
  [ -s "$out/$f" ] || fail "$f was not written"
done

# 2. A strategy with a hostile title and a javascript: link: nothing may run.
mkdir -p "$work/x"
cp -r strategy "$work/x/strategy"
cat >"$work/x/strategy/prevention/hostile.yaml" <<'YAML'
id: hostile
title: "<script>document.title='pwned';document.body.insertAdjacentHTML('beforeend','<p id=pwned>pwned</p>')</script>"
pillar: prevention
owner: "<img id=pwned-img src=x onerror=\"document.title='pwned'\">"
milestones:
  - id: m1
    title: Injected evidence link
    due: 2026-11-15
    done: 2026-11-10
    evidence: https://example.org/evidence
    confidence: low
  - id: m2
    title: Open step
    due: 2026-12-15
YAML
# A javascript: evidence link is an error, so that file is withheld: it must not become a link.
cat >"$work/x/strategy/prevention/hostile-link.yaml" <<'YAML'
id: hostile-link
title: Injected link
pillar: prevention
owner: Nobody
milestones:
  - id: m1
    title: Injected evidence link
    due: 2026-11-15
    done: 2026-11-10
    evidence: "javascript:document.title='pwned'"
YAML
"$tracker" --today 2026-11-30 -C "$work/x" report --format html -o "$out/hostile.html" \
  || [ $? = 1 ] || fail "tracker could not write the hostile report"
chrome --dump-dom "file://$out/hostile.html" >"$out/hostile.dom.html"
hostile="$out/hostile.dom.html"
grep -q '<title>Progress report' "$hostile" || fail "the page title changed: the injected script ran"
grep -qi 'pwned</title>' "$hostile" && fail "the injected script set the page title"
grep -q 'id="pwned"' "$hostile" && fail "the injected script added an element"
grep -q 'id="pwned-img"' "$hostile" && fail "the injected <img> became an element"
grep -qi '<script' "$hostile" && fail "the page has a script element"
grep -qi 'href="javascript:' "$hostile" && fail "a javascript: URL became a link"
grep -q '&lt;script&gt;document.title' "$hostile" || fail "the hostile title is not shown as text"

# 3. The website of the replay: the home page, a commitment page and the changes page
# render, the charts are there, and nothing but the page itself is loaded.
"$tracker" demo "$work/replay" >/dev/null
"$tracker" --today 2026-12-01 -C "$work/replay" site "$out/site" >/dev/null
for page in index.html c/interim-derogation.html changes.html; do
  name="$(echo "$page" | tr '/' '-')"
  chrome --screenshot="$out/site-$name.png" --window-size=1280,2000 "file://$out/site/$page" >/dev/null
  chrome --dump-dom "file://$out/site/$page" >"$out/site-$name.dom.html"
  dom="$out/site-$name.dom.html"
  grep -q '<h1>' "$dom" || fail "site page $page has no heading"
  grep -q 'Content-Security-Policy' "$dom" || fail "site page $page has no content security policy"
  grep -Eqi '<(script|iframe|object|embed)[ >]' "$dom" && fail "site page $page has active content"
  grep -Eqi '(src|srcset)="https?:' "$dom" && fail "site page $page loads something from the network"
  grep -Eqi '<link [^>]*href="https?:' "$dom" && fail "site page $page links a remote resource"
  [ -s "$out/site-$name.png" ] || fail "no screenshot of $page"
done
grep -q '<svg class="chart"' "$out/site-c-interim-derogation.html.dom.html" || fail "the commitment page has no indicator chart"
grep -q 'id="timeline"' "$out/site-c-interim-derogation.html.dom.html" || fail "the commitment page has no timeline"
grep -q 'id="pillars"' "$out/site-index.html.dom.html" || fail "the home page has no pillars"

echo "browser test passed: screenshots and PDF in $out"
