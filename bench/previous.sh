#!/usr/bin/env bash
# bench/previous.sh RUN.json: for each size and figure of a bench run, the previous run's value of
# that figure and the file it came from, as JSON {"<size>": {"<figure>": {"file": …, "value": …}}}.
#
# The previous run is, per size and figure, the newest other run in BENCH_RESULTS (default
# bench/results) that holds that figure at that size and finished before this one ("newest" by
# the files' own finished_at: a checkout gives every file the same mtime). Per figure, because
# partial runs (BENCH_ONLY=ingest, one size alone) hold some figures only: the 1M column of a
# 100k run compares with nothing, not with a zero. Files that are not one run (the
# alternated-runs arrays, serve's .jsonl) are not runs to compare with. BENCH_PREVIOUS=FILE
# compares with that one file instead, whatever its date.
# bench/previous.sh --check: only whether BENCH_PREVIOUS, when set, names one run (exit 64 if not).
set -euo pipefail
run=${1:?usage: bench/previous.sh RUN.json | --check}
if [[ -n ${BENCH_PREVIOUS:-} ]]; then
    [[ -r $BENCH_PREVIOUS ]] || { echo "BENCH_PREVIOUS: cannot read '$BENCH_PREVIOUS'" >&2; exit 64; }
    jq -e 'type == "object" and (.results | type) == "object"' "$BENCH_PREVIOUS" >/dev/null 2>&1 \
        || { echo "BENCH_PREVIOUS: '$BENCH_PREVIOUS' is not one bench run (an object with results)" >&2; exit 64; }
    BENCH_PREVIOUS=$(realpath "$BENCH_PREVIOUS")
fi
[[ $run != --check ]] || exit 0
[[ -r $run ]] || { echo "bench/previous.sh: cannot read the run '$run'" >&2; exit 64; }
run=$(realpath "$run")
[[ -z ${BENCH_RESULTS:-} ]] || BENCH_RESULTS=$(realpath "$BENCH_RESULTS")
cd "$(dirname "$0")/.."
results=${BENCH_RESULTS:-bench/results}
candidates=()
if [[ -n ${BENCH_PREVIOUS:-} ]]; then
    candidates=("$BENCH_PREVIOUS")
else
    shopt -s nullglob
    for file in "$results"/*.json; do [[ $(realpath "$file") == "$run" ]] || candidates+=("$file"); done
fi

jq -nc --slurpfile run "$run" --arg chosen "${BENCH_PREVIOUS:+yes}" --arg root "$PWD/" '
  $run[0] as $this |
  [inputs | select(type == "object" and (.results | type) == "object")
   | {file: (input_filename | ltrimstr($root)), finished: (.finished_at // ""), results}
   | select($chosen == "yes" or ($this.finished_at == null) or (.finished < $this.finished_at))]
  | sort_by(.finished) | reverse as $older |
  $this.results | with_entries(.key as $size | .value |= with_entries(
      .key as $figure
      | .value = first($older[] | select(.results[$size][$figure] != null)
                       | {file, value: .results[$size][$figure]})
      | select(.value != null)))
' "${candidates[@]}" </dev/null
