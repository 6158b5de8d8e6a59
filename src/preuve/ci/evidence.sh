#!/usr/bin/env bash
# The evidence step of preuve's reusable workflow: check the records, build the commit's version
# and put its archive, with checksums, into DIST for upload. output/ may hold earlier versions
# (the workflow restores it from the Actions cache): documents whose inputs did not change are
# copied from them instead of being rendered again. Given SHARD folders (the merge job of a
# sharded run), it merges them instead of building; the planning job checked the records.
# Usage: preuve ci evidence [DIST [SHARD...]]      PREUVE_STRICT=false: warnings do not fail the check.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

dist="${1:-dist}"
[ "$#" -eq 0 ] || shift
shards=("$@")

# The workflow uploads all DIST holds, and publishes its archives on a release: a dist/ that came
# with the checkout (committed), or a link to a folder of the runner, would go out with them.
if [ -L "$dist" ] || { [ -e "$dist" ] && { [ ! -d "$dist" ] || [ -n "$(ls -A -- "$dist")" ]; }; }; then
  echo "error: $dist: exists and is not an empty folder: the step puts the version's archive and checksums alone into it, and the workflow uploads and publishes all it holds (remove it, or name another folder)" >&2
  exit 1
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
if [ "${#shards[@]}" -eq 0 ]; then
  check_records
  "${preuve[@]}" build --json > "$report"
else
  "${preuve[@]}" merge --json "${shards[@]}" > "$report"
fi
refuse_draft "$report"

version="$(field "$report" version)"
mkdir -p -- "$dist"
cp -- "output/${version}.zip" "$dist/"
cp -- "output/${version}/SHA256SUMS" "$dist/SHA256SUMS"
(cd -- "$dist" && sha256sum "${version}.zip" > "${version}.zip.sha256")

summary="output/${version}: $(field "$report" rendered) document(s) rendered, $(field "$report" reused) reused"
if [ "${#shards[@]}" -gt 0 ]; then
  summary="${summary}, merged from ${#shards[@]} shard(s)"
fi
echo "$summary"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "version=${version}" >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '### Evidence %s\n\n%s; archive `%s.zip` with `SHA256SUMS`.\n' "$version" "$summary" "$version" >> "$GITHUB_STEP_SUMMARY"
  # What the version changed in the certificates issued before it (also in the build's log above).
  issuance="$(issuance "$report")"
  if [ -n "$issuance" ]; then
    printf '\n```\n%s\n```\n' "$issuance" >> "$GITHUB_STEP_SUMMARY"
  fi
fi
