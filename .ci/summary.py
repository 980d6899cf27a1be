"""Print what CI should show from the test run: the fuzz cases and the terminal tests.

    python .ci/summary.py JUNIT_XML FUZZ_JSON

JUNIT_XML is pytest's --junitxml report; FUZZ_JSON is what tests/test_fuzz.py
writes when STRESSCHECK_FUZZ_REPORT is set. Exits 1 when a test listed here
failed or did not run.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GROUPS = {
    "Fuzzing every file the program reads": "tests.test_fuzz",
    "Terminal environments (pty, pipes and files)": "tests.test_terminals",
    "Accessibility (--plain)": "tests.test_accessibility",
}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def outcome(case: ET.Element) -> str:
    for tag, word in (("failure", "FAILED"), ("error", "ERROR"), ("skipped", "SKIPPED")):
        if case.find(tag) is not None:
            return word
    return "passed"


def main(junit: Path, fuzz: Path) -> int:
    if not junit.exists():
        say(f"no test report at {junit}: the tests did not run")
        return 1
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    bad = 0
    for title, module in GROUPS.items():
        mine = [case for case in cases if case.get("classname", "").startswith(module)]
        results = [outcome(case) for case in mine]
        passed = results.count("passed")
        say(f"{title}: {passed} of {len(mine)} tests passed")
        for case, result in zip(mine, results, strict=True):
            seconds = float(case.get("time", "0"))
            say(f"  {result:7} {case.get('name')}  ({seconds:.1f} s)")
        if not mine or passed != len(mine):
            bad += 1
        if module == "tests.test_fuzz":
            if fuzz.exists():
                report = json.loads(fuzz.read_text("utf-8"))
                kinds = ", ".join(f"{name} {count}" for name, count in report["cases"].items())
                say(
                    f"  fuzz cases: {report['total']} ({kinds}); "
                    f"{report['accepted']} accepted, {report['refused']} refused with exit 2"
                )
            else:
                say("  fuzz cases: no count was written")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
