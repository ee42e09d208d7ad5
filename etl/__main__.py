"""`python -m etl fetch|build|verify`."""

import sys

from etl.cli import main

sys.exit(main())
