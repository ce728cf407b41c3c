"""Build the shipped party-by-party UK results files from raw extracts of the HoC file.

Run from the repository root (the extracts are kept in ``scripts/raw/uk/``)::

    python scripts/build_uk_hoc_results.py RAW.csv [RAW.csv ...] --out FILE \
        --corrections scripts/raw/uk/hoc_corrections.csv

``src/votebank/data/uk/uk_results_1974_1979.csv`` is built from the extracts of February
1974, October 1974 and 1979; ``uk_results_1983_1992.csv`` from those of 1983, 1987 and
1992; ``uk_results_1997_2005.csv`` from those of 1997, 2001 and 2005.

Each ``RAW.csv`` holds rows of the House of Commons Library's constituency results 1918-2017
(research briefing CBP-8647, Open Parliament Licence), file ``1918-2017election_results.csv``,
with its vote columns: ``constituency_id, seats, constituency, region, electorate, con_votes,
lib_votes, lab_votes, natSW_votes, oth_votes, total_votes, election, boundary_set`` (the
``*_share`` and ``turnout`` columns may be present and are not used). The output is the
shipped candidate-row layout (the columns of ``uk_results_candidates.csv``) plus
``boundary``: party-level rows with a blank ``candidate``.

Rules (none names a year, a party of a particular election or a seat):

* ``con`` -> ``Con``, ``lab`` -> ``Lab``, ``lib`` -> ``LD`` (named the Liberal Party or the
  SDP-Liberal Alliance at the elections they fought; one label throughout, as the file keeps
  one column),
  ``natSW`` -> ``SNP`` in Scotland and ``PC`` in Wales, ``oth`` -> one row labelled ``OTH``
  (read as the aggregate of all other candidates, which cannot win). A blank or zero count
  is a party that did not stand: no row.
* Northern Ireland is left out: the file puts every Northern Irish party in ``oth``.
* A row's boundary is the file's ``boundary_set``, except where the file marks a seat as
  unchanged: its ``constituency_id`` is one the previous boundary set used, and its
  normalised name (upper case, accents and brackets dropped, punctuation as spaces) is the
  name of a seat of that set in the same nation. It is then that seat, on the previous set's
  boundaries (the file gives 2005's English and Welsh seats, drawn in the 1990s, their old
  ids and a new ``boundary_set`` label). Matching goes by name first: the file's ids are
  not always stable (two seats of one borough swap ids between two elections). A row whose
  name no earlier row of its boundary set had is the seat of the same id in the same nation
  if that seat's name is gone and the election has as many seats as the set's previous one
  (no seat split): the file spells some seats otherwise from one election to the next
  (``ABERDEENSHIRE EAST``, ``EAST ABERDEENSHIRE``). Two rows of one election making one seat
  is an error.
* Seat id: ``HOC<first year of the boundary set>-<normalised name, hyphenated>``: stable
  across the elections of one boundary set and never a GSS code.
* Region: the file's ``country/region`` in the spelling of the shipped file (``East`` for
  ``Eastern``); nation: Scotland, Wales, else England.
* Dates: the general elections' polling days (below); type ``general``.
* ``rank`` by votes within the seat, ``elected`` 1 for the first row that is not ``OTH``.

``--corrections FILE`` mends errors of the source, each row of FILE naming an election, a
row (its file id), a field and the value, or ``figures_of_row``: the file id of the row of that
election whose figures are this row's (the source moved some rows' figures); each is printed.

Checks printed: each row's party votes add up to ``total_votes`` (mismatches listed), seats per
election, GB shares and seats won per label, seats whose largest row is ``OTH`` (a
non-party candidate or the Speaker won: the winner is inside OTH).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

# Polling days of the general elections the extracts may hold (a fact of each election).
POLLING_DAYS = {
    "1974F": "1974-02-28",
    "1974O": "1974-10-10",
    "1979": "1979-05-03",
    "1983": "1983-06-09",
    "1987": "1987-06-11",
    "1992": "1992-04-09",
    "1997": "1997-05-01",
    "2001": "2001-06-07",
    "2005": "2005-05-05",
}
# The file's ``lib`` column: the Liberal Party until 1979; the Liberals and the SDP as one
# Alliance (one candidate a seat) in 1983 and 1987; the Liberal Democrats from 1992.
LIB_NAMES = {
    "1974F": "Liberal Party",
    "1974O": "Liberal Party",
    "1979": "Liberal Party",
    "1983": "SDP-Liberal Alliance",
    "1987": "SDP-Liberal Alliance",
}
PARTY_COLUMNS = (("con_votes", "Con", "Conservative"), ("lab_votes", "Lab", "Labour"))
LIB = ("lib_votes", "LD", "Liberal Democrat")
NATIONALIST = {"Scotland": ("SNP", "Scottish National Party"), "Wales": ("PC", "Plaid Cymru")}
REGION_SPELLING = {"Eastern": "East", "Yorkshire and the Humber": "Yorkshire and The Humber"}
COLUMNS = (
    "election_date",
    "election_type",
    "constituency_id",
    "constituency_name",
    "region",
    "nation",
    "electorate",
    "party",
    "party_name",
    "candidate",
    "votes",
    "rank",
    "elected",
    "boundary",
)


# The columns of a row's figures, as opposed to its names and labels.
FIGURES = (
    "electorate",
    "con_votes",
    "con_share",
    "lib_votes",
    "lib_share",
    "lab_votes",
    "lab_share",
    "natSW_votes",
    "natSW_share",
    "oth_votes",
    "oth_share",
    "total_votes",
    "turnout",
)


def normalise(name: str) -> str:
    """Upper case, accents and bracketed words dropped, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"\(.*?\)", " ", text.upper())
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def title(name: str) -> str:
    """The source's capitals as a name: ``BIRMINGHAM, EDGBASTON`` -> ``Birmingham, Edgbaston``."""
    words = re.split(r"(\s+|-)", " ".join(name.split()))
    small = {"and", "of", "the", "upon", "under", "on", "super"}
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        out.append(low if i and low in small else low[:1].upper() + low[1:])
    return "".join(out)


def count(value: str) -> int:
    value = (value or "").strip()
    return int(value) if value else 0


def nation_of(region: str) -> str:
    return region if region in ("Scotland", "Wales", "Northern Ireland") else "England"


def read_raw(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            reader.fieldnames = [c.strip() for c in reader.fieldnames]
            for r in reader:
                r = {k.strip(): (v or "").strip() for k, v in r.items() if k}
                if "region" not in r and "country/region" in r:
                    r["region"] = r["country/region"]
                rows.append(r)
    return rows


def assign_seats(rows: list[dict]) -> dict[tuple[str, str], tuple[str, str]]:
    """(election, file id) -> (seat id, boundary), by the rule of the module docstring."""
    by_set: dict[str, dict] = defaultdict(dict)  # boundary set -> {(nation, name): first name}
    id_names: dict[str, dict] = defaultdict(dict)  # boundary set -> {file id: (nation, name)}
    set_size: dict[str, int] = {}  # boundary set -> seats at its latest election
    order = sorted({r["election"] for r in rows})
    sets_seen: list[str] = []
    seat: dict[tuple[str, str], tuple[str, str]] = {}
    for year in order:
        year_rows = [r for r in rows if r["election"] == year]
        names = {(nation_of(r["region"]), normalise(r["constituency"])) for r in year_rows}
        for r in year_rows:
            bset, nation, key = (
                r["boundary_set"],
                nation_of(r["region"]),
                normalise(r["constituency"]),
            )
            prev = next((s for s in reversed(sets_seen) if s != bset), None)
            if prev and r["constituency_id"] in id_names[prev] and (nation, key) in by_set[prev]:
                bset = prev
            known = id_names[bset].get(r["constituency_id"])
            respelt = (
                (nation, key) not in by_set[bset]
                and set_size.get(bset) == len(year_rows)
                and known
                and known[0] == nation
                and known not in names
            )
            if respelt:
                key = known[1]  # the same seat, its name spelt otherwise
            by_set[bset].setdefault((nation, key), key)
            id_names[bset].setdefault(r["constituency_id"], (nation, key))
            first = bset.split("-")[0]
            seat[(year, r["constituency_id"])] = (f"HOC{first}-{key.replace(' ', '-')}", bset)
        for r in year_rows:
            if r["boundary_set"] not in sets_seen:
                sets_seen.append(r["boundary_set"])
            set_size[r["boundary_set"]] = len(year_rows)
        ids = Counter(seat[(year, r["constituency_id"])][0] for r in year_rows)
        if twice := sorted(k for k, n in ids.items() if n > 1):
            raise SystemExit(f"{year}: two rows make one seat: {twice}")
    return seat


def read_corrections(path: Path | None) -> list[dict]:
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def corrected(rows: list[dict], corrections: list[dict]) -> tuple[list[dict], list[str]]:
    """The rows with the corrections of their elections applied (each said in the report).

    A correction names an election's row by its file id and either a field and its value, or
    ``figures_of_row``: the row of that election whose figures (electorate to turnout) are
    this row's. Figures are taken from the rows as the source writes them.
    """
    source = {(r["election"], r["constituency_id"]): r for r in rows}
    fixed = {k: dict(r) for k, r in source.items()}
    report = []
    elections = {r["election"] for r in rows}
    for c in corrections:
        key = (c["election"], c["constituency_id"])
        if c["election"] not in elections:
            continue  # a correction of another extract
        if key not in fixed:
            raise SystemExit(f"correction of a row not in the extracts: {key}")
        row = fixed[key]
        if c["field"] == "figures_of_row":
            donor = source[(c["election"], c["value"])]
            row.update({f: donor[f] for f in FIGURES if f in donor})
        else:
            row[c["field"]] = c["value"]
        report.append(f"corrected {c['election']} {row['constituency']}: {c['field']} {c['value']}")
    return [fixed[(r["election"], r["constituency_id"])] for r in rows], report


def convert(rows: list[dict]) -> tuple[list[dict], list[str]]:
    seats = assign_seats(rows)
    out, report = [], []
    mismatches, left_out, kept_old = [], Counter(), Counter()
    for r in rows:
        year, region = r["election"], r["region"]
        nation = nation_of(region)
        if nation == "Northern Ireland":
            left_out[year] += 1
            continue
        lib = (LIB[0], LIB[1], LIB_NAMES.get(year, LIB[2]))
        parties = [(count(r[c]), code, name) for c, code, name in (*PARTY_COLUMNS, lib)]
        if nation in NATIONALIST:
            parties.append((count(r["natSW_votes"]), *NATIONALIST[nation]))
        elif count(r.get("natSW_votes", "")):
            raise SystemExit(f"{r['constituency']} {year}: nationalist votes in {nation}")
        parties.append((count(r["oth_votes"]), "OTH", "All other candidates"))
        total = sum(v for v, _, _ in parties)
        if total != count(r["total_votes"]):
            mismatches.append(f"{year} {r['constituency']}: {total} vs {r['total_votes']}")
        seat_id, bset = seats[(year, r["constituency_id"])]
        if bset != r["boundary_set"]:
            kept_old[year] += 1
        stood = sorted((p for p in parties if p[0] > 0), key=lambda p: -p[0])
        winner = next((code for _, code, _ in stood if code != "OTH"), None)
        for rank, (votes, code, name) in enumerate(stood, 1):
            out.append(
                {
                    "election_date": POLLING_DAYS[year],
                    "election_type": "general",
                    "constituency_id": seat_id,
                    "constituency_name": title(r["constituency"]),
                    "region": REGION_SPELLING.get(region, region),
                    "nation": nation,
                    "electorate": count(r["electorate"]),
                    "party": code,
                    "party_name": name,
                    "candidate": "",
                    "votes": votes,
                    "rank": rank,
                    "elected": int(code == winner and code != "OTH"),
                    "boundary": bset,
                }
            )
    report.append(f"rows whose party votes do not add up to total_votes: {mismatches or 'none'}")
    report.append(f"Northern Ireland seats left out: {dict(left_out)}")
    report.append(f"seats kept on the previous boundary set: {dict(kept_old)}")
    return out, report


def summary(out: list[dict]) -> list[str]:
    lines = []
    by_year = defaultdict(list)
    for r in out:
        by_year[r["election_date"]].append(r)
    for day, rows in sorted(by_year.items()):
        seats = defaultdict(list)
        for r in rows:
            seats[r["constituency_id"]].append(r)
        votes, total = Counter(), 0
        for r in rows:
            votes[r["party"]] += r["votes"]
            total += r["votes"]
        won = Counter(max(rs, key=lambda r: r["votes"])["party"] for rs in seats.values())
        oth_won = sorted(
            rs[0]["constituency_name"]
            for rs in seats.values()
            if max(rs, key=lambda r: r["votes"])["party"] == "OTH"
        )
        shares = ", ".join(f"{p} {100 * v / total:.1f}%" for p, v in votes.most_common())
        lines.append(f"{day}: {len(seats)} GB seats; shares {shares}")
        lines.append(f"  largest row per seat: {dict(won.most_common())}")
        lines.append(f"  seats whose largest row is OTH ({len(oth_won)}): {oth_won}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corrections", type=Path, help="CSV of the source's errors, mended")
    args = ap.parse_args(argv)
    rows, fixes = corrected(read_raw(args.raw), read_corrections(args.corrections))
    out, report = convert(rows)
    report = fixes + report
    out.sort(key=lambda r: (r["election_date"], r["constituency_id"], r["rank"]))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    for line in report + summary(out):
        print(line)
    print(f"wrote {args.out}: {len(out)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
