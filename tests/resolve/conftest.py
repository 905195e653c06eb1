"""Resolution tests build their stores from hand-made extractions (resolve_articles.py)."""
from __future__ import annotations

import sys
from pathlib import Path

# resolve_articles.py sits beside the tests; make it importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))
