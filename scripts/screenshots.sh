#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Takes the screenshots in packaging/screenshots/ (AppStream metadata, README): a profile with a
# few channels (served by a small webhook sink on 127.0.0.1) and alerts, one picture per page
# at 1280x800 (and each section of the Settings page; the Channels page with a day of seeded
# deliveries for its charts, also at 1920x1080 and in a dark theme), the welcome page of an empty
# profile, the channel dialogs (add, edit, Apprise URL, .env import report), the Thresholds page,
# the Compose preview and the template editor (at 1280x800 and 1920x1080), and the tray (icon with
# the open count, a balloon), the Dashboard over a seeded day (and in German, -de), and the main
# pages in Spanish (-es). A small system tray (trayer) runs on
# the X server for the tray pictures. Every page again in the dark theme (ui.theme dark), named
# -dark; --dark takes only those (and the GTK dark one).
# Usage: scripts/screenshots.sh [--dark] [BUILD_DIR] [OUT_DIR]   (runs itself inside with-test-services.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
dark_only=
if [ "${1:-}" = --dark ]; then   # only the pictures of the dark theme, to look at them quickly
  dark_only=1
  shift
fi
build=${1:-build/dev}
out=${2:-packaging/screenshots}
if [ -z "${ALERTDESK_TEST_SERVICES:-}" ]; then
  exec scripts/with-test-services.sh "$0" ${dark_only:+--dark} "$build" "$out"
fi
cli="$build/app/alertdesk-cli"
app="$build/app/alertdesk"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/alertdesk-shots.XXXXXX")
sink_pid=
tray_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  [ -n "$tray_pid" ] && kill "$tray_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A webhook sink: /fail answers 503, everything else 200 after 40 ms.
cat > "$work/sink.py" <<'PY'
import http.server, time
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        if self.path.startswith('/fail'):
            code, body = 503, b'{"error":"upstream unavailable"}'
        else:
            time.sleep(0.04)
            code, body = 200, b'ok'
        self.send_response(code)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$work/sink.py" > "$work/port" &
sink_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; read -r -t 0.05 < /dev/zero || true; done
port=$(cat "$work/port")

p="$work/profile"
"$cli" --profile "$p" settings set delivery.max_retries 1 >/dev/null
"$cli" --profile "$p" settings set delivery.retry_delay_ms 200 >/dev/null
"$cli" --profile "$p" channel add webhook trading-desk --url "http://127.0.0.1:$port/hooks/desk" \
  --header "Authorization: Bearer demo" --hmac-secret demo-secret >/dev/null
"$cli" --profile "$p" channel add webhook ops-relay --url "http://127.0.0.1:$port/fail" >/dev/null
send() { "$cli" --profile "$p" send "$@" >/dev/null || true; }
send --type MILESTONE --priority INFO --title "100 trades filled today" --channel trading-desk \
  --data '{"trades":100,"volume_usd":1250000}'
send --type HEALTH --priority LOW --title "Exchange websocket reconnected" \
  --message "Binance stream reconnected after 3 s." --channel trading-desk
send --type PERFORMANCE --priority MEDIUM --title "Strategy mean-revert PnL -2.1% today" --symbol SOLUSDT \
  --strategy mean-revert --channel trading-desk --data '{"pnl_pct":-2.1,"trades":42}'
send --type PRICE --priority HIGH --title "BTC above 70,000" --message "BTCUSDT crossed 70,000 (70,123.50)." \
  --symbol BTCUSDT --channel trading-desk --data '{"price":70123.5,"threshold":70000,"condition":"crossing up"}'
send --type RISK --priority CRITICAL --title "Drawdown limit breached on the ETH book" \
  --message "Daily drawdown is 6.2%, over the 5% limit. Positions are being reduced." --symbol ETHUSDT \
  --strategy eth-perp --data '{"drawdown_pct":6.2,"limit_pct":5,"book":{"name":"eth-perp","positions":3,"exposure_usd":184000}}'
"$cli" --profile "$p" channel add webhook archive --url https://archive.example.com/in --disabled >/dev/null
# The window serves the ingest API: on a port that is free here, so the picture shows it running.
ingest_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$cli" --profile "$p" settings set ingest.port "$ingest_port" >/dev/null
"$cli" --profile "$p" policies set - >/dev/null <<'JSON'
{"quiet_hours": [
  {"name": "nights", "location": "Europe/Berlin", "channels": ["trading-desk"],
   "time_intervals": [{"times": [{"start_time": "22:00", "end_time": "07:00"}],
                       "weekdays": ["monday:friday"]}],
   "critical_breaks_through": true, "held": "digest"},
  {"name": "weekend", "location": "Europe/Berlin",
   "time_intervals": [{"weekdays": ["saturday", "sunday"]}], "held": "history"}],
 "escalation": [
  {"name": "risk-desk", "match": {"types": ["RISK"], "priorities": ["CRITICAL", "HIGH"]},
   "tiers": [{"after_minutes": 15, "channels": ["trading-desk"]}, {"after_minutes": 30, "channels": ["ops-relay"]}],
   "repeat_minutes": 10, "max_reminders": 3}]}
JSON
# The Alerts page shows states and their trail: one alert acknowledged with a note, one snoozed.
alert_id() { "$cli" --profile "$p" history --limit 10 2>/dev/null | python3 -c "import json,sys
for line in sys.stdin:
    a = json.loads(line)
    if a['title'].startswith(sys.argv[1]): print(a['id'])" "$1" | head -1; }
ack=$(alert_id "Exchange websocket")
[ -n "$ack" ] && "$cli" --profile "$p" ack "$ack" --note "Feed back; no gap in prices" >/dev/null
snz=$(alert_id "Strategy mean-revert")
[ -n "$snz" ] && "$cli" --profile "$p" snooze "$snz" 4h --note "Review after the US close" >/dev/null

trayer --SetDockType false --expand false --transparent false --edge bottom --align right >/dev/null 2>&1 &
tray_pid=$!
xdotool search --sync --class trayer >/dev/null

if [ -z "$dark_only" ]; then
for page in alerts settings; do
  "$app" --profile "$p" --page "$page" --size 1280x800 --screenshot "$out/$page.png"
done
# Each section of the Settings page, at 1280x800 and the ingest one at 1920x1080 too.
for section in delivery window sounds ingest quiet-hours escalation; do
  "$app" --profile "$p" --page "settings/$section" --size 1280x800 --screenshot "$out/settings-$section.png"
done
"$app" --profile "$p" --page settings/quiet-hours --size 1920x1080 --screenshot "$out/settings-quiet-hours-1920.png"
# The German translation (ui.language de, read at start).
"$cli" --profile "$p" settings set ui.language de >/dev/null
for section in ingest escalation; do
  "$app" --profile "$p" --page "settings/$section" --size 1280x800 --screenshot "$out/settings-$section-de.png"
done
"$cli" --profile "$p" settings set ui.language system >/dev/null
# The Spanish translation, chosen from the desktop's locale (ui.language system).
es() { LANG=es_ES.UTF-8 LC_ALL= LC_MESSAGES= LC_TIME= LC_NUMERIC= "$@"; }
es "$app" --profile "$p" --page alerts --size 1280x800 --screenshot "$out/alerts-es.png"
es "$app" --profile "$p" --page settings --size 1280x800 --screenshot "$out/settings-es.png"
for section in window ingest quiet-hours escalation; do
  es "$app" --profile "$p" --page "settings/$section" --size 1280x800 --screenshot "$out/settings-$section-es.png"
done
"$app" --profile "$p" --page alerts --size 1920x1080 --screenshot "$out/alerts-1920x1080.png"
"$app" --profile "$work/empty" --size 1280x800 --screenshot "$out/welcome.png"
fi

# A day of deliveries for the Channels page's charts: attempts over the last 24 hours, as the
# dispatcher records them (a busy desk, a relay that fails), written before the window opens.
# They belong to no alert of the table (the Alerts page shows only the alerts sent above).
python3 - "$p/history.db" <<'PY'
import random, sqlite3, sys, time
random.seed(7)
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
hour = 3600 * 1000
rows = []
def add(channel, finished, outcome, latency, error=''):
    rows.append((finished, channel, outcome, latency, error))
def insert(n, finished, channel, outcome, latency, error):
    status = 'delivered' if outcome == 'delivered' else 'failed'
    cur = db.execute("INSERT INTO deliveries (alert_id, channel, idempotency_key, status, attempts, next_attempt_at,"
                     " last_error, latency_ms, created_at, finished_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                     ('seed-history', channel, 'seed-%d' % n, status, finished, error, latency,
                      finished - latency, finished))
    db.execute("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, http_status, error,"
               " latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (cur.lastrowid, channel, finished - latency, finished, outcome,
                200 if outcome == 'delivered' else 503, error, latency))
for h in range(24, 0, -1):
    start = now - h * hour
    market = 1.0 if 6 <= (24 - h) % 24 <= 20 else 0.3
    for _ in range(int(random.randint(30, 70) * market)):
        slow = random.random() < 0.06
        add('trading-desk', start + random.randint(0, hour - 1), 'delivered',
            random.randint(180, 420) if slow else random.randint(38, 75))
    for _ in range(random.choice([0, 0, 0, 1, 2])):
        add('trading-desk', start + random.randint(0, hour - 1), 'failed', 10000, 'timeout after 10000 ms')
    if h <= 6:
        for _ in range(random.randint(2, 6)):
            add('ops-relay', start + random.randint(0, hour - 1), 'failed', random.randint(20, 60),
                'HTTP 503: {"error":"upstream unavailable"}')
# In the order they finished, as the dispatcher writes them.
for n, row in enumerate(sorted(rows)):
    insert(n, *row)
db.commit()
PY
# The Channels page with the selected channel's health and its last 24 hours, at both sizes.
if [ -z "$dark_only" ]; then
"$app" --profile "$p" --page channels --size 1280x800 --screenshot "$out/channels-health.png"
"$app" --profile "$p" --page channels --size 1920x1080 --screenshot "$out/channels-health-1920.png"
es "$app" --profile "$p" --page channels --size 1280x800 --screenshot "$out/channels-health-es.png"
fi
# The Dashboard over a trading day: alerts of every priority since midnight (a few from two
# threshold rules, some acknowledged a few minutes later), on top of the day of deliveries above.
python3 - "$p/history.db" <<'PY'
import datetime, random, sqlite3, sys, time, uuid
random.seed(11)
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
midnight = int(datetime.datetime.combine(datetime.date.today(), datetime.time()).timestamp() * 1000)
hour = 3600 * 1000
symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'NVDA', 'ES', '']
rules = ['btc-breakout', 'eth-drawdown', '']
for h in range(0, max(1, (now - midnight) // hour)):
    market = 1.0 if 8 <= h <= 20 else 0.35
    for _ in range(int(random.randint(6, 16) * market)):
        at = midnight + h * hour + random.randint(0, hour - 1)
        if at > now:
            continue
        p = random.choices(range(5), weights=[2, 6, 14, 20, 12])[0]
        sym = random.choices(symbols, weights=[30, 22, 12, 8, 5, 10])[0]
        rule = random.choices(rules, weights=[18, 10, 60])[0]
        state = random.choices([0, 1, 2, 3], weights=[30, 40, 5, 25])[0]
        aid = str(uuid.uuid4())
        db.execute("INSERT INTO alerts (id, type, priority, title, message, symbol, dedup_key, state, created_at,"
                   " updated_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (aid, p, '%s moved' % (sym or 'Book'), 'seeded (rule %s).' % rule if rule else 'seeded', sym,
                    'rule:' + rule if rule else '', state, at, at))
        if state == 1:
            db.execute("INSERT INTO alert_events (alert_id, at, from_state, to_state, source) VALUES (?, ?, 'open',"
                       " 'acknowledged', 'ui')", (aid, at + random.randint(30, 900) * 1000))
db.commit()
PY
if [ -z "$dark_only" ]; then
"$app" --profile "$p" --page dashboard --size 1280x800 --screenshot "$out/dashboard.png"
"$cli" --profile "$p" settings set ui.language de >/dev/null
"$app" --profile "$p" --page dashboard --size 1280x800 --screenshot "$out/dashboard-de.png"
"$cli" --profile "$p" settings set ui.language system >/dev/null
fi
# And in a dark theme (GTK's Adwaita dark through Qt's GTK platform theme).
QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark \
  "$app" --profile "$p" --page channels --size 1280x800 --screenshot "$out/channels-health-dark.png"

if [ -z "$dark_only" ]; then
# Two pictures need a user's keystrokes: a test send and the webhook dialog checking a URL.
# The window is found by polling (xdotool --sync); after the keystrokes a short settle lets
# the reply arrive and the window repaint before the picture.
settle() { xdotool sleep 0.8; }
shoot() { import -window root -crop 1280x800+0+0 +repage "$1"; }
"$app" --profile "$p" --page channels --size 1280x800 &
app_pid=$!
win=$(xdotool search --sync --onlyvisible --name '^AlertDesk —' | head -1)
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
settle
xdotool key ctrl+t
settle
shoot "$out/channels.png"
refocus() { xdotool windowfocus --sync "$win"; settle; }   # no window manager gives it back
# Add channel: Telegram chosen, a chat id that is not one: the message names the field.
xdotool key ctrl+n
settle
xdotool type --delay 20 'desk-telegram'
xdotool key shift+Tab Down Down Down Tab Tab   # kind: Telegram; back past the name to the token
xdotool type --delay 10 '123456789:AAF-example-token'
xdotool key Tab
xdotool type --delay 10 -- '-1001234567890'
xdotool key Return
xdotool type --delay 10 'desk'
settle
shoot "$out/add-channel.png"
xdotool key Escape
refocus
# Edit the selected channel (trading-desk): its secrets stay in the keychain, unseen.
xdotool key alt+e
settle
shoot "$out/edit-channel.png"
xdotool key Escape
refocus
# Add from an Apprise URL: the URL is a password field.
xdotool key alt+u
settle
xdotool type --delay 10 'tgram://123456789:AAF-example/-1001234567890'
xdotool key Tab Tab
xdotool type --delay 10 'alerts-bot'
settle
shoot "$out/add-from-url.png"
xdotool key Escape
kill "$app_pid"
wait "$app_pid" || true

"$app" --profile "$p" --page compose --size 1280x800 &
app_pid=$!
win=$(xdotool search --sync --onlyvisible --name '^AlertDesk —' | head -1)
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
settle
xdotool key Home Tab Up Tab   # type: Price; priority: HIGH; on to the title
xdotool type --delay 10 'BTC above 70,000'
xdotool key Tab
xdotool type --delay 10 'BTCUSDT'
xdotool key Tab
xdotool type --delay 10 'BTCUSDT crossed 70,000 on Binance (70,123.50).'
xdotool key Tab
xdotool type --delay 10 '{"price": 70123.5, "threshold": 70000, "condition": "crossing up"}'
settle
shoot "$out/compose.png"
kill "$app_pid"
wait "$app_pid" || true
fi

# Thresholds, the Compose preview and the template editor, on a profile of their own: a few
# rules (one has fired) and channels of several kinds, so the preview shows each rendering.
r="$work/rules"
"$cli" --profile "$r" channel add sms phone --account-sid AC0123456789abcdef0123456789abcdef \
  --auth-token demo-token --from +15557650002 --to +15557650003 >/dev/null
"$cli" --profile "$r" channel add email mail --smtp-host 127.0.0.1 --smtp-port 2525 --security none \
  --from 'Desk <alerts@example.com>' --to trader@example.com >/dev/null
"$cli" --profile "$r" channel add slack desk-slack --webhook-url https://hooks.slack.com/services/T0/B0/demo >/dev/null
"$cli" --profile "$r" channel add webhook sink --url "http://127.0.0.1:$port/hooks/rules" >/dev/null
rule() { "$cli" --profile "$r" rule add "$@" >/dev/null; }
rule btc-100k --metric BTCUSDT.price --when crossing-up --value 100000 --type PRICE --priority HIGH --channel desk-slack
rule eth-range --metric ETHUSDT.price --when leave-range --value 3000 --value2 3500 --cooldown 15m --type PRICE --priority MEDIUM
rule sol-pump --metric SOLUSDT.price --when moved-up --value 5 --window 1h --frequency once-per:4h --type PRICE --priority HIGH
rule daily-loss --metric pnl.daily --when below --value -2000 --type RISK --priority CRITICAL --expires 2027-03-31T00:00:00Z \
  --channel sink
rule bot-latency --metric bot.latency_ms --when above --value 750 --cooldown 5m --frequency every --type HEALTH --priority LOW
"$cli" --profile "$r" rule disable bot-latency >/dev/null
"$cli" --profile "$r" metric pnl.daily -1500 >/dev/null 2>&1 || true
"$cli" --profile "$r" metric pnl.daily -2150 >/dev/null 2>&1 || true
if [ -z "$dark_only" ]; then
es "$app" --profile "$r" --page thresholds --size 1280x800 --screenshot "$out/thresholds-es.png"
es "$app" --profile "$r" --page compose --size 1280x800 --screenshot "$out/compose-es.png"
fi
# Every page in the dark theme (ui.theme dark: Fusion with a dark palette), named -dark.
for prof in "$p" "$r" "$work/empty"; do "$cli" --profile "$prof" settings set ui.theme dark >/dev/null; done
for page in alerts channels thresholds compose settings dashboard; do
  prof=$p
  case $page in thresholds|compose) prof=$r ;; esac
  "$app" --profile "$prof" --page "$page" --size 1280x800 --screenshot "$out/$page-dark.png"
done
for section in delivery window sounds ingest quiet-hours escalation; do
  "$app" --profile "$p" --page "settings/$section" --size 1280x800 --screenshot "$out/settings-$section-dark.png"
done
"$app" --profile "$work/empty" --size 1280x800 --screenshot "$out/welcome-dark.png"
for prof in "$p" "$r" "$work/empty"; do "$cli" --profile "$prof" settings set ui.theme system >/dev/null; done
if [ -n "$dark_only" ]; then
  echo "dark screenshots in $out"
  exit 0
fi
open_app() {   # open_app PAGE SIZE: starts the window at the top left and focuses it
  "$app" --profile "$r" --page "$1" --size "$2" &
  app_pid=$!
  win=$(xdotool search --sync --onlyvisible --name '^AlertDesk —' | head -1)
  xdotool windowmove --sync "$win" 0 0
  xdotool windowfocus --sync "$win"
  settle
}
for size in 1280x800 1920x1080; do
  suffix=$([ "$size" = 1280x800 ] && echo "" || echo "-1920")
  shoot_size() { import -window root -crop "$size+0+0" +repage "$1"; }
  # The test panel: btc-100k (second row) from 99,800 to 100,250.5 would fire.
  open_app thresholds "$size"
  xdotool key Down
  xdotool key alt+l
  xdotool type --delay 10 '100250.5'
  xdotool key alt+p
  xdotool type --delay 10 '99800'
  settle
  shoot_size "$out/thresholds$suffix.png"
  if [ -z "$suffix" ]; then
    # Add rule: a value typed with a thousands separator; the CLI's own message names it.
    xdotool key alt+a
    settle
    xdotool type --delay 10 'eth-3k'
    xdotool key Tab
    xdotool type --delay 10 'ETHUSDT.price'
    xdotool key Tab Down Down Down Tab   # condition: crossing up
    xdotool type --delay 10 '3,000'
    settle
    shoot_size "$out/add-rule.png"
    xdotool key Escape
  fi
  kill "$app_pid"; wait "$app_pid" || true
  # Compose: every enabled channel's rendering of what is typed.
  open_app compose "$size"
  xdotool key Home Tab Up Tab
  xdotool type --delay 5 'BTC above 100,000'
  xdotool key Tab
  xdotool type --delay 5 'BTCUSDT'
  xdotool key Tab
  xdotool type --delay 5 'BTCUSDT crossed 100,000 on Binance (100,250.50).'
  xdotool key Tab
  xdotool type --delay 5 '{"price": 100250.5, "threshold": 100000}'
  settle
  shoot_size "$out/compose-preview$suffix.png"
  # The template editor from there: a message template with a misspelt field.
  xdotool key alt+e
  settle
  xdotool key ctrl+a
  xdotool type --delay 5 '{{priority_emoji}} {{symbol}} at {{data.price}}'
  xdotool key Tab ctrl+a
  xdotool type --delay 5 'Threshold {{data.threshold|n/a}} - {{mesage}}'
  settle
  shoot_size "$out/template-editor$suffix.png"
  xdotool key Escape
  kill "$app_pid"; wait "$app_pid" || true
done

# The tray: the open count on the icon, and a balloon for a HIGH alert handed to the window.
"$app" --profile "$p" --page alerts --size 1280x800 &
app_pid=$!
win=$(xdotool search --sync --onlyvisible --name '^AlertDesk —' | head -1)
xdotool windowmove --sync "$win" 640 250   # the tray is at the bottom right of the screen
settle
send --type PRICE --priority HIGH --title "ETH below 3,000" --message "ETHUSDT crossed 3,000 down (2,998.10)." \
  --symbol ETHUSDT --channel trading-desk
settle
shoot_at() { import -window root -crop 1280x800+640+280 +repage "$1"; }
shoot_at "$out/tray.png"
kill "$app_pid"
wait "$app_pid" || true

# Import .env: the file chosen in the file dialog, then the report.
cat > "$work/trading.env" <<ENV
TELEGRAM_NOTIFICATIONS_ENABLED=true
TELEGRAM_BOT_TOKEN=123456789:AAF-example
TELEGRAM_CHAT_IDS=-1001234567890
NOTIFICATION_MAX_RETRIES=4
SLACK_NOTIFICATIONS_ENABLED=true
SLACK_WEBHOOK_URLS=hooks.slack.com/services/missing-scheme
ENV
"$app" --profile "$p" --page channels --size 1280x800 &
app_pid=$!
win=$(xdotool search --sync --onlyvisible --name '^AlertDesk —' | head -1)
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
settle
xdotool key alt+i
settle
xdotool type --delay 5 "$work/trading.env"
xdotool key Return
settle
shoot "$out/import-report.png"
kill "$app_pid"
wait "$app_pid" || true
echo "screenshots in $out"
