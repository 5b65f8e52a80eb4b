"""Country code lookups shared by the readers."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path


class Codes:
    """Country code lookups shared by the readers."""

    def __init__(self, reference: Path) -> None:
        raw = json.loads((reference / "countries" / "countries.json").read_text(encoding="utf-8"))
        self.iso3_to_2 = {c["cca3"]: c["cca2"] for c in raw}
        # CAMEO / UN-list codes that are not ISO 3166 alpha-3.
        self.iso3_to_2.update(
            {"KSV": "XK", "TMP": "TL", "SRP": "RS", "POR": "PT", "ROM": "RO", "ZAR": "CD"}
        )
        self.gw_to_2: dict[str, str] = {}
        with (reference / "country-converter" / "country_data.tsv").open(
            encoding="utf-8"
        ) as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                gw = (row.get("GWcode") or "").strip().split(".")[0]
                iso2 = row["ISO2"].strip()
                # Some rows carry a regex in ISO2 ("^GR$|^EL$"); only real codes count.
                if gw and re.fullmatch(r"[A-Z]{2}", iso2) and gw not in self.gw_to_2:
                    self.gw_to_2[gw] = iso2
        self.name_to_2: dict[str, str] = {}

    def country(self, code: str) -> str | None:
        """ISO2 for an ISO3/CAMEO code, or None."""
        return self.iso3_to_2.get(code.strip().upper())
