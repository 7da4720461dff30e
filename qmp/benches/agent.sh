#!/bin/sh
# Guest agent benchmark: sequential guest-ping round trips to a real
# qemu-ga, `qmp bench --guest-agent` (the blocking guest agent client)
# vs a plain-socket client (Python: one request line, one readline) in the
# same run.  Goal: ratio >= 0.95.
# Usage: sh qmp/benches/agent.sh [COUNT]  (COUNT pings per round, default 5000)   (from the project root; builds release)
# ROUNDS (default 15) short interleaved rounds; the ratio is the median of
# the rounds' own ratios.  qemu-ga answers a ping in ~20 us, so a round's
# figure swings with any other load on the machine (10k-48k rt/s for either
# client on a loaded 2-core VM): many short rounds pair figures taken
# moments apart.
set -eu
N=${1:-5000}
cargo build -q --release -p qmp-cli
QMP=${CARGO_TARGET_DIR:-target}/release/qmp
GA=$(command -v qemu-ga || echo /usr/sbin/qemu-ga)
DIR=$(mktemp -d)
GA_PID=
cleanup() {
    [ -n "$GA_PID" ] && kill "$GA_PID" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
# the agent runs on this machine: refuse the power commands
"$GA" -b guest-shutdown,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid \
    -m unix-listen -p "$DIR/qga.sock" -t "$DIR" -f "$DIR/qga.pid" &
GA_PID=$!
i=0; while [ ! -S "$DIR/qga.sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done

plain_run() {
python3 - "$DIR/qga.sock" "$N" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rb')
s.sendall(b'\xff{"execute":"guest-sync-delimited","arguments":{"id":4242}}\n')
while b'4242' not in f.readline():
    pass
n = int(sys.argv[2]); t = time.perf_counter()
for _ in range(n):
    s.sendall(b'{"execute":"guest-ping"}\n'); f.readline()
print(int(n / (time.perf_counter() - t)))
PY
}
rate() { "$QMP" bench --guest-agent --socket "$DIR/qga.sock" --count "$N" | tail -n 1 | sed 's/^rt\/s: //'; }
ROUNDS=${ROUNDS:-15}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
P= ; Q=
for _ in $(seq "$ROUNDS"); do
    P="$P $(plain_run)"
    Q="$Q $(rate)"
done
echo "rounds: plain [$P ] qmp [$Q ]"
echo "plain socket   -> qemu-ga: $(median $P) rt/s"
echo "qmp bench --guest-agent -> qemu-ga: $(median $Q) rt/s"
python3 - "$P" "$Q" <<'PY'
import statistics, sys
plain, ours = ([float(x) for x in a.split()] for a in sys.argv[1:3])
r = statistics.median(x / y for x, y in zip(ours, plain))
print(f"ratio qmp/plain against qemu-ga: {r:.2f} (goal >= 0.95) {'ok' if r >= 0.95 else 'BELOW GOAL'}")
PY
