#!/bin/sh
# Benchmarks printing ratios from one run (issue 5, acceptance item 4).
#   1. `qmp bench` against qemu-storage-daemon vs a plain-socket client
#      (Python, the method of ../shared/corpus/qmp-transcripts) against it: >= 0.95
#   2. `qmp bench` against `qmp serve` vs against qemu-storage-daemon: >= 10
#   3. pipelined against `qmp serve`: >= 200,000 commands/s
# Usage: sh qmp/benches/ratios.sh [COUNT]   (from the project root; builds release)
# Each figure is the median of ROUNDS (default 5) interleaved rounds; each
# ratio is the median of the ratios of the rounds, which pairs figures taken
# moments apart (the machine's speed drifts between rounds).  All come from
# this one run.
set -eu
N=${1:-20000}
cargo build -q --release -p qmp-cli
QMP=${CARGO_TARGET_DIR:-target}/release/qmp
DIR=$(mktemp -d)
QSD_PID= ; SERVE_PID=
cleanup() {
    [ -n "$QSD_PID" ] && kill "$QSD_PID" 2>/dev/null || true
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
wait_sock() { i=0; while [ ! -S "$1" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; }

qemu-storage-daemon --chardev "socket,id=m0,path=$DIR/qsd.sock,server=on,wait=off" --monitor chardev=m0 &
QSD_PID=$!
"$QMP" serve --socket "$DIR/serve.sock" &
SERVE_PID=$!
wait_sock "$DIR/qsd.sock"; wait_sock "$DIR/serve.sock"

plain_run() {
python3 - "$DIR/qsd.sock" "$N" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rb')
f.readline(); s.sendall(b'{"execute":"qmp_capabilities"}\n'); f.readline()
n = int(sys.argv[2]); t = time.perf_counter()
for _ in range(n):
    s.sendall(b'{"execute":"query-version"}\n'); f.readline()
print(int(n / (time.perf_counter() - t)))
PY
}
rate() { "$QMP" bench "$@" | tail -n 1 | sed 's/^rt\/s: //'; }
ROUNDS=${ROUNDS:-5}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
# RUNS interleaved rounds (other load on the machine hits every measurement
# alike); each figure is the median of its rounds, as in the transcripts'
# method.
P= ; Q= ; S= ; L=
for _ in $(seq "$ROUNDS"); do
    P="$P $(plain_run)"
    Q="$Q $(rate --socket "$DIR/qsd.sock" --count "$N")"
    S="$S $(rate --socket "$DIR/serve.sock" --count "$N")"
    L="$L $(rate --socket "$DIR/serve.sock" --count $((N * 10)) --pipeline 256)"
done
echo "rounds: plain [$P ] qmp->qsd [$Q ] qmp->serve [$S ] pipelined [$L ]"
plain=$(median $P); qmp_qsd=$(median $Q); qmp_serve=$(median $S); qmp_pipe=$(median $L)

echo "plain socket -> qemu-storage-daemon:  $plain rt/s"
echo "qmp bench    -> qemu-storage-daemon:  $qmp_qsd rt/s"
echo "qmp bench    -> qmp serve:            $qmp_serve rt/s"
echo "qmp bench --pipeline 256 -> qmp serve: $qmp_pipe commands/s"
python3 - "$P" "$Q" "$S" "$qmp_pipe" <<'PY'
import statistics, sys
plain, qsd, serve = ([float(x) for x in a.split()] for a in sys.argv[1:4])
pipe = float(sys.argv[4])
def paired(a, b):
    return statistics.median(x / y for x, y in zip(a, b))
def line(name, value, goal, ok):
    print(f"{name}: {value:.2f} (goal {goal}) {'ok' if ok else 'BELOW GOAL'}")
r1 = paired(qsd, plain)
r2 = paired(serve, qsd)
print(f"(ratios of the medians: {statistics.median(qsd) / statistics.median(plain):.2f}, "
      f"{statistics.median(serve) / statistics.median(qsd):.2f})")
line("ratio qmp/plain against qemu-storage-daemon", r1, ">= 0.95", r1 >= 0.95)
line("ratio qmp serve / qemu-storage-daemon", r2, ">= 10", r2 >= 10)
line("pipelined commands/s against qmp serve", pipe, ">= 200000", pipe >= 200000)
PY
