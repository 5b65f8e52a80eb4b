#!/usr/bin/env python3
"""Build the gazetteer reference data: ``python scripts/build_reference.py [--out DIR]``.

The builder is the package ``scripts/reference_build`` (also ``python -m scripts.reference_build``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.reference_build.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
