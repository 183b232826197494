"""The shortcuts taken for speed (Issue #8) give exactly what the plain computation gives."""

from __future__ import annotations

import random
import re

import pytest

from glaneur.transforms import sanitise
from glaneur.transforms.sanitise import display_text


def _display_text_plain(text: str) -> str:
    """`display_text` as it was before its shortcuts: every pattern run on every pass."""
    text = sanitise._CONTROL.sub("", text)
    for _ in range(sanitise.MAX_PASSES):
        cleaner = sanitise._SCRIPT_URL.sub("", sanitise._EVENT_HANDLER.sub(
            "", sanitise._TAG.sub("", sanitise._without_active_blocks(text))))
        if cleaner == text:
            break
        text = cleaner
    else:
        text = sanitise._TAG.sub(lambda tag: "\u2039" + tag.group()[1:],
                                 sanitise._ACTIVE_TAG.sub(lambda tag: "\u2039" + tag.group()[1:], text))
    return sanitise._TRAILING_SPACE.sub("\n", text).strip()


CASES = [
    "Chargé de projet\nLieu : Bamako",
    "Voir javascript:alert(1) ici",
    "Lien JAVASCRIPT:alert(1)",
    "Lien ja\u0131vascript: x",
    "Lien javascr\u0130pt:alert(1)",
    "Lien java\u017fcript:alert(1)",
    "Lien javaſcript:alert(1) et DATA:text/html,<b>x</b>",
    "data : text/html;base64,AAA",
    "Data: 3 ans d'expérience",
    "JavaScript: 3 ans",
    '<img src=x onerror="alert(1)"> texte',
    "onclick=alert(1) sans balise",
    "<scr<b>ipt>alert(1)</script> fin",
    "ligne avec espaces   \nsuite\t\nfin  ",
    "<svg<",
    "a < b et c = d : e",
    "\x01\x02contrôle\x7f",
    "",
]


@pytest.mark.parametrize("text", CASES)
def test_display_text_same_as_plain(text: str) -> None:
    assert display_text(text) == _display_text_plain(text)


def test_display_text_same_as_plain_on_random_text() -> None:
    pieces = ["<", ">", "/", "script", "SCRIPT", "java", "vb", "live", "data", "DATA", ":", " ", "\n", "\t", "=",
              "on", "onload", "click", "b", "svg", "iframe", "text/html", "image/svg+xml", "\u017f", "\u0130",
              "\u0131", "x", "é", '"', "'", "\x01"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert display_text(text) == _display_text_plain(text), text


@pytest.mark.parametrize("text", ["", "  ", "Chargé_de  projet — Bamako ! ", "ÉTÉ 2026\n\n•\tx_y", "ﬁnance ½ Ⅻ"])
def test_content_hash_folds_as_the_substitution_did(text: str) -> None:
    import hashlib
    import unicodedata

    from glaneur.record import content_hash

    folded = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    assert content_hash(text) == hashlib.sha256(folded.encode("utf-8")).hexdigest()


def test_first_hit_is_find_for_every_trigger() -> None:
    """`Context.first_hit` (the one-pass trigger scan) gives what `low.find` gives, for triggers that overlap, extend
    one another or hold regex characters, known before the text or learnt on it."""
    import datetime

    from glaneur.transforms.extract import Context, _TriggerScan

    rng = random.Random(8)
    alphabet = "abc é.()*+?[]\\|\n"
    triggers = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(120)}
    triggers |= {"recrut", "recrutement", "is ", "this ", "), ", ") is", ""}
    for _ in range(200):
        text = "".join(rng.choice(alphabet + "RECRUTEMENT this is ") for _ in range(rng.randint(0, 300)))
        ctx = Context(text=text, language=None, today=datetime.date(2025, 3, 1))
        for trigger in sorted(triggers, key=lambda _: rng.random()):
            assert ctx.first_hit(trigger) == ctx.low.find(trigger), (text, trigger)
    scan = _TriggerScan()
    for trigger in triggers:
        scan.learn(trigger)
    indexed, hits = scan.first_hits("this is recrutement (x), is")
    assert indexed == triggers - {""}
    assert all(hits.get(t, -1) == "this is recrutement (x), is".find(t) for t in indexed)


@pytest.mark.parametrize("text", [
    "- un (01) superviseur à Kaya ;\n- un (01) superviseur à Dori ;", "Un ( 1 )\tChef de projet Résilience",
    "deux (2) animateurs;\ntrois (03) enquêteurs", "One (1) Finance Officer", "un (1) an d'expérience",
])
def test_bracketed_count_shortcut_keeps_every_counted_line(text: str) -> None:
    """counted_items and _counted_post_line return early on a text without a bracketed count: every text their
    patterns match has one."""
    from glaneur.transforms import extract

    for line in re.split(r"(?<=[;\n])", text):
        if extract._COUNTED_ITEM.match(line):
            assert extract._BRACKETED_COUNT.search(line)
    for match in extract._WORD_AND_DIGITS_POST_LINE.finditer(text):
        assert extract._BRACKETED_COUNT.search(match.group())
    assert extract._BRACKETED_COUNT.search(text)
    assert extract.counted_items(text.replace("(", "[")) == []
