#!/usr/bin/env bash
# A render job of a sharded run of preuve's reusable workflow: render shard I/N of the plan into
# the shard folder DIR (uploaded for the merge job). It needs no output/: the plan says what to render.
# Usage: preuve ci shard I/N PLAN [DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ "$#" -ge 2 ] || { echo "usage: preuve ci shard I/N PLAN [DIR]" >&2; exit 2; }
shard="$1"
plan="$2"
dir="${3:-shard}"

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"${preuve[@]}" build --shard "$shard" --plan "$plan" --out "$dir" --json > "$report"

summary="shard ${shard} of output/$(field "$report" version): $(field "$report" rendered) document(s) rendered"
echo "$summary"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '### Evidence %s\n\n%s.\n' "shard ${shard}" "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
