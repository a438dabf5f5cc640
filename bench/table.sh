#!/usr/bin/env bash
# Prints a bench/results/*.json file as the table docs/performance.md quotes: each size's figures
# beside the previous run's (bench/previous.sh; BENCH_PREVIOUS=FILE to choose it) and this ÷
# previous, then issue 24's targets (bench/targets.json), each with its figure per size and
# whether it is met.
set -euo pipefail
run=${1:?usage: bench/table.sh RUN.json}
previous=$("$(dirname "$0")/previous.sh" "$run")
targets=$(dirname "$0")/targets.json
# A figure as the table prints it: whole numbers from 100, two decimals below, "-" when absent.
format='def f: if type == "number" then (if (. | fabs) >= 100 then (. | round | tostring) else ((. * 100 | round) / 100 | tostring) end)
               elif type == "array" then map(f) | join(" ") elif type == "boolean" or type == "string" then tostring else "-" end;'

jq -r '.machine as $m | "machine: \($m.nproc) cores \($m.cpu), \($m.memory), PostgreSQL \($m.postgresql), \($m.swift), \($m.build); commit \(.commit), \(.finished_at)"' "$run"
jq -r --argjson previous "$previous" '
  .results | keys_unsorted | sort_by(tonumber)[] as $size
  | ($previous[$size] // {} | [.[].file] | group_by(.) | map("\(.[0] | split("/") | last) (\(length))") | join(", ")) as $files
  | "previous at \($size): \(if $files == "" then "none" else $files end)"
' "$run"
echo
jq -r --argjson previous "$previous" "$format"'
  def ratio($this; $before): if ($this | type) == "number" and ($before | type) == "number" and $before != 0
                             then $this / $before | f else "-" end;
  .results as $r | ($r | keys_unsorted | sort_by(tonumber)) as $sizes |
  (["figure"] + ($sizes | map("target \(.)", "previous", "ratio")) | join("|")),
  ([$sizes[] as $s | $r[$s] | keys_unsorted[]] | unique | .[] as $k |
    ([$k] + ($sizes | map(. as $s | $r[$s][$k] as $this | $previous[$s][$k].value as $before
                          | ($this | f), ($before | f), ratio($this; $before)))) | join("|"))
' "$run" | column -t -s '|'
echo
jq -r --slurpfile targets "$targets" "$format"'
  def met($t): if . == null then "-"
               elif $t.at_least != null then (if . >= $t.at_least then "met" else "NOT met" end)
               elif $t.at_most != null then (if . <= $t.at_most then "met" else "NOT met" end)
               elif $t.below != null then (if . < $t.below then "met" else "NOT met" end)
               else (if . == $t.equals then "met" else "NOT met" end) end;
  .results as $r | ($r | keys_unsorted | sort_by(tonumber)) as $sizes |
  (["targets (issue 24)"] + ($sizes | map("target \(.)")) | join("|")),
  ($targets[0][] as $t |
    (["\($t.figure) \($t.target)"] + ($sizes | map($r[.][$t.figure] as $v | if $v == null then "-" else "\($v | f) \($v | met($t))" end))) | join("|"))
' "$run" | column -t -s '|'
