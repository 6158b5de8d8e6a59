#!/usr/bin/env bash
# The evidence step of preuve's reusable workflow: check the records, build the commit's version
# and put its archive, with checksums, into DIST for upload. output/ may hold earlier versions
# (the workflow restores it from the Actions cache): documents whose inputs did not change are
# copied from them instead of being rendered again.
# Usage: preuve ci evidence [DIST]      PREUVE_STRICT=false: warnings do not fail the check.
set -euo pipefail

dist="${1:-dist}"
preuve=("$PREUVE_PYTHON" -m preuve)
field() { "$PREUVE_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

if [ "${PREUVE_STRICT:-true}" = "false" ]; then
  "${preuve[@]}" check
else
  "${preuve[@]}" check --strict
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"${preuve[@]}" build --json > "$report"
if [ "$(field "$report" draft)" = "True" ]; then
  echo "error: the build is a draft ($(field "$report" draft_reason)); CI publishes committed versions only" >&2
  exit 1
fi

version="$(field "$report" version)"
mkdir -p "$dist"
cp "output/${version}.zip" "$dist/"
cp "output/${version}/SHA256SUMS" "$dist/SHA256SUMS"
(cd "$dist" && sha256sum "${version}.zip" > "${version}.zip.sha256")

summary="output/${version}: $(field "$report" rendered) document(s) rendered, $(field "$report" reused) reused"
echo "$summary"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "version=${version}" >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '### Evidence %s\n\n%s; archive `%s.zip` with `SHA256SUMS`.\n' "$version" "$summary" "$version" >> "$GITHUB_STEP_SUMMARY"
fi
