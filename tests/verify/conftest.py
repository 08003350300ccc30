"""Helpers of the registry-check tests: hand-written registry answers and a local registry server."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # ``from registry_samples import ...``
