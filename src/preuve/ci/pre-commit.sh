#!/bin/sh
# The pre-commit hook: `preuve check --strict`, as CI runs it, on the records as they will be
# committed (git's index), not on the working tree: an edit left unstaged, or a file never added,
# cannot make a commit pass here that CI then refuses. Run from the repository's top folder (as
# pre-commit and git run hooks). PREUVE_STRICT=false lets warnings pass, as the workflow's input.
# DIRECTORY is the records folder, relative to that top (the hook's args in .pre-commit-config.yaml,
# as the workflow's directory input) when the records are a folder of a larger repository.
# Usage: preuve ci pre-commit [DIRECTORY]
set -eu

records="${1:-.}"
records="${records%/}"
staged="$(mktemp -d)"
trap 'rm -rf "$staged"' EXIT
if [ "$records" = . ]; then
  git ls-files -z -- preuve.yml data content layouts \
    | git checkout-index -z --stdin --prefix="$staged/"
else
  if [ -z "$(git ls-files -- "$records/preuve.yml")" ]; then
    echo "error: no preuve.yml staged in $records: the hook's argument names the records folder (the one holding preuve.yml), relative to the top of the repository" >&2
    exit 1
  fi
  git ls-files -z -- "$records/preuve.yml" "$records/data" "$records/content" "$records/layouts" \
    | git checkout-index -z --stdin --prefix="$staged/"
fi

strict=--strict
[ "${PREUVE_STRICT:-true}" = false ] && strict=
if ! "$PREUVE_PYTHON" -m preuve check $strict --project "$staged/$records"; then
  where=
  [ "$records" = . ] || where=" in $records"
  echo "error: the records to commit${where} do not pass preuve check${strict:+ $strict}, as CI runs it: fix them and stage the fix" >&2
  exit 1
fi
