"""The ``preuve`` command's entry point: Ctrl-C while Python is still loading preuve (its first
tenth of a second, before the commands' own handlers of :mod:`.interrupts` are in place) ends as at
any later moment, with one line and exit status 130, not a traceback; nothing was done yet."""

import sys


def main() -> None:
    try:
        from .cli import main as command
    except KeyboardInterrupt:
        print("preuve: interrupted by SIGINT while starting: nothing was done", file=sys.stderr)
        sys.exit(130)
    command()
