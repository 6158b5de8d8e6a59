#!/bin/sh
# The pre-commit hook: `preuve check --strict`, as CI runs it, on the records as they will be
# committed (git's index), not on the working tree: an edit left unstaged, or a file never added,
# cannot make a commit pass here that CI then refuses. Run from the repository's top folder (as
# pre-commit and git run hooks). PREUVE_STRICT=false lets warnings pass, as the workflow's input.
# Usage: preuve ci pre-commit
set -eu

staged="$(mktemp -d)"
trap 'rm -rf "$staged"' EXIT
git ls-files -z -- preuve.yml data content layouts \
  | git checkout-index -z --stdin --prefix="$staged/"

strict=--strict
[ "${PREUVE_STRICT:-true}" = false ] && strict=
if ! "$PREUVE_PYTHON" -m preuve check $strict --project "$staged"; then
  echo "error: the records to commit do not pass preuve check${strict:+ $strict}, as CI runs it: fix them and stage the fix" >&2
  exit 1
fi
