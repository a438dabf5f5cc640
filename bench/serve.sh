#!/usr/bin/env bash
# make bench, serve (docs/performance.md, "serve"): `civicpulse serve` and `process --follow` on
# the database PG* names, signed Page deliveries posted on 127.0.0.1 at each rate of
# BENCH_SERVE_RATES for BENCH_SERVE_SECONDS each (bench/serve-load.py). Prints one JSON line per
# rate, then the figures: the highest rate held with nothing refused or lost, and freshness (a
# delivery's 200 until its item is in the read model) at BENCH_SERVE_TARGET deliveries/s,
# against the issue's targets. Writes the lines to $BENCH_DIR/serve.jsonl.
#
# Bounded: each rate sends rate x seconds deliveries and no more (120 s at most), and waits at
# most 30 s for the read model after it. Only 127.0.0.1 is ever a target.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BENCH_BIN:-.build-release/release/civicpulse}
DIR=${BENCH_DIR:-/tmp/civicpulse-bench}
SECONDS_EACH=${BENCH_SERVE_SECONDS:-20}
RATES=${BENCH_SERVE_RATES:-"50 100 250 500 1000"}
TARGET=${BENCH_SERVE_TARGET:-500}
TARGET_P99_MS=1000
[[ -x $BIN ]] || { echo "build first: swift build -c release --scratch-path .build-release" >&2; exit 1; }
mkdir -p "$DIR"

# A throwaway secret, made here and never printed: serve checks the load's signatures with it.
CIVICPULSE_META_APP_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
export CIVICPULSE_META_APP_SECRET
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

serve= follower=
stop() {
    [[ -n $serve ]] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
    [[ -n $follower ]] && kill "$follower" 2>/dev/null && wait "$follower" 2>/dev/null
    serve= follower=
}
trap stop EXIT
"$BIN" serve -q --listen "127.0.0.1:$port" --archive "$DIR/serve-archive" >/dev/null 2>"$DIR/serve.log" & serve=$!
for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$serve" 2>/dev/null || { echo "serve stopped:" >&2; cat "$DIR/serve.log" >&2; exit 1; }
    sleep 0.2
done
# Once serve has brought the schema up to date.
"$BIN" process -q --follow >/dev/null 2>"$DIR/follow.log" & follower=$!
sleep 1

results=$DIR/serve.jsonl; : >"$results"
run=$(( $(date +%s) % 9000 ))
for rate in $RATES; do
    run=$((run + 1))
    python3 bench/serve-load.py --port "$port" --rate "$rate" --seconds "$SECONDS_EACH" --run "$run" | tee -a "$results"
done
stop

# Held: every delivery answered 200, none lost, and the 200s kept up with the rate (95 %).
held=$(jq -s '[.[] | select(.answered_200 == .sent and .lost == 0 and .acknowledged_per_s >= 0.95 * .rate) | .rate] | max // 0' "$results")
jq -rs --argjson target "$TARGET" --argjson p99 "$TARGET_P99_MS" --argjson held "$held" '
    (map(select(.rate == $target)) | first) as $t |
    "serve kept up with \($held) deliveries/s offered, nothing refused or lost (\($held / $target * 100 | round) % of the \($target)/s target)",
    "at most \(map(select(.lost == 0)) | map(.acknowledged_per_s) | max) deliveries/s acknowledged in a run with nothing lost",
    "lost, every rate: \(map(.lost) | add); refused 503: \(map(.answered_503) | add)",
    if $t == null then "no run at \($target)/s: no freshness figure" else
    "at \($target)/s: freshness p50 \($t.freshness_p50_ms) ms, p99 \($t.freshness_p99_ms) ms (\($t.freshness_p99_ms / $p99 * 100 | round) % of the 1 s target; \($t.freshness_samples) items, \($t.freshness_late) late); 200 latency p50 \($t.latency_p50_ms) ms, p99 \($t.latency_p99_ms) ms" end
' "$results"
