"""Run every stage and write the four data files; the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __doc__ as PACKAGE_DOC
from .countries import build_countries, countryinfo_blocks
from .officials import build_officials
from .organisations import build_organisations
from .sources.archigos import read_archigos
from .sources.codes import Codes
from .sources.countryinfo import read_countryinfo
from .sources.phoenix import read_phoenix
from .sources.team import team_records
from .sources.un_speakers import read_un_speakers
from .sources.us_congress import read_us_congress
from .topics import TOPICS, build_topics

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_OUT = REPO_ROOT / "articles" / "data"


def write_json(path: Path, data: object) -> None:
    """Write pretty, stable JSON (UTF-8, newline at end)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write one compact JSON object per line."""
    text = "".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    )
    path.write_text(text, encoding="utf-8")


def build(reference: Path, out: Path) -> dict:
    """Build every file from ``reference`` into ``out``; return a summary for printing."""
    out.mkdir(parents=True, exist_ok=True)
    blocks = countryinfo_blocks(reference)
    countries = build_countries(reference, blocks)
    organisations = build_organisations()

    codes = Codes(reference)
    # Team facts first so they anchor merges; then the most current/normal-case names.
    records = team_records()
    records += read_us_congress(reference)
    records += read_un_speakers(reference, codes)
    records += read_countryinfo(reference, codes, blocks)
    records += read_phoenix(reference, codes)
    records += read_archigos(reference, codes)
    officials, stats = build_officials(records)

    write_json(out / "countries.json", countries)
    write_json(out / "organisations.json", organisations)
    write_jsonl(out / "officials.jsonl", officials)
    write_json(out / "topics.json", build_topics())
    stats.update(
        countries=len(countries),
        aliases=dict(sorted(Counter(a["kind"] for c in countries for a in c["aliases"]).items())),
        organisations=len(organisations),
        officials=len(officials),
        appointments=sum(len(o["appointments"]) for o in officials),
        topics=len(TOPICS),
    )
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=PACKAGE_DOC.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, default=DEFAULT_REFERENCE, help="reference data folder"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    stats = build(args.reference, args.out)
    print(json.dumps(stats, indent=1))
    return 0
