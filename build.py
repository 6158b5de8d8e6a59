"""Same as ``preuve build``, for those who run ``python build.py`` from the records repository."""

import sys

from preuve.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
