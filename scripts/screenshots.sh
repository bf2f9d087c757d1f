#!/usr/bin/env bash
# Takes the screenshots in packaging/screenshots/ (AppStream metadata, README): a profile with a
# few channels (served by a small webhook sink on 127.0.0.1) and alerts, one picture per page
# at 1280x800 (the Channels page with a day of seeded deliveries for its charts, also at
# 1920x1080), the welcome page of an empty profile, the channel dialogs (add, edit, Apprise
# URL, .env import report) and the tray (icon with the open count, a balloon). A small system
# tray (trayer) runs on the X server for the tray pictures.
# Usage: scripts/screenshots.sh [BUILD_DIR] [OUT_DIR]   (runs itself inside with-test-services.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
out=${2:-packaging/screenshots}
if [ -z "${ALERTDESK_TEST_SERVICES:-}" ]; then
  exec scripts/with-test-services.sh "$0" "$build" "$out"
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

trayer --SetDockType false --expand false --transparent false --edge bottom --align right >/dev/null 2>&1 &
tray_pid=$!
xdotool search --sync --class trayer >/dev/null

for page in alerts settings; do
  "$app" --profile "$p" --page "$page" --size 1280x800 --screenshot "$out/$page.png"
done
"$app" --profile "$work/empty" --size 1280x800 --screenshot "$out/welcome.png"

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
"$app" --profile "$p" --page channels --size 1280x800 --screenshot "$out/channels-health.png"
"$app" --profile "$p" --page channels --size 1920x1080 --screenshot "$out/channels-health-1920.png"
# And in a dark theme (GTK's Adwaita dark through Qt's GTK platform theme).
QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark \
  "$app" --profile "$p" --page channels --size 1280x800 --screenshot "$out/channels-health-dark.png"

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
