"""Count the passed and failed tests of an Odoo --test-enable log.

A skipped test is a failure here: Odoo skips browser tests silently when
Chromium or websocket-client is missing. A non-zero exit or a log without a
test report counts as one more failure, so a broken install never passes.
"""

import re
import sys

REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading")
SKIPPED = re.compile(r"odoo\.tests\.result: skipped ")


def main(log_path, exit_code):
    with open(log_path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    reports = REPORT.findall(text)
    skipped = len(SKIPPED.findall(text))
    failed = sum(int(f) + int(e) for f, e, _run in reports) + skipped
    run = sum(int(r) for _f, _e, r in reports)
    passed = max(run - failed, 0)
    if not reports or not run or exit_code != 0:
        failed += 1
    print(passed, failed)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
