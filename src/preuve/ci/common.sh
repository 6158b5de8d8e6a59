# Shared by the steps of preuve's reusable workflow (sourced, never run as a step): this very
# preuve, a field of a --json report and what it changed in what was issued, the records check,
# and the refusal of drafts. The steps run in the records folder: the top of the checkout, or the
# folder the workflow's `directory` input names (records kept in a folder of a larger repository).

if [ ! -f preuve.yml ]; then
  echo "error: no preuve.yml in $PWD: the steps run in the records folder (the workflow's directory input, relative to the top of the repository, names it)" >&2
  exit 1
fi

preuve=("$PREUVE_PYTHON" -m preuve)

field() { "$PREUVE_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

# The lines saying what a build changed in the certificates issued before it; none if nothing.
issuance() {
  "$PREUVE_PYTHON" -c 'import json, sys; print((json.load(open(sys.argv[1]))["issuance"] or {}).get("summary", ""))' "$1"
}

# preuve check, --strict unless PREUVE_STRICT=false.
check_records() {
  if [ "${PREUVE_STRICT:-true}" = "false" ]; then
    "${preuve[@]}" check
  else
    "${preuve[@]}" check --strict
  fi
}

# Fail on a draft report (uncommitted changes): CI publishes committed versions only.
refuse_draft() {
  if [ "$(field "$1" draft)" = "True" ]; then
    echo "error: the build is a draft ($(field "$1" draft_reason)); CI publishes committed versions only" >&2
    exit 1
  fi
}
