"""``python -m scripts.reference_build``: build the reference data (see the package)."""

import sys

from .build import main

sys.exit(main())
