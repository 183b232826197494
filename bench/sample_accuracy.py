"""Per-field accuracy of process() on the shared samples and documents against their expected JSON.

The comparison is the one tests/transforms/test_samples.py specifies (../shared/README.md): absent keys are not
asserted, titles ignore case, punctuation and inclusive-writing marks, a location asserts only the keys it gives.
Run from the repository root: .venv/bin/python bench/sample_accuracy.py
"""

from __future__ import annotations

import datetime
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

from glaneur.record import Capture
from glaneur.transforms.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("test_samples", ROOT / "tests" / "transforms" / "test_samples.py")
samples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(samples)


def main() -> int:
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for path, expected in samples.sample_cases():
        result = process(Capture(source="samples", locator=path.name, data=path.read_bytes()), datetime.date.today())
        record = result[0].to_record() if isinstance(result, list) else {}
        for name, value in expected.items():
            if name.startswith("_"):
                continue
            ok = bool(record) and samples.field_matches(name, record.get(name), value)
            per_field[name][0] += ok
            per_field[name][1] += 1
            if not ok:
                misses.append((path.name, name, value, record.get(name)))
    print(f"{'field':<22}{'matched':>9}{'asserted':>10}")
    for name, (ok, total) in sorted(per_field.items()):
        print(f"{name:<22}{ok:>9}{total:>10}")
    matched = sum(ok for ok, _ in per_field.values())
    asserted = sum(total for _, total in per_field.values())
    print(f"{'OVERALL':<22}{matched:>9}{asserted:>10}  {matched / asserted:.1%}")
    for name, field, want, got in misses:
        print(f"  {name} :: {field}: expected {want!r}, got {got!r}")
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
