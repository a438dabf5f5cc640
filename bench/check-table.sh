#!/usr/bin/env bash
# make test's check of bench/table.sh and bench/previous.sh on hand-made runs (no bench run, jq
# only): each figure beside the newest earlier run that holds it at that size, this ÷ previous,
# "-" where no run holds it, BENCH_PREVIOUS choosing the run, the targets block, the previous
# values and files the results record, a BENCH_PREVIOUS that is no run refused, and the name a
# run writes to kept clear of an earlier run's files (bench/results-name.sh). Exit 1 with a
# diff when the table is not the one worked out by hand below.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/civicpulse-check-table.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export BENCH_RESULTS=$dir
unset BENCH_PREVIOUS

run() { # file finished_at results
    printf '{"machine": {"nproc": 2, "cpu": "C", "memory": "1 GiB", "postgresql": "15", "swift": "S", "build": "B"},
             "commit": "abc1234", "finished_at": "%s", "results": %s}\n' "$2" "$3" >"$dir/$1"
}
run a-oldest.json 2026-01-01T00:00:00Z '{"100": {"process_events_per_s": 20000, "sla_ms": 150}}'
run b-older.json 2026-01-02T00:00:00Z '{"100": {"process_events_per_s": 40000}, "1000": {"process_events_per_s": 30000}}'
run c-this.json 2026-01-03T00:00:00Z '{"100": {"process_events_per_s": 50000, "sla_ms": 300, "rebuild_equals_incremental": true},
                                       "1000": {"process_events_per_s": 60000, "rebuild_equals_incremental": false}}'
run d-newer.json 2026-01-04T00:00:00Z '{"100": {"process_events_per_s": 1, "sla_ms": 1}}'
echo '[{"finished_at": "2026-01-02T12:00:00Z", "results": {"100": {"sla_ms": 1}}}]' >"$dir/e-alternated.json"

status=0
# The table after its machine line, as far as the expected lines go, against them.
check() { # what, expected (stdin), command…
    local what=$1; shift
    cat >"$dir/expected"
    if ! diff -u "$dir/expected" <("$@" 2>&1 | sed 1d | head -n "$(wc -l <"$dir/expected")") >"$dir/diff"; then
        echo "bench/check-table.sh: $what:"; cat "$dir/diff"; status=1
    fi
}
bench_table() { "$bench/table.sh" "$dir/c-this.json"; }
# process_events_per_s at 100: b's 40000 (the newest earlier run holding it; d is later), 50000 / 40000 = 1.25;
# sla_ms at 100: a's 150 (b has none, e is no run), 2; at 1000: b's 30000, 2.
check "previous = the newest earlier run holding the figure" bench_table <<'EOF'
previous at 100: a-oldest.json (1), b-older.json (1)
previous at 1000: b-older.json (1)

figure                      target 100  previous  ratio  target 1000  previous  ratio
process_events_per_s        50000       40000     1.25   60000        30000     2
rebuild_equals_incremental  true        -         -      false        -         -
sla_ms                      300         150       2      -            -         -

targets (issue 24)                    target 100     target 1000
process_events_per_s >= 60000         50000 NOT met  60000 met
process_vs_read_floor >= 0.35         -              -
process_peak_rss_growth <= 1.25       -              -
projection_bytes_per_log_byte <= 0.5  -              -
ingest_vs_raw_copy >= 0.8             -              -
incremental_vs_first_size <= 1.5      -              -
dashboard_ms < 200                    -              -
sla_ms < 200                          300 NOT met    -
reach_ms < 200                        -              -
summary_ms < 200                      -              -
freshness_p99_ms < 1000               -              -
rebuild_equals_incremental = true     true met       false NOT met
EOF
# BENCH_PREVIOUS=a: 50000 / 20000 = 2.5, 300 / 150 = 2; a has no size 1000.
check "BENCH_PREVIOUS chooses the run" env BENCH_PREVIOUS="$dir/a-oldest.json" "$bench/table.sh" "$dir/c-this.json" <<'EOF'
previous at 100: a-oldest.json (2)
previous at 1000: none

figure                      target 100  previous  ratio  target 1000  previous  ratio
process_events_per_s        50000       20000     2.5    60000        -         -
rebuild_equals_incremental  true        -         -      false        -         -
sla_ms                      300         150       2      -            -         -
EOF
# What make bench records in the results as previous, for the same runs.
check_line() { # what, expected, command…
    local what=$1 expected=$2 got; shift 2
    got=$("$@" 2>&1) || true
    [[ $got == "$expected" ]] || { echo "bench/check-table.sh: $what: got '$got', expected '$expected'"; status=1; }
}
check_line "the results' previous" '{"100":{"process_events_per_s":{"file":"'"$dir"'/b-older.json","value":40000},"sla_ms":{"file":"'"$dir"'/a-oldest.json","value":150}},"1000":{"process_events_per_s":{"file":"'"$dir"'/b-older.json","value":30000}}}' \
    "$bench/previous.sh" "$dir/c-this.json"
# A BENCH_PREVIOUS that is not one run: one line, exit 64, before anything is measured.
check_line "BENCH_PREVIOUS not a run" "BENCH_PREVIOUS: '$dir/e-alternated.json' is not one bench run (an object with results)"$'\n'64 \
    sh -c 'BENCH_PREVIOUS="$1" "$2" --check; echo $?' - "$dir/e-alternated.json" "$bench/previous.sh"
# The name a run writes to: the day's first free name, a name taken by either of a run's files.
day=$(date -u +%Y-%m-%d)-$(uname -n | cut -d. -f1)
check_line "the first run's name" "$dir/$day.json" "$bench/results-name.sh"
touch "$dir/$day-serve.jsonl"
check_line "a name whose serve figures are kept" "$dir/$day-2.json" "$bench/results-name.sh"
touch "$dir/$day-2.json"
check_line "a name whose results are kept" "$dir/$day-3.json" "$bench/results-name.sh"
exit $status
