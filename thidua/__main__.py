"""`python -m thidua …`: the portal starts report builds this way, so they need no script on disk."""

import sys

from thidua.cli.entry import console

sys.exit(console())
