"""``python -m preuve``: the same command line as the ``preuve`` script."""

import sys

from .entry import main

if __name__ == "__main__":
    sys.exit(main())
