"""`python -m dashboard COMMAND`: the same as `nk-arrivals COMMAND`."""

import sys

from dashboard.cli import main

sys.exit(main())
