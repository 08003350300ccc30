"""``python -m jtd_evidence`` is the ``jtd-evidence`` command."""

import sys

from jtd_evidence.cli import main

sys.exit(main())
