#!/usr/bin/env bash
# Smoke test of an installed stresscheck, run the way a new user runs it.
#
#   bash .ci/smoke.sh VENV_BIN
#
# VENV_BIN is the bin folder of a virtual environment that has the wheel
# installed (not editable). Everything happens in a fresh temporary folder
# outside the repository, with a private data home and HOME, so nothing from
# the source tree can help the installed program.
set -euo pipefail

bin=$(cd "$1" && pwd)
sc="$bin/stresscheck"
py="$bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir home
export HOME="$work/home" STRESSCHECK_HOME="$work/data" STRESSCHECK_CACHE="$work/cache"
export LANG=C.UTF-8 COLUMNS=80
unset LC_ALL LC_MESSAGES LANGUAGE NO_COLOR PYTHONPATH PYTHONIOENCODING PYTHONUTF8 STRESSCHECK_DEBUG

checks=0
ok() {
    checks=$((checks + 1))
    printf '  ok    %s\n' "$*"
}
fail() {
    printf '  FAIL  %s\n' "$*" >&2
    exit 1
}
step() { printf '%s\n' "- $*"; }
# Run a command, keep stdout, stderr and the exit code; a traceback is always a failure.
run() {
    set +e
    "$@" >out.txt 2>err.txt
    code=$?
    set -e
    if grep -q "Traceback" out.txt err.txt; then
        cat err.txt >&2
        fail "a traceback from: $*"
    fi
}
expect_code() {
    [ "$code" = "$1" ] || { cat out.txt err.txt >&2; fail "exit $code, expected $1: $2"; }
}
# Run a command under `env SETTINGS...` and expect exit 0.
run_ok() {
    local what=$1
    shift
    run "$@"
    expect_code 0 "$what"
}

cat >answers.yaml <<'EOF'
fatigue_1: 3
fatigue_2: 3
fatigue_3: 2
tension_1: 3
tension_2: 2
tension_3: 3
tension_4: 2
restlessness_1: 2
restlessness_2: 2
restlessness_3: 2
restlessness_4: 2
breathing_1: 1
breathing_2: 1
breathing_3: 1
breathing_4: 1
duration: 4
relaxation_effect: 2
spreading: 2
chest_pain: 0
fainting: 0
self_harm: 0
EOF
cat >fast.yaml <<'EOF'
exercises:
  - id: fast
    title: {en: Fast check, nl: Snelle controle}
    phases:
      - {kind: inhale, seconds: 0.5}
      - {kind: exhale, seconds: 0.5}
    default_minutes: 1
EOF
cat >practice.yaml <<'EOF'
practice:
  name: Smoke Test Practice
  website: https://practice.example
  email: info@practice.example
language: en
EOF

step "installed, not editable, from $(dirname "$bin")"
location=$("$py" -c 'import stresscheck; print(stresscheck.__file__)')
case "$location" in
"$(dirname "$bin")"/*) ok "the package is imported from the environment: $location" ;;
*) fail "the package comes from $location, not from the environment" ;;
esac
if "$py" -m pip show -f stresscheck | grep -q "__editable__"; then fail "an editable install"; fi
ok "not an editable install"

step "--version"
version=$("$py" -c 'import importlib.metadata as m; print(m.version("stresscheck"))')
source_version=$("$py" -c 'import stresscheck; print(stresscheck.__version__)')
[ "$version" = "$source_version" ] || fail "metadata $version, __version__ $source_version"
run_ok "--version" "$sc" --version
[ "$(cat out.txt)" = "stresscheck $version" ] || fail "--version printed: $(cat out.txt)"
ok "stresscheck --version: $(cat out.txt) (the package metadata says $version)"
run_ok "python -m" "$py" -m stresscheck --version
[ "$(cat out.txt)" = "stresscheck $version" ] || fail "python -m stresscheck --version"
ok "python -m stresscheck --version"

step "validate the shipped data"
for name in questions.yaml exercises.yaml; do
    file=$("$py" -c "from stresscheck.context import packaged_data as p; print(p('$name'))")
    [ -f "$file" ] || fail "$name is not in the installed package"
    run_ok "validate $name" "$sc" validate "$file"
    ok "$(cat out.txt)"
done
messages=$("$py" -c 'import stresscheck, pathlib; print(pathlib.Path(stresscheck.__file__).parent / "messages")')
[ -f "$messages/en.yaml" ] && [ -f "$messages/nl.yaml" ] || fail "the message catalogues are missing"
ok "messages/en.yaml and messages/nl.yaml are installed"

step "quiz --answers FILE --json --no-save"
run_ok "quiz --json" "$sc" quiz --answers answers.yaml --json --no-save
"$py" - out.txt <<'EOF' || fail "quiz --json gave unexpected JSON"
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
assert result["questionnaire"] == "stresscheck-default", result
assert set(result["domains"]) >= {"fatigue"}, result["domains"]
assert result["advice"]["action"] in ("breathe", "physiotherapy", "urgent"), result["advice"]
assert result["total"] is None or "score" in result["total"]
print(f"  ok    advice {result['advice']['action']}, total {result['total']['score']}")
EOF
checks=$((checks + 1))
[ ! -e "$STRESSCHECK_HOME/history.sqlite3" ] || fail "--no-save saved something"
ok "nothing stored with --no-save"
run_ok "answers on stdin" "$sc" quiz --answers - --json --no-save <answers.yaml
grep -q '"questionnaire": "stresscheck-default"' out.txt || fail "answers from stdin"
ok "answers from stdin (--answers -)"

step "breathe --cycles 1 --plain --no-save --no-rate, with a fast custom exercise"
run_ok "breathe" "$sc" breathe fast --exercises fast.yaml --cycles 1 --plain --no-save --no-rate
expected=$'Fast check: 1 cycle, 1 s\nInhale 0.5 s\nExhale 0.5 s'
[ "$(head -3 out.txt)" = "$expected" ] || { cat out.txt; fail "the plain breathing lines"; }
grep -q "^Done: 1 cycle in" out.txt || fail "no summary line"
if grep -q $'\x1b' out.txt; then fail "escape codes in plain output"; fi
ok "$(paste -sd '|' out.txt)"
run_ok "exercises --json" "$sc" exercises --exercises fast.yaml --json
grep -q '"id": "resonance"' out.txt && grep -q '"id": "fast"' out.txt || fail "exercises --json"
ok "exercises --json lists the built-in and the custom exercises"

step "ordinary terminals (output to a file)"
for setting in "NO_COLOR=1" "TERM=dumb" "LANG=C" "LC_ALL=C" "COLUMNS=40" \
    "LC_ALL=C PYTHONUTF8=0" "PYTHONIOENCODING=ascii"; do
    # shellcheck disable=SC2086 # the setting is split into NAME=VALUE words on purpose
    run_ok "quiz with $setting" env $setting "$sc" quiz --answers answers.yaml --no-save
    grep -q "Your results" out.txt || fail "no results with $setting"
    if grep -q $'\x1b' out.txt; then fail "escape codes in a file with $setting"; fi
    if grep -q "…" out.txt; then fail "something was cut short with $setting"; fi
    ok "quiz results with $setting"
done
run_ok "--no-color" "$sc" --no-color quiz --answers answers.yaml --no-save
ok "--no-color before the command"
run_ok "--no-color" "$sc" quiz --answers answers.yaml --no-save --no-color
ok "--no-color after the command"
run_ok "--plain" "$sc" quiz --answers answers.yaml --no-save --plain
"$py" -c 'import re, sys; sys.exit(bool(re.search("[\u2500-\u259f\x1b]", open("out.txt").read())))' ||
    fail "box, block or escape characters in --plain"
ok "quiz --plain: plain lines"
run_ok "Dutch" "$sc" quiz --answers answers.yaml --no-save --lang nl
grep -q "Je uitslag" out.txt || fail "no Dutch results"
ok "quiz --lang nl"

step "a bad file is a clean error (exit 2, the file named, no traceback)"
printf 'questions: [1, 2\n' >broken.yaml
run "$sc" validate broken.yaml
expect_code 2 "validate broken.yaml"
grep -q "broken.yaml:" err.txt || fail "the message does not name the file"
ok "$(head -1 err.txt)"
run "$sc" quiz --answers broken.yaml --json --no-save
expect_code 2 "quiz with a broken answers file"
[ ! -s out.txt ] || fail "data on stdout after an error"
ok "quiz --answers broken.yaml: exit 2, nothing on stdout"

step "history, export, import, report, forget"
run_ok "quiz saved" "$sc" quiz --answers answers.yaml --json
run_ok "breathe saved" "$sc" breathe fast --exercises fast.yaml --cycles 1 --plain --no-rate
run_ok "history --json" "$sc" history --json
count() { "$py" -c 'import json,sys; d=json.load(open("out.txt")); print(len(d["quizzes"]), len(d["sessions"]))'; }
[ "$(count)" = "1 1" ] || fail "history holds $(count)"
ok "history --json: 1 quiz, 1 session"
run_ok "history" "$sc" history
ok "history (for people)"
if [ "$(stat -c %a "$STRESSCHECK_HOME/history.sqlite3")" != 600 ]; then fail "the database is not 0600"; fi
ok "the history database is private (0600)"
run_ok "export json" "$sc" export --format json -o backup.json
run_ok "export csv" "$sc" export --format csv -o backup.csv
[ -s backup.json ] && [ -s backup.csv ] || fail "export wrote nothing"
ok "export --format json and csv"
run_ok "report md" "$sc" report --format md -o report.md
run_ok "report html" "$sc" report --format html -o report.html
grep -qi "<html" report.html || fail "report.html is not HTML"
ok "report --format md and html"
run_ok "plan" "$sc" plan --at 07:30 --weeks 2 -o plan.ics
grep -q "RRULE:FREQ=DAILY;COUNT=14" plan.ics || fail "plan.ics has no daily recurrence"
ok "plan -o plan.ics (a daily recurrence for 2 weeks)"
run_ok "report --from" env STRESSCHECK_HOME="$work/therapist" "$sc" report --from backup.json --from backup.json --label "Client A" --format html -o clients.html
grep -q "Client A" clients.html && [ ! -e "$work/therapist" ] || fail "report --from"
ok "report --from two exports, without a store of its own"
run_ok "forget" "$sc" forget --yes
run_ok "history after forget" "$sc" history --json
[ "$(count)" = "0 0" ] || fail "forget left $(count)"
ok "forget --yes"
run_ok "import" "$sc" import backup.json
run_ok "import again" "$sc" import backup.json
run_ok "history after import" "$sc" history --json
[ "$(count)" = "1 1" ] || fail "after importing twice the history holds $(count)"
ok "import restores the export; importing it again stores nothing twice"

step "setup a practice"
run_ok "setup" "$sc" setup practice.yaml
run_ok "setup --show" "$sc" setup --show
grep -q "Smoke Test Practice" out.txt || fail "setup --show"
run_ok "setup --reset" "$sc" setup --reset
ok "setup FILE, --show, --reset"

step "shell completion (bash)"
run_ok "--show-completion" "$sc" --show-completion
grep -q "complete -o default -F _stresscheck_completion stresscheck" out.txt ||
    fail "--show-completion printed no bash completion script"
ok "--show-completion prints a bash script"
complete_words() {
    bash -c 'eval "$(cat out.txt)"; COMP_WORDS=($2); COMP_CWORD=$3
             _stresscheck_completion "$1"; printf "%s\n" "${COMPREPLY[@]}"' _ "$sc" "$1" "$2"
}
complete_words "stresscheck br" 1 | grep -qx "breathe" || fail "no completion for 'stresscheck br'"
complete_words "stresscheck breathe --cy" 2 | grep -qx -- "--cycles" || fail "no option completion"
ok "completes commands (br -> breathe) and options (--cy -> --cycles)"
run_ok "--install-completion" "$sc" --install-completion
[ -s "$HOME/.bash_completions/stresscheck.sh" ] && grep -q "stresscheck" "$HOME/.bashrc" ||
    fail "--install-completion did not install for bash"
ok "--install-completion: $(head -1 out.txt)"

printf '%s\n' "smoke test passed: $checks checks"
