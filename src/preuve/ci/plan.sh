#!/usr/bin/env bash
# The planning job of a sharded run of preuve's reusable workflow: check the records, then plan
# the build split in N shards into DIR/plan.json (uploaded for the render jobs). output/ comes
# from the Actions cache: documents an earlier version holds are in no shard, the merge job
# copies them from the same cache. Gives the workflow the version and the matrix of shard numbers.
# Usage: preuve ci plan N [DIR]      PREUVE_STRICT=false: warnings do not fail the check.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ "$#" -ge 1 ] || { echo "usage: preuve ci plan N [DIR]" >&2; exit 2; }
shards="$1"
dir="${2:-plan}"

check_records
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"${preuve[@]}" build --plan-shards "$shards" --out "$dir" --json > "$report"
refuse_draft "$report"

version="$(field "$report" version)"
matrix="$("$PREUVE_PYTHON" -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["matrix"]))' "$report")"
runners="$("$PREUVE_PYTHON" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["matrix"]))' "$report")"
summary="output/${version}: $(field "$report" to_render) document(s) to render by ${runners} of ${shards} shard(s), $(field "$report" reused) reused"
echo "$summary"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'version=%s\nmatrix=%s\n' "$version" "$matrix" >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '### Evidence plan %s\n\n%s.\n' "$version" "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
