#!/usr/bin/env bash
# Renders the HTML report of a fixture database full of hostile log values in a real browser engine
# (Debian's headless chromium) and checks that (issue 6):
#   - the hostile HELO / sender / reply texts appear as text, escaped;
#   - no element or event-handler attribute was injected, and no script ran (the payloads used here
#     would mark the document if they did; the page's CSP violations are read from chromium's log);
#   - both SVG charts are there.
# It also leaves a screenshot (report.png) to look at.
#
# Usage: scripts/check-html-report.sh [output-dir]      (default: a new temporary folder, kept)
# Needs: node, the project's node_modules, /usr/bin/chromium (installed with apt-get when missing and
# running as root; Debian package `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$(mktemp -d /tmp/maillens-html-check.XXXXXX)}
mkdir -p "$OUT"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export TZ=${TZ:-Europe/Berlin}

fail() { echo "check-html-report: FAIL: $*" >&2; exit 1; }
step() { echo "check-html-report: $*"; }

# --- chromium -----------------------------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ]; then fail "$CHROMIUM is missing; install it (apt-get install chromium) or set CHROMIUM="; fi
  step "installing chromium with apt-get (Debian)..."
  started=$(date +%s)
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  step "chromium installed in $(( $(date +%s) - started ))s"
fi
step "$("$CHROMIUM" --version 2>/dev/null | head -n1)"

# --- build the pieces the check needs (inside the project, so the code finds migrations/ and catalog/) --
BUILD=$ROOT/dist/html-check
rm -rf "$BUILD"
trap 'rm -rf "$BUILD"' EXIT
# Other modules may be mid-change; the files below must compile, the rest is not imported.
npx --no-install tsc --rootDir "$ROOT" --outDir "$BUILD" --module NodeNext --moduleResolution NodeNext --target ES2022 \
  --lib ES2023 --types node --esModuleInterop --skipLibCheck --strict \
  test/helpers/fixture-db.ts src/report/build-report-model.ts src/report/render-report.ts >"$OUT/tsc.log" 2>&1 ||
  step "tsc reported problems (see $OUT/tsc.log); trying the emitted JavaScript anyway"

# --- the report -----------------------------------------------------------------------------------------
# (Sender domains are shown lower-cased, as in the v_events view: the check compares case-insensitively.)
# Besides the fixture's own hostile values (HELO <script>alert(1)</script>, sender domain
# "><img src=x onerror=alert(1)>, ESC sequences, formula cells), payloads that would leave a mark:
node --input-type=module - "$BUILD" "$OUT" <<'EOF'
const [build, out] = process.argv.slice(2);
const { createFixtureDb } = await import(`${build}/test/helpers/fixture-db.js`);
const { openDatabase } = await import(`${build}/src/store/open.js`);
const { buildReportModel } = await import(`${build}/src/report/build-report-model.js`);
const { renderReport } = await import(`${build}/src/report/render-report.js`);
const { writeFileSync, rmSync } = await import('node:fs');
rmSync(`${out}/maillens.db`, { force: true });
const mark = `document.documentElement.setAttribute('data-pwned','1')`;
const day2 = new Date(2024, 2, 5, 10).getTime();
const extra = (i, fields) => ({ ts: day2 + i * 60_000, category: 'rbl', ...fields });
const events = [];
for (let i = 0; i < 60; i++) events.push(extra(i, { helo: `<img src=x onerror="${mark}">` }));
for (let i = 0; i < 55; i++) events.push(extra(i, { sender: `x@<script>${mark}</script>` }));
for (let i = 0; i < 50; i++) events.push(extra(i, { clientIp: `"><svg onload="${mark}">` }));
const fixture = createFixtureDb({
  dir: out,
  hostile: true,
  hosts: { mx: `mx1<svg onload="${mark}"></svg>` },
  events,
});
const db = openDatabase(fixture.path, { readonly: true });
const model = buildReportModel(db, fixture.days[1], { now: new Date(fixture.end) });
db.close();
writeFileSync(`${out}/report.html`, renderReport(model, 'html'));
console.log(`check-html-report: wrote ${out}/report.html (${model.totals[2].refusals} refusals)`);
EOF

# --- chromium: the DOM after parsing (and after any script that might have run), and a screenshot -------
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$OUT/profile" --enable-logging=stderr --v=0)
url="file://$OUT/report.html"
rc=0
timeout 60 "$CHROMIUM" "${flags[@]}" --virtual-time-budget=2000 --dump-dom "$url" >"$OUT/dom.html" 2>"$OUT/chromium-dom.log" || rc=$?
# A page that hangs here has usually opened an alert() dialog: a script ran.
[ "$rc" -eq 124 ] && fail "chromium hung on the page (an injected alert() dialog?); see $OUT/chromium-dom.log"
[ "$rc" -eq 0 ] || fail "chromium --dump-dom failed with status $rc (see $OUT/chromium-dom.log)"
timeout 60 "$CHROMIUM" "${flags[@]}" --hide-scrollbars --window-size=1100,3400 --screenshot="$OUT/report.png" "$url" \
  >"$OUT/chromium-shot.log" 2>&1 || fail "chromium --screenshot failed (see $OUT/chromium-shot.log)"
[ -s "$OUT/dom.html" ] || fail "empty DOM dump"
[ -s "$OUT/report.png" ] || fail "no screenshot"

# --- checks on the DOM ----------------------------------------------------------------------------------
dom=$OUT/dom.html
# The payloads set an attribute on <html> when they run (their text, escaped, is in the page anyway).
grep -o '<html[^>]*>' "$dom" | grep -q 'data-pwned' && fail "an injected script or handler ran (<html data-pwned> is set)"
grep -qiE '<(script|img|iframe|object|embed|link)[ >]' "$dom" && fail "an injected element exists: $(grep -oiE '<(script|img|iframe|object|embed|link)[^>]*>' "$dom" | head -n 3 | tr '\n' ' ')"
# Event-handler attributes inside tags (escaped text has no raw quotes or angle brackets, so blank the values).
if sed -E 's/"[^"]*"//g' "$dom" | grep -oE '<[^>]*>' | grep -qiE '\son[a-z]+='; then
  fail "an element carries an event-handler attribute"
fi
grep -qi 'Refused to' "$OUT/chromium-dom.log" && fail "the CSP blocked something: an injection got through the escaping ($(grep -i 'Refused to' "$OUT/chromium-dom.log" | head -n 1))"
for text in '&lt;script&gt;alert(1)&lt;/script&gt;' \
            '"&gt;&lt;img src=x onerror=alert(1)&gt;' \
            '&lt;img src=x onerror="document.documentElement.setAttribute(' \
            '&lt;script&gt;document.documentElement.setAttribute(' \
            '\x1b[2J\x1b]0;pwned\x07evil.example'; do
  grep -qiF -- "$text" "$dom" || fail "hostile value not shown as text: $text"
done
svgs=$(grep -o '<svg' "$dom" | wc -l)
rects=$(grep -o '<rect' "$dom" | wc -l)
[ "$svgs" -eq 2 ] || fail "expected 2 SVG charts, found $svgs"
[ "$rects" -gt 30 ] || fail "the charts have only $rects bars"
grep -q '<title>maillens report: mail.example.org, mx1&lt;svg onload="document' "$dom" ||
  fail "the hostile host name is not escaped in the <title>"

step "OK: hostile values shown as text, nothing injected, no script ran, $svgs charts with $rects bars"
step "files: $dom, $OUT/report.png"
