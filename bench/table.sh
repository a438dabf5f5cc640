#!/usr/bin/env bash
# Prints a bench/results/*.json file as the table docs/performance.md quotes.
set -euo pipefail
jq -r '.machine as $m | "machine: \($m.nproc) cores \($m.cpu), \($m.memory), PostgreSQL \($m.postgresql), \($m.swift), \($m.build); commit \(.commit), \(.finished_at)\n"' "$1"
jq -r '
  def f: if type == "number" then (if . >= 100 then (. | round | tostring) else ((. * 100 | round) / 100 | tostring) end)
         elif type == "array" then map(f) | join(" ") else "-" end;
  .results as $r | ($r | keys_unsorted | sort_by(tonumber)) as $sizes |
  (["figure"] + ($sizes | map("target \(.)")) | join("|")),
  ([$sizes[] as $s | $r[$s] | keys_unsorted[]] | unique | .[] as $k |
    ([$k] + ($sizes | map($r[.][$k] | f))) | join("|"))
' "$1" | column -t -s '|'
