"""The command line every document checker shares: check each file named, print one JSON object
per file, then `DONE <count>` (the Swift tests read exactly that), and never outlive a crashed test run."""
import json
import signal
import sys


def main(check, usage):
    signal.alarm(60)
    if len(sys.argv) < 2:
        print("usage: " + usage, file=sys.stderr)
        return 2
    for path in sys.argv[1:]:
        print(json.dumps(check(path)), flush=True)
    print("DONE %d" % (len(sys.argv) - 1), flush=True)
    return 0
