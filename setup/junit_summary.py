"""Count passed and failed tests of a pytest JUnit XML report.

Skipped tests count as failures; a missing report, or a pytest exit code
other than 0 or 1, counts as one more failure.
"""

import sys
import xml.etree.ElementTree as ET


def main(xml_path, exit_code):
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        print(0, 1)
        return
    passed = failed = 0
    for case in root.iter("testcase"):
        if any(child.tag in ("failure", "error", "skipped") for child in case):
            failed += 1
        else:
            passed += 1
    if (
        exit_code not in (0, 1)
        or (exit_code == 1 and not failed)
        or not passed + failed
    ):
        failed += 1
    print(passed, failed)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
