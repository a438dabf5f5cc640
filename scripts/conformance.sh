#!/usr/bin/env bash
# Runs every shared sample payload through `civicpulse inspect --strict` and reports per file what
# CivicPulse made of it. Fails when a supported file is quarantined in part, unrecognised,
# unreadable or crashes the reader; platform error responses are recognised and pass.
#
#   scripts/conformance.sh [FOLDER…]    FOLDERs under ../shared/samples (default: twitter-v2 twitter-v1 facebook youtube)
#
# Environment: CIVICPULSE (the binary; default: build and use .build/debug/civicpulse),
# CIVICPULSE_PIPELINE (the pipeline config; default pipelines/example-council.yaml),
# CIVICPULSE_SAMPLES (the shared samples; default ../shared/samples beside the clone).
set -u

root="$(cd "$(dirname "$0")/.." && pwd)"
samples="${CIVICPULSE_SAMPLES:-$root/../shared/samples}"
if [ ! -d "$samples" ]; then
    echo "conformance: ../shared/samples not found; skipping"
    exit 0
fi
cd "$root" || exit 2

supported=(twitter-v2 twitter-v1 facebook youtube)
if [ "$#" -gt 0 ]; then folders=("$@"); else folders=("${supported[@]}"); fi

is_supported() {
    local candidate
    for candidate in "${supported[@]}"; do [ "$candidate" = "$1" ] && return 0; done
    return 1
}
is_selected() {
    local candidate
    for candidate in "${folders[@]}"; do [ "$candidate" = "$1" ] && return 0; done
    return 1
}

if [ -n "${CIVICPULSE:-}" ]; then
    binary="$CIVICPULSE"
else
    swift build --product civicpulse >/dev/null 2>&1 || { echo "conformance: swift build failed"; swift build --product civicpulse 2>&1 | tail -20; exit 2; }
    binary="$root/.build/debug/civicpulse"
fi

failures=0
checked=0
printf '%-6s %-66s %s\n' "RESULT" "FILE" "WHAT CIVICPULSE MADE OF IT"
for folder in "${folders[@]}"; do
    if ! is_supported "$folder"; then
        echo "$folder: not a social platform source; skipped"
        continue
    fi
    if [ ! -d "$samples/$folder" ]; then
        echo "$folder: no such folder under ../shared/samples"
        failures=$((failures + 1))
        continue
    fi
    for file in "$samples/$folder"/*.json; do
        [ -e "$file" ] || continue
        checked=$((checked + 1))
        output="$("$binary" inspect --strict "$file" 2>&1)"
        status=$?
        summary="$(printf '%s\n' "$output" | head -n 1)"
        summary="${summary#"$file": }"
        if [ "$status" -eq 0 ]; then result="ok"; else result="FAIL"; failures=$((failures + 1)); fi
        [ "$status" -gt 1 ] && summary="exit status $status: $summary"
        printf '%-6s %-66s %s\n' "$result" "$folder/$(basename "$file")" "$summary"
        if [ "$status" -ne 0 ]; then printf '%s\n' "$output" | tail -n +2 | sed 's/^/         /'; fi
    done
done

# Folders present in the samples that this run does not cover.
for path in "$samples"/*/; do
    folder="$(basename "$path")"
    is_selected "$folder" && continue
    if is_supported "$folder"; then
        echo "$folder: not selected this run; skipped"
    else
        echo "$folder: not a social platform source; skipped"
    fi
done

if [ "$failures" -gt 0 ]; then
    echo "conformance: $failures of $checked files failed"
    exit 1
fi
echo "conformance: all $checked files passed"
