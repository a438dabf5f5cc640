#!/usr/bin/env bash
# make bench: issue 7's benchmarks, every figure from one run on this machine (docs/performance.md).
#
# For each size in BENCH_SIZES (events, approximate: the simulator is driven by days of history), on a
# throwaway PostgreSQL under $BENCH_DIR: simulate, ingest (timed), export the stored rows and \copy
# them into a fresh database with the same schema (the raw limit), ingest one long JSON Lines file
# (peak RSS against its size), process from an empty checkpoint
# (timed, peak RSS), time the report commands against plain SQL over the log, measure the
# projections' bytes against the log's, ingest and process three fixed 10k-event weeks one by one
# (incremental cost: the median), then `process --rebuild` and compare every projection's digest
# with the incremental one's. Then freshness on the largest size. Writes
# bench/results/<date>-<host>.json and prints a table (bench/table.sh): each figure beside the
# previous run's, then issue 24's targets (bench/targets.json), met or not. Exit 1 at the end when
# a rebuild differed from the incremental projections. First, serve's deliveries
# per second and freshness (bench/serve.sh; BENCH_ONLY=serve for those alone, a few minutes).
# BENCH_ONLY=ingest: only section 2 (ingest, its one long file, the raw \copy) at each size.
# Section 8, the cost of issue 22's privacy design: BENCH_BEFORE's release binary (default the
# commit before issue 22's first; BENCH_BEFORE=none skips it) ingests and processes the same files
# into a database of its own. BENCH_ONLY=before: sections 2, 3 and 8 alone.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"100000 1000000 10000000"}
DIR=${BENCH_DIR:-/tmp/civicpulse-bench}
BIN=${BENCH_BIN:-.build-release/release/civicpulse}
FRESH_COMMITS=${BENCH_FRESH_COMMITS:-200}
SQL_TIMEOUT=${BENCH_SQL_TIMEOUT:-60s}
ONE_FILE_LINES=${BENCH_ONE_FILE_LINES:-1000000}   # the one long file ingest's peak memory is measured on
FRESH_SIZE=${BENCH_FRESH_SIZE:-1000000}   # freshness is measured on this size (or the largest, when absent)
# The processor's peak RSS is compared with the first size of 1M events or more (issue 24: flat
# from 1M to 9.2M), or with the first size when none is that large.
RSS_FROM=$(for s in $SIZES; do if (( s >= 1000000 )); then echo "$s"; break; fi; done)
RSS_FROM=${RSS_FROM:-${SIZES%% *}}
# The parent of issue 22's first commit (d443654, `git log --reverse --grep='(issue 22)'`): the
# code before residents' text was sealed and their ids pseudonymised.
BEFORE=${BENCH_BEFORE-039dde5b37cdd93acee2188fbe5d70c4dc2d5e58}
bench/previous.sh --check   # a BENCH_PREVIOUS that is not one run stops the run before anything is measured
[[ $BEFORE == none || $BEFORE =~ ^[0-9A-Za-z][0-9A-Za-z._/^~-]*$ ]] || { echo "BENCH_BEFORE: '$BEFORE' is not a commit name" >&2; exit 64; }
# The sizes grow the length of history, not the council: one council of BENCH_SCALE (7.5: about
# 7,000 events and 20,000 response items a week, a large council) whose history ends on
# Sunday 2025-10-19 and starts as many days earlier as the size needs (100k: 2 weeks, 1M:
# 20 weeks, 10M: 3.8 years). The reports ask about the last week, which is the same at every size.
# Calibrated: scale 1.0 stored about 950 events a day (one flood included).
EVENTS_PER_DAY=${BENCH_EVENTS_PER_DAY:-950}
SCALE=${BENCH_SCALE:-7.5}
END=2025-10-20           # the first day after the simulated history
DELTA_START=2026-01-05   # after every size's simulated period: the deltas are new events
REPORT_FROM=2025-10-13 REPORT_TO=2025-10-19 REPORT_WEEK=2025-W42 AS_OF=2025-10-20T00:00:00Z

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)   # other work on the machine shows here
# The commit the binary was built from when the run started: one committed during a long run is not in it.
COMMIT=$(git rev-parse --short HEAD)
[[ -x $BIN ]] || { echo "build first: swift build -c release --scratch-path .build-release" >&2; exit 1; }
mkdir -p "$DIR" bench/results
export CIVICPULSE_HOME=$DIR/home CIVICPULSE_ACTOR_KEY=$(printf '7%.0s' {1..64})
eval "$($BIN db local start --dir "$DIR/pg" --port 5499)"
follower=
trap '[[ -n $follower ]] && kill $follower 2>/dev/null; $BIN db local stop --dir "$DIR/pg" >/dev/null 2>&1 || true' EXIT
RESULTS=$DIR/results.jsonl; : >"$RESULTS"
# Databases of an earlier run are dropped first: autovacuum still working through one of them is
# the likely reason the first sizes of two runs came out 20-40 % slower than in the runs around them.
for old in $(psql -qAt -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'bench\_%'"); do dropdb "$old"; done

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }
record() { echo "{\"size\": $1, \"name\": \"$2\", \"value\": $3}" >>"$RESULTS"; echo "  $2 = $3" >&2; }
q() { psql -qAt -v ON_ERROR_STOP=1 "$@"; }
fresh_db() { dropdb --if-exists "$1"; createdb "$1"; PGDATABASE=$1 $BIN db migrate -q >/dev/null; }
payloads() { find "$1" -type f \( -name '*.json' -o -name '*.jsonl' \) | sort; }
ingest_all() { payloads "$1" | xargs -n 2000 $BIN ingest -q >/dev/null 2>&1 || true; }
# Plain SQL as an analyst runs it, cut off at BENCH_SQL_TIMEOUT (a figure at the cut-off means "at least").
analyst_sql() { PGOPTIONS="-c statement_timeout=$SQL_TIMEOUT" q "$@"; }
# Median wall time in ms of 5 runs after a warm-up; a warm-up over 5 s is the figure itself.
median_ms() {
    local t=$(now); "$@" >/dev/null 2>&1 || true
    local first=$(echo "($(since "$t")) * 1000" | bc -l)
    if (( $(echo "$first > 5000" | bc) )); then printf '%.1f' "$first"; return; fi
    for _ in 1 2 3 4 5; do t=$(now); "$@" >/dev/null 2>&1 || true; echo "($(since "$t")) * 1000" | bc -l; done \
        | sort -n | sed -n 3p | xargs printf '%.1f'
}

simulate() { # out days scale seed start
    [[ -f $1/summary.txt ]] || $BIN simulate --org harbourside --days "$2" --scale "$3" --seed "$4" --start "$5" --out "$1" >/dev/null
}

# 6. Freshness: ingest commit → the question is in projections.response_items, one tweet a commit.
freshness() {
    $BIN process -q --follow >/dev/null 2>&1 & follower=$!
    sleep 1
    mkdir -p "$DIR/fresh"; : >"$DIR/fresh.ms"
    for i in $(seq 1 "$FRESH_COMMITS"); do
        id=$((7100000000000000000 + i)) file=$DIR/fresh/tweet-$i.json sent=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
        sed -e "s/@ID@/$id/" -e "s/@TIME@/$sent/" bench/fresh-tweet.json >"$file"
        $BIN ingest -q "$file" >/dev/null; t=$(now)
        # By the reports' (org, opened_at) index: by source_id alone each poll read the whole
        # table, 430 ms at 9.2M events, and timed the poll rather than the processor. The item's
        # platform id is its first message's, in the log (migration 156).
        until [[ -n $(q -c "SELECT 1 FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id
                            WHERE i.org = 'harbourside' AND i.opened_at = '$sent' AND e.source_id = '$id'") ]]; do :; done
        echo "($(since "$t")) * 1000" | bc -l >>"$DIR/fresh.ms"
    done
    kill $follower; wait $follower 2>/dev/null || true; follower=
    pct() { sort -n "$DIR/fresh.ms" | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p+0.999); if (i<1) i=1; printf "%.1f", a[i]}'; }
    record "$size" freshness_p50_ms "$(pct 0.5)"
    record "$size" freshness_p99_ms "$(pct 0.99)"
}

# 3b. The processor's raw limit, as \copy is ingest's: its read of the log with nothing done to the
# rows (bench/sql/process-read.sql), and the projections' final rows \copy'd into a fresh database of
# the same schema, each written once with nothing computed (the catch-up rewrites some: items after
# a cut, hourly counts, cuts). The limit takes the read and the writes as if they overlapped
# perfectly on the two cores, the larger of the two: generous to the processor's target.
# `response_items` alone is what any design that keeps an item per question must write.
PROJECTION_TABLES="conversation_messages conversation_settled conversation_horizons response_items response_rules later_replies conversation_cuts message_topics engagement_daily
                   account_metrics_daily hourly_counts spikes response_weeks youtube_comments youtube_videos"
process_limits() {
    local read_s write_s=0 items_s t table
    q -c "COPY ($(cat bench/sql/process-read.sql)) TO STDOUT" >/dev/null   # warm, as the catch-up left it
    t=$(now); q -c "COPY ($(cat bench/sql/process-read.sql)) TO STDOUT" >/dev/null; read_s=$(since "$t")
    fresh_db "${db}_raw"
    for table in $PROJECTION_TABLES; do
        q -c "\\copy projections.$table TO '$DIR/$table.copy'"
        t=$(now); PGDATABASE=${db}_raw q -c "\\copy projections.$table FROM '$DIR/$table.copy'"; t=$(since "$t")
        write_s=$(echo "$write_s + $t" | bc -l)
        [[ $table == response_items ]] && items_s=$t
        rm -f "$DIR/$table.copy"
    done
    dropdb "${db}_raw"
    local limit_s=$(echo "if ($read_s > $write_s) $read_s else $write_s" | bc -l)
    record "$size" process_read_floor_events_per_s "$(echo "$events / $read_s" | bc -l)"
    record "$size" process_write_floor_events_per_s "$(echo "$events / $write_s" | bc -l)"
    record "$size" process_items_floor_events_per_s "$(echo "$events / $items_s" | bc -l)"
    record "$size" process_raw_limit_events_per_s "$(echo "$events / $limit_s" | bc -l)"
    record "$size" process_vs_raw_limit "$(echo "$limit_s / $process_s" | bc -l)"
    record "$size" process_vs_read_floor "$(echo "$read_s / $process_s" | bc -l)"
}

# 3c. Bytes on disk after the catch-up and VACUUM (heap, TOAST, indexes) of the log as ingested and
# of every projection table: issue 24's target is the projections at most half the log's bytes.
stored_sizes() {
    local log projections count
    count=$(q -c "SELECT count(*) FROM civicpulse.events")
    log=$(q -c "SELECT pg_total_relation_size('civicpulse.events')")
    projections=$(q -c "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'projections' AND c.relkind IN ('r', 'm')")
    record "$size" log_bytes_per_event "$(echo "$log / $count" | bc -l)"
    record "$size" projection_bytes_per_event "$(echo "$projections / $count" | bc -l)"
    record "$size" projection_bytes_per_log_byte "$(echo "$projections / $log" | bc -l)"
}

# 4b. Rebuild equals incremental: after the incremental weeks, every projection table's digest
# (scripts/projection-digests, as scripts/rebuild-proof takes them), then `process --rebuild`
# (timed), then the digests again. A table that differs is named at the end and makes the run
# exit 1, after every figure is recorded.
rebuild_mismatches=
rebuild_check() {
    local t differing
    scripts/projection-digests >"$DIR/incremental-$size.md5"
    t=$(now); $BIN process -q --rebuild >/dev/null; record "$size" rebuild_s "$(since "$t")"
    scripts/projection-digests >"$DIR/rebuild-$size.md5"
    differing=$(diff "$DIR/incremental-$size.md5" "$DIR/rebuild-$size.md5" | awk '/^[<>]/ {print $2}' | sort -u) || true
    if [[ -z $differing ]]; then
        record "$size" rebuild_equals_incremental true
    else
        record "$size" rebuild_equals_incremental false
        record "$size" rebuild_differing_tables "$(jq -Rsc 'split("\n") | map(select(. != ""))' <<<"$differing")"
        rebuild_mismatches+="at $size events: $(paste -sd, <<<"$differing" | sed 's/,/, /g'); "
    fi
}

# 8. The privacy design's cost against BENCH_BEFORE's binary, built once into $DIR/before-<commit>
# from `git archive` of that commit (the checkout is left alone) and kept for the next run.
before_binary() {
    local commit
    commit=$(git rev-parse --verify --quiet "$BEFORE^{commit}") || { echo "BENCH_BEFORE: no commit '$BEFORE' in this clone" >&2; exit 64; }
    BEFORE_DIR=$DIR/before-$commit BEFORE_BIN=$DIR/before-$commit/build/release/civicpulse BEFORE_COMMIT=${commit:0:7}
    [[ -x $BEFORE_BIN ]] && return
    echo "== building $BEFORE_COMMIT's release binary in $BEFORE_DIR" >&2
    rm -rf "$BEFORE_DIR/src"; mkdir -p "$BEFORE_DIR/src"
    git archive "$commit" | tar -x -C "$BEFORE_DIR/src"
    swift build -c release --package-path "$BEFORE_DIR/src" --scratch-path "$BEFORE_DIR/build" >&2
}
# The log and the privacy tables beside it (none before issue 22), in bytes an event, as ingested.
stored_bytes_per_event() {
    q -c "SELECT sum(pg_total_relation_size(c.oid)) / (SELECT count(*) FROM civicpulse.events)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'r' AND (n.nspname = 'privacy' OR (n.nspname, c.relname) = ('civicpulse', 'events'))"
}
# Ingests the size's files with the before binary into ${db}_before; the ratios are the time an
# event costs now over what it cost before (above 1: the design costs that much more).
before_ingest() {
    local t s
    fresh_before=${db}_before
    dropdb --if-exists "$fresh_before"; createdb "$fresh_before"
    PGDATABASE=$fresh_before "$BEFORE_BIN" db migrate -q >/dev/null
    t=$(now); payloads "$sim" | PGDATABASE=$fresh_before xargs -n 2000 "$BEFORE_BIN" ingest -q >/dev/null 2>&1 || true; s=$(since "$t")
    before_events=$(PGDATABASE=$fresh_before q -c "SELECT count(*) FROM civicpulse.events")
    record "$size" before_events "$before_events"
    record "$size" before_ingest_events_per_s "$(echo "$before_events / $s" | bc -l)"
    record "$size" ingest_vs_before "$(echo "($ingest_s / $events) / ($s / $before_events)" | bc -l)"
    record "$size" stored_bytes_per_event "$(stored_bytes_per_event)"
    record "$size" before_stored_bytes_per_event "$(PGDATABASE=$fresh_before stored_bytes_per_event)"
    record "$size" bytes_per_event_vs_before "$(echo "$(stored_bytes_per_event) / $(PGDATABASE=$fresh_before stored_bytes_per_event)" | bc -l)"
}
before_process() {
    local t
    t=$(now); PGDATABASE=$fresh_before "$BEFORE_BIN" process -q >/dev/null; before_process_s=$(since "$t")
    record "$size" before_process_events_per_s "$(echo "$before_events / $before_process_s" | bc -l)"
    dropdb "$fresh_before"
}

# The results so far as bench/results/<date>-<host>.json, rewritten after every size; an earlier
# run's files of the same day are kept (-2, -3, … after the name), since it is the run to compare with.
out=${BENCH_OUT:-$(bench/results-name.sh)}
# With each figure, the previous run's value and its file (bench/previous.sh; BENCH_PREVIOUS=FILE to choose).
write_results() {
    jq -s --arg nproc "$(nproc)" --arg mem "$(free -g | awk '/Mem:/ {print $2 " GiB"}')" \
        --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
        --arg pg "$(q -c 'SHOW server_version')" --arg swift "$(swift --version 2>&1 | head -1)" \
        --arg build "$([[ $BIN == .build-release/release/civicpulse ]] && echo 'swift build -c release' || echo "BENCH_BIN=$BIN")" \
        --arg commit "$COMMIT" --arg when "$(date -u +%FT%TZ)" --arg load "$LOAD_BEFORE" \
        --arg load_after "$(cut -d' ' -f1-3 /proc/loadavg)" --arg before "${BEFORE_COMMIT:-}" '{
          machine: {nproc: ($nproc | tonumber), memory: $mem, cpu: $cpu, postgresql: $pg, swift: $swift,
                    build: $build, load_average_before: $load, load_average_now: $load_after},
          commit: $commit, finished_at: $when, before_commit: (if $before == "" then null else $before end),
          results: (group_by(.size) | map({key: (.[0].size | tostring), value: (map({key: .name, value: .value}) | from_entries)}) | from_entries)
        }' "$RESULTS" >"$out.new"
    mv "$out.new" "$out"
    jq --argjson previous "$(bench/previous.sh "$out")" '.previous = $previous' "$out" >"$out.new"
    mv "$out.new" "$out"
}

# 8's binary first: a commit that is not in the clone stops the run before anything is measured.
[[ -n $BEFORE && $BEFORE != none && ${BENCH_ONLY:-} != serve ]] && before_binary

# 7. serve: the deliveries per second it holds with nothing lost, and freshness with `process
# --follow` beside it, on a database of its own (bench/serve.sh). BENCH_ONLY=serve: only these.
if [[ ${BENCH_ONLY:-} != ingest && ${BENCH_ONLY:-} != before ]]; then
    fresh_db bench_serve
    PGDATABASE=bench_serve BENCH_BIN=$BIN BENCH_DIR=$DIR bench/serve.sh >&2
    cp "$DIR/serve.jsonl" "${out%.json}-serve.jsonl"
    dropdb bench_serve
    [[ ${BENCH_ONLY:-} == serve ]] && exit 0

    # Three January weeks of about 10k events each, processed one at a time after the history.
    DELTAS=()
    for week in 0 1 2; do
        DELTAS+=("$DIR/sim-delta-$week")
        simulate "$DIR/sim-delta-$week" 7 0.6 $((99 + week)) "$(date -u -d "$DELTA_START + $((7 * week)) days" +%F)"
    done
fi

for size in $SIZES; do
    echo "== $size events" >&2
    sim=$DIR/sim-$size-scale-$SCALE db=bench_$size
    days=$(echo "($size / ($SCALE * $EVENTS_PER_DAY) + 0.5) / 1" | bc)
    simulate "$sim" "$days" "$SCALE" 1 "$(date -u -d "$END - $days days" +%F)"
    record "$size" history_days "$days"
    fresh_db "$db"; export PGDATABASE=$db

    # 2. Ingest end to end, then the raw limit: the same rows \copy'd into the same table and indexes.
    t=$(now); ingest_all "$sim"; ingest_s=$(since "$t")
    events=$(q -c "SELECT count(*) FROM civicpulse.events")
    record "$size" events "$events"
    record "$size" ingest_events_per_s "$(echo "$events / $ingest_s" | bc -l)"
    # 2b. Ingest's peak memory against one file's size: the run's listening exports as one JSON
    # Lines file (at most ONE_FILE_LINES lines), into a database of its own so that every event is appended.
    { find "$sim" -path '*/listening/*.jsonl' -print0 | sort -z | xargs -0 cat | head -n "$ONE_FILE_LINES" >"$DIR/one-file.jsonl"; } || true
    fresh_db "${db}_one"
    PGDATABASE=${db}_one /usr/bin/time -f '%M' -o "$DIR/rss" $BIN ingest -q "$DIR/one-file.jsonl" >/dev/null || true
    record "$size" ingest_one_file_mb "$(echo "$(stat -c %s "$DIR/one-file.jsonl") / 1048576" | bc -l)"
    # GNU time writes "Command exited with non-zero status 3" first when records were quarantined.
    record "$size" ingest_one_file_peak_rss_mb "$(echo "$(tail -n 1 "$DIR/rss") / 1024" | bc -l)"
    dropdb "${db}_one"; rm -f "$DIR/one-file.jsonl"
    cols=$(q -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns
                 WHERE table_schema = 'civicpulse' AND table_name = 'events' AND column_name NOT IN ('position', 'tx_id')")
    q -c "\\copy (SELECT $cols FROM civicpulse.events ORDER BY position) TO '$DIR/rows.copy'"
    fresh_db "${db}_raw"
    t=$(now); PGDATABASE=${db}_raw q -c "\\copy civicpulse.events ($cols) FROM '$DIR/rows.copy'"; raw_s=$(since "$t")
    record "$size" raw_copy_events_per_s "$(echo "$events / $raw_s" | bc -l)"
    record "$size" ingest_vs_raw_copy "$(echo "$raw_s / $ingest_s" | bc -l)"
    record "$size" bytes_per_event "$(PGDATABASE=${db}_raw q -c "SELECT pg_total_relation_size('civicpulse.events') / count(*) FROM civicpulse.events")"
    dropdb "${db}_raw"; rm -f "$DIR/rows.copy"
    if [[ -n ${BEFORE_BIN:-} ]]; then
        before_ingest
        if [[ ${BENCH_ONLY:-} == ingest ]]; then dropdb "$fresh_before"; else before_process; fi
    fi
    if [[ ${BENCH_ONLY:-} == ingest ]]; then write_results; continue; fi

    # 3. Processor catch-up from an empty checkpoint; peak RSS from GNU time.
    t=$(now); /usr/bin/time -f '%M' -o "$DIR/rss" $BIN process -q >/dev/null; process_s=$(since "$t")
    record "$size" process_events_per_s "$(echo "$events / $process_s" | bc -l)"
    rss_mb=$(echo "$(cat "$DIR/rss") / 1024" | bc -l)
    record "$size" process_peak_rss_mb "$rss_mb"
    if (( size >= RSS_FROM )); then
        rss_from_mb=${rss_from_mb:-$rss_mb}
        record "$size" process_peak_rss_growth "$(echo "$rss_mb / $rss_from_mb" | bc -l)"
    fi
    process_limits
    [[ -n ${BEFORE_BIN:-} ]] && record "$size" process_vs_before "$(echo "($process_s / $events) / ($before_process_s / $before_events)" | bc -l)"
    if [[ ${BENCH_ONLY:-} == before ]]; then write_results; continue; fi
    # Reports are timed on a settled database, as on a normal day: vacuumed and analysed, and
    # with the writes of the load flushed (the first full runs timed them while the server and
    # the kernel were still writing the catch-up out, 40-70 ms slower than a minute later).
    q -c "VACUUM ANALYZE"; q -c "CHECKPOINT"; sync
    stored_sizes

    # 5. Report commands (process start, connect, query, print) against plain SQL over the log.
    record "$size" dashboard_ms "$(median_ms $BIN dashboard -q --from $REPORT_FROM --to $REPORT_TO)"
    record "$size" sla_ms "$(median_ms $BIN sla -q --as-of $AS_OF --to $REPORT_TO)"
    record "$size" reach_ms "$(median_ms $BIN reach -q --week $REPORT_WEEK)"
    record "$size" summary_ms "$(median_ms $BIN summary -q --week $REPORT_WEEK)"
    record "$size" dashboard_plain_sql_ms "$(median_ms analyst_sql -f bench/sql/dashboard.sql -v from=$REPORT_FROM -v to=$REPORT_TO)"
    record "$size" sla_plain_sql_ms "$(median_ms analyst_sql -f bench/sql/sla.sql -v as_of=$AS_OF)"
    record "$size" reach_plain_sql_ms "$(median_ms analyst_sql -f bench/sql/reach.sql -v from=$REPORT_FROM -v to=$REPORT_TO)"

    for report in dashboard sla reach; do
        record "$size" ${report}_plain_sql_vs_command "$(jq -rs --arg s "$size" --arg r "$report" \
            '(map(select(.size == ($s | tonumber))) | map({key: .name, value: .value}) | from_entries) as $f
             | $f[$r + "_plain_sql_ms"] / $f[$r + "_ms"]' "$RESULTS")"
    done

    # 4. Incremental: the same three weeks of ~10k new events after this history, one at a time
    # (the median of the three), against the same on the first size.
    for delta in "${DELTAS[@]}"; do
        ingest_all "$delta"
        t=$(now); $BIN process -q >/dev/null; since "$t"
    done >"$DIR/incremental.s"
    incremental_s=$(sort -n "$DIR/incremental.s" | sed -n 2p)
    record "$size" incremental_10k_s "$incremental_s"
    record "$size" incremental_10k_s_each "[$(paste -sd, "$DIR/incremental.s")]"
    first_incremental_s=${first_incremental_s:-$incremental_s}
    record "$size" incremental_vs_first_size "$(echo "$incremental_s / $first_incremental_s" | bc -l)"
    record "$size" incremental_events "$(( ($(q -c "SELECT count(*) FROM civicpulse.events") - events) / ${#DELTAS[@]} ))"
    rebuild_check
    if [[ $size == "$FRESH_SIZE" ]]; then freshness; fi
    write_results
done
[[ ${BENCH_ONLY:-} == ingest || ${BENCH_ONLY:-} == before || " $SIZES " == *" $FRESH_SIZE "* ]] || { export PGDATABASE=bench_${SIZES##* } size=${SIZES##* }; freshness; write_results; }

bench/table.sh "$out"
if [[ -n $rebuild_mismatches ]]; then
    echo "make bench: process --rebuild differs from the incremental projections ${rebuild_mismatches%; } (digests in $DIR/incremental-<size>.md5 and rebuild-<size>.md5)" >&2
    exit 1
fi
