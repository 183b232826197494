"""Similarity helpers: their docstring examples, and the fast reference and compact forms against their plain
definitions (a regex per reference, [0-9A-Z] of `plain`), which stay here as the spec."""

from __future__ import annotations

import doctest
import random
import re
import sys

import pytest

from glaneur.transforms import similarity as sim


def test_docstring_examples_hold():
    failed, attempted = doctest.testmod(sim)
    assert attempted > 0 and failed == 0


def test_compact_keeps_the_letters_and_digits_of_plain_text_for_every_code_point():
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    for start in range(0, len(everything), 4096):  # in slices: NFKD of one piece may join across characters
        piece = everything[start:start + 4096]
        assert sim.compact(piece) == re.sub(r"[^0-9A-Z]", "", sim.plain(piece)), f"from U+{ord(piece[0]):04X}"


def _spec_pattern(reference: str) -> re.Pattern:
    chars = sim.compact(reference)
    before = r"(?<![0-9])" if chars[0].isdigit() else r"(?<![A-Z])"
    return re.compile(before + r"[-/_. ]?".join(chars) + r"(?![-/_.]?[0-9A-Z])")


@pytest.mark.parametrize("reference, text, found", [
    ("03/2024/IOT", "Réf. 03-2024-IOT, Agadir", True),
    ("03/2024/IOT", "REF032024IOT.", True),
    ("03/2024/IOT", "03/2024/IOT-R", False),  # a re-advertisement
    ("03/2024/IOT", "103/2024/IOT", False),
    ("03/2024/IOT", "03/2024/IOT/2", False),  # a second lot
    ("03/2024/IOT", "03/2024/IOT/ the post", True),
    ("VN/2024/112", "avis VN 2024 112 : chauffeur", True),
    ("VN/2024/112", "avis VN--2024/112", False),  # two separators in a row
    ("VN/2024/112", "AVISVN/2024/112", False),  # letters run into it
    ("VN/2024/112", "N° 7VN/2024/112", True),  # a digit before letters is a label's end
    ("VN/2024/112", "VN/2024/1120", False),
])
def test_a_reference_is_found_whole_however_punctuated(reference, text, found):
    assert sim.reference_in(reference, sim.plain(text)) is found
    assert bool(_spec_pattern(reference).search(sim.plain(text))) is found


def test_reference_walk_agrees_with_the_regex_spec_on_random_texts():
    rng = random.Random(20261124)
    for _ in range(3000):
        chars = "".join(rng.choice("0123456789ABVNZ") for _ in range(rng.randint(1, 7)))
        alphabet = chars + "-/_. 0A9Z" + "xé"
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.5:  # plant the reference, punctuated at random, somewhere
            planted = "".join(c + (rng.choice("-/_. ") if rng.random() < 0.3 else "") for c in chars)
            cut = rng.randint(0, len(text))
            text = text[:cut] + planted.rstrip("-/_. ") + text[cut:]
        text = sim.plain(text)
        assert sim.reference_in(chars, text) is bool(_spec_pattern(chars).search(text)), (chars, text)


def test_no_reference_is_never_found():
    assert sim.reference_in(None, "ANY TEXT") is False
    assert sim.reference_in("--", "-- --") is False
