"""Score `glaneur extract` against a held-out set: tests/data/heldout (fitted, no longer blind) or, with
`--dir tests/data/heldout2`, the second set written blind (its README gives the blind figure).

Runs the CLI on every posting, compares each asserted field with its expectation and prints per-field accuracy,
the overall share of asserted fields matched, and every mismatch.

Comparison rules (the ones the shared samples' README states, made explicit):
- title, organization: case, punctuation and inclusive-writing marks ignored (·e, .e, (e), -es, /trice, (H/F)…);
  for organization a trailing "(ACRONYM)" is ignored and `_also_accept` alternatives count.
- locations: set of (city, country); city compared case- and accent-insensitively; region not compared.
- apply_emails, languages_required: sets (e-mails case-insensitive).
- reference: case and surrounding "Réf." / "N°" / "No." labels ignored.
- salary: min, max, currency and period all equal (or both null).
- anything else: equality.

Usage: .venv/bin/python bench/heldout_accuracy.py [--dir tests/data/heldout] [--json OUT] [--cli .venv/bin/glaneur]
                                                  [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FEMININE_SUFFIXES = r"(?:e|es|ne|nes|ve|ves|se|ses|le|les|te|tes|fe|fes|ère|ères|ière|ières|rice|rices|trice|trices|euse|euses|s|x)"
_SEX_MARK = re.compile(r"\(\s*[hfx]\s*(?:/\s*[hfx]\s*)+\)|\b[hf]\s*/\s*[hf](?:\s*/\s*x)?\b", re.IGNORECASE)
_PAREN_SUFFIX = re.compile(rf"(?<=\w)\({FEMININE_SUFFIXES}\)", re.IGNORECASE)
_DOT_SUFFIX = re.compile(rf"(?<=\w)(?:[·•.\-]{FEMININE_SUFFIXES})+\b", re.IGNORECASE)
_SLASH_WORD = re.compile(r"\b(\w+)/(\w+)\b")


def _drop_slash_feminine(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    if re.fullmatch(FEMININE_SUFFIXES, second, re.IGNORECASE) or first[:4].lower() == second[:4].lower():
        return first
    return match.group(0)


def normalise_title(text: str | None) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    text = _SEX_MARK.sub(" ", text)
    text = _PAREN_SUFFIX.sub("", text)
    text = _DOT_SUFFIX.sub("", text)
    text = _SLASH_WORD.sub(_drop_slash_feminine, text)
    text = text.replace("’", "'").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def normalise_org(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s*\(([A-Z&][A-Za-z&.\- ]{1,15})\)\s*", " ", text)
    return normalise_title(text)


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def normalise_reference(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"^\s*(?:r[ée]f(?:[ée]rence)?\.?|n[°o]\.?|no\.|vacancy notice no\.?|avis n[°o])\s*:?\s*", "", text,
                  flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text).casefold()


def location_set(locations) -> set | None:
    if locations is None:
        return None
    return {(fold(loc.get("city")), (loc.get("country") or "").upper() or None) for loc in locations}


def same_salary(expected, got) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    for key in ("min", "max"):
        e, g = expected.get(key), got.get(key)
        if (e is None) != (g is None) or (e is not None and float(e) != float(g)):
            return False
    return expected.get("currency") == got.get("currency") and expected.get("period") == got.get("period")


def same(field: str, expected, got, also_accept=()) -> bool:
    candidates = [expected, *also_accept]
    if field == "title":
        return normalise_title(got) in {normalise_title(c) for c in candidates}
    if field == "organization":
        return normalise_org(got) in {normalise_org(c) for c in candidates}
    if field == "locations":
        return location_set(got) == location_set(expected)
    if field == "apply_emails":
        return {e.lower() for e in got or []} == {e.lower() for e in expected or []}
    if field == "languages_required":
        return set(got or []) == set(expected or [])
    if field == "reference":
        return normalise_reference(got) in {normalise_reference(c) for c in candidates}
    if field == "salary":
        return any(same_salary(c, got) for c in candidates)
    return got in candidates


def extract(cli: Path, posting: Path) -> dict:
    proc = subprocess.run([str(cli), "extract", str(posting), "--json"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    if proc.returncode not in (0,):
        raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "tests" / "data" / "heldout")
    parser.add_argument("--cli", type=Path, default=ROOT / ".venv" / "bin" / "glaneur")
    parser.add_argument("--json", type=Path, help="also write every comparison to this JSON file")
    parser.add_argument("--jobs", type=int, default=4, help="postings extracted in parallel (one CLI process each)")
    args = parser.parse_args(argv)

    cases = []
    for exp_path in sorted((args.dir / "expected").glob("*.json")):
        postings = list((args.dir / "postings").glob(exp_path.stem + ".*"))
        cases.append((exp_path, postings))

    def run(case):
        exp_path, postings = case
        if len(postings) != 1:
            return RuntimeError(f"{len(postings)} posting files")
        try:
            return extract(args.cli, postings[0])
        except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(run, cases))

    per_field = defaultdict(lambda: [0, 0])
    mismatches, failures, rows = [], [], []
    for (exp_path, postings), got in zip(cases, outcomes):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        if isinstance(got, Exception):
            failures.append((postings[0].name if len(postings) == 1 else exp_path.stem, str(got)))
            for field in expected:
                if not field.startswith("_"):
                    per_field[field][1] += 1
            continue
        also = expected.get("_also_accept", {})
        for field, value in expected.items():
            if field.startswith("_"):
                continue
            ok = same(field, value, got.get(field), also.get(field, ()))
            per_field[field][0] += ok
            per_field[field][1] += 1
            rows.append({"file": postings[0].name, "field": field, "expected": value, "got": got.get(field), "ok": ok})
            if not ok:
                mismatches.append(rows[-1])

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "transforms", "glaneur"], capture_output=True, text=True,
                           cwd=ROOT).stdout.strip()
    print(f"glaneur at {head or '?'}{' (+ uncommitted changes in transforms/ or glaneur/)' if dirty else ''}, "
          f"{len(cases)} postings, CLI {args.cli}\n")
    total_ok = sum(ok for ok, _ in per_field.values())
    total = sum(n for _, n in per_field.values())
    print(f"{'field':<22}{'matched':>9}{'asserted':>10}{'accuracy':>10}")
    for field, (ok, n) in sorted(per_field.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        print(f"{field:<22}{ok:>9}{n:>10}{ok / n:>10.0%}")
    print(f"{'OVERALL':<22}{total_ok:>9}{total:>10}{(total_ok / total if total else 0):>10.1%}")
    if failures:
        print("\nExtraction failures:")
        for name, reason in failures:
            print(f"  {name}: {reason}")
    print(f"\nMismatches ({len(mismatches)}):")
    for m in mismatches:
        print(f"  {m['file']} :: {m['field']}\n      expected: {json.dumps(m['expected'], ensure_ascii=False)}"
              f"\n      got:      {json.dumps(m['got'], ensure_ascii=False)}")
    if args.json:
        args.json.write_text(json.dumps({"per_field": per_field, "rows": rows, "failures": failures},
                                        ensure_ascii=False, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
