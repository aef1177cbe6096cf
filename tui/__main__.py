"""`cyberread` and `python -m cyberread` start here: the command line, with a Ctrl-C pressed while it
is still loading (a third of a second) ending it as quietly as one pressed later."""

import sys


def run() -> int:
    try:
        from .cli import main

        return main()
    except KeyboardInterrupt:
        print("cyberread: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(run())
