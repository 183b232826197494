"""Text and field normalisation for deduplication: folded tokens, shingles, MinHash bands. Pure: no I/O.

Two sources of the same job rarely share bytes: a board wraps it in its chrome, a PDF breaks its lines and repeats
page headers, a feed truncates it, French inclusive writing is spelt three ways. Everything here maps such variants
to the same tokens, so that the same job gives (nearly) the same shingle set in every format. Hashes are stable
across processes (blake2b, never Python's salted `hash`), because sentence and band hashes are stored.

MinHash is a few lines of numpy here rather than datasketch's: importing datasketch loads scipy, seconds on every
`glaneur` command start, for the same signatures.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
# Descriptions are compared on the shingles whose hash is divisible by this: a consistent sample (Broder's mod-m
# fingerprints) that estimates containment and resemblance without bias at a quarter of the cost and storage.
SAMPLE_MODULUS = 4
MINHASH_PERMUTATIONS = 64
BAND_ROWS = 4  # 16 bands of 4: a pair with resemblance 0.6 shares a band with probability 0.89, 0.8 → 0.9999
MINHASH_SEED = 20240601

# "chargé·e·s", "chargé.es", "chargé(e)", "salarié-e-s", "coordinateur·rice", "directeur/trice" → the stem only.
_INCLUSIVE = re.compile(
    r"(?<=\w)[·∙•.\-/(]\s?(?:e|es|s|fe|ne|nes|le|les|rice|rices|trice|trices|ice|euse|euses|eure)\)?"
    r"(?:[·∙•.\-]s)?(?=[^\w]|$)"
)
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)")
_COMBINING = re.compile(r"[\u0300-\u036f]")

# Markers boards put on a re-advertised job ("Re-advertisement:", "(re-advertised)", "Réédition", "2ème appel").
_REPOST_MARKER = re.compile(
    r"re-?\s?advertis\w*|readvertis\w*|re-?\s?post(?:ed|ing)?\b|r[ée]-?[ée]dition|republi\w+|re-?publi\w+|"
    r"relance\b|r[ée]ouverture|r[ée]-?ouvert\w*|"
    r"\b(?:2|3|deuxi[èe]me|second|2nd|2[èe]me|3[èe]me)\s+(?:appel|avis|call)\b",
    re.IGNORECASE,
)
LEGAL_FORMS = frozenset("asbl ong ngo association assoc sarl sa sas gmbh inc ltd foundation fondation".split())


def words(text: str | None) -> list[str]:
    """Case, accents, inclusive-writing marks and punctuation folded away; each word lightly stemmed.

    >>> words("Chargé·e·s de PROJETS (H/F) – Agadir")
    ['charg', 'de', 'projet', 'h', 'f', 'agadir']
    >>> words("chargée de projet") == words("Chargé.es de projets")
    True
    """
    return list(map(_STEMS.__getitem__, _WORD.findall(_fold(text)))) if text else []


def sentences(text: str | None) -> list[list[str]]:
    """The text's sentences as lists of `words`. Sentences end at . ! ? ; — never at a line break, which a PDF
    or a hard-wrapped e-mail puts anywhere — so the same text gives the same sentences in every format.

    >>> sentences("Lieu : Agadir.\\nContrat CDD\\nde 12 mois; temps plein")
    [['lieu', 'agadir'], ['contrat', 'cdd', 'de', '12', 'mois'], ['temp', 'plein']]
    """
    if not text:
        return []
    found = (list(map(_STEMS.__getitem__, _WORD.findall(part))) for part in _SENTENCE_END.split(_fold(text)))
    return [sentence for sentence in found if sentence]


def _fold(text: str) -> str:
    folded = _INCLUSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _COMBINING.sub("", unicodedata.normalize("NFKD", folded))


class _Memo(dict):
    """A bounded memo of a pure function of one string: `map(memo.__getitem__, words)` runs at C speed."""

    def __init__(self, function, size: int = 1 << 20):
        super().__init__()
        self.function, self.size = function, size

    def __missing__(self, key: str):
        value = self.function(key)
        if len(self) < self.size:
            self[key] = value
        return value


def _stem(word: str) -> str:
    """Plural s and feminine e folded ("projets" = "projet", "chargée" = "chargé"), never below four letters."""
    if len(word) > 4 and word.endswith("s"):
        word = word[:-1]
    while len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


_STEMS = _Memo(_stem)


STOPWORDS = frozenset(
    "a au aux avec ce ces d dans de des du en et h f l la le les m n ou par pour qu que qui s sa se ses sur un une "
    "w an and as at by for from in into is of on or the to with".split()
)
# Words that dress a title up without saying which job it is (stemmed like every other word).
TITLE_NOISE = frozenset(_stem(word) for word in (
    "offre offres emploi emplois avis recrutement recrute recherche recherchons poste postes profil vacancy "
    "vacancies job jobs opening hiring position appel candidature candidatures urgent nouveau nouvelle"
).split())
_SIGNIFICANT = _Memo(lambda t: t not in STOPWORDS and t not in TITLE_NOISE and (len(t) > 1 or t.isdigit()))


def significant(tokens: list[str]) -> list[str]:
    """The words that say something: no stopwords, no title dressing, no single letters."""
    return list(filter(_SIGNIFICANT.__getitem__, tokens))


def has_repost_marker(title: str | None) -> bool:
    return bool(title and _REPOST_MARKER.search(title))


def strip_repost_marker(title: str | None) -> str | None:
    return _REPOST_MARKER.sub(" ", title) if title else title


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")


_TOKEN_HASHES = _Memo(_token_hash)
_BASE = 1_000_003
_MULTIPLIERS = np.array([pow(_BASE, SHINGLE_WORDS - 1 - i, 1 << 64) for i in range(SHINGLE_WORDS)], dtype=np.uint64)
_POWERS = np.array([pow(_BASE, i, 1 << 64) for i in range(1024)], dtype=np.uint64)


@dataclass(frozen=True)
class TextShingles:
    """A description as shingles: all of them (for MinHash), a consistent sample, and for each sampled shingle
    the hash of the sentence it starts in (boilerplate is learnt and removed by whole sentences)."""

    all: np.ndarray
    sampled: np.ndarray
    sampled_sentence: np.ndarray
    sentences: np.ndarray


def shingle_text(text_sentences: list[list[str]]) -> TextShingles:
    lengths = np.array([len(sentence) for sentence in text_sentences], dtype=np.int64)
    tokens = [word for sentence in text_sentences for word in sentence]
    if not tokens:
        empty = np.empty(0, dtype=np.int64)
        return TextShingles(empty, empty, empty, empty)
    hashes = np.fromiter(map(_TOKEN_HASHES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    # A sentence's hash: the polynomial hash of its words, computed for all sentences at once.
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(tokens)) - np.repeat(starts, lengths)
    sentence_hashes = np.add.reduceat(hashes * _POWERS[position % len(_POWERS)], starts)
    sentence_hashes = ((sentence_hashes ^ lengths.astype(np.uint64)) >> np.uint64(1)).astype(np.int64)
    width = min(SHINGLE_WORDS, len(hashes))
    count = len(hashes) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):  # polynomial rolling hash; uint64 arithmetic wraps on purpose
        combined += hashes[offset:offset + count] * _MULTIPLIERS[SHINGLE_WORDS - width + offset]
    shingle_hashes = (combined >> np.uint64(1)).astype(np.int64)  # 63 bits: fits a signed BIGINT
    chosen = shingle_hashes % SAMPLE_MODULUS == 0
    sampled, first = np.unique(shingle_hashes[chosen], return_index=True)
    sentence_of_shingle = np.repeat(sentence_hashes, lengths)[:count]
    return TextShingles(np.unique(shingle_hashes), sampled, sentence_of_shingle[chosen][first],
                        np.unique(sentence_hashes))


# MinHash permutations: x → a·mix(x) + b on 64 bits (a odd: a bijection), one (a, b) per permutation, fixed by the
# seed so that band keys stored yesterday still match today's.
_PERMUTATIONS = np.random.Generator(np.random.PCG64(MINHASH_SEED)).integers(
    0, np.iinfo(np.uint64).max, size=(2, MINHASH_PERMUTATIONS), dtype=np.uint64, endpoint=True)
_A, _B = _PERMUTATIONS[0] | np.uint64(1), _PERMUTATIONS[1]


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads structured shingle hashes over all 64 bits."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def minhash(shingle_set: np.ndarray) -> np.ndarray:
    """The MinHash signature (MINHASH_PERMUTATIONS minima) of a set of shingle hashes."""
    mixed = _mix(shingle_set.astype(np.uint64))
    return (np.multiply.outer(mixed, _A) + _B).min(axis=0)


def band_hashes(shingle_set: np.ndarray) -> list[int]:
    """One stable 63-bit key per band of the MinHash signature, so that the bands can be looked up in SQL: two
    sets with resemblance J share at least one band with probability 1 - (1 - J^BAND_ROWS)^bands."""
    if len(shingle_set) == 0:
        return []
    values = minhash(shingle_set).astype("<u8")
    return [stable_key(f"b{band}", values[band * BAND_ROWS:(band + 1) * BAND_ROWS].tobytes())
            for band in range(MINHASH_PERMUTATIONS // BAND_ROWS)]


def stable_key(kind: str, value: str | bytes) -> int:
    """A signed 63-bit key for `kind:value`, the same in every process and on every machine."""
    data = value if isinstance(value, bytes) else value.encode()
    digest = hashlib.blake2b(kind.encode() + b"\x00" + data, digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def plain(text: str | None) -> str:
    """Upper case without accents: the text references are looked for in."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).upper() if text else ""


# Every ASCII byte but 0-9 and A-Z: what `compact` deletes once the text is upper case and ASCII.
_NOT_ALNUM = bytes(b for b in range(128) if not (48 <= b <= 57 or 65 <= b <= 90))


def compact(text: str | None) -> str:
    """Letters and digits only, upper case, no stemming: how references compare ("03/2024/IOT" = "032024-iot").

    The same as keeping [0-9A-Z] of `plain(text)` (checked on every code point), in byte operations: dedup
    compacts every candidate's description, and a regex over each cost 0.1 ms.

    >>> compact("Réf. 03/2024/IOTCER")
    'REF032024IOTCER'
    >>> compact("Straße ǰ ﬁn")
    'STRASSEJFIN'
    """
    if not text:
        return ""
    ascii_upper = unicodedata.normalize("NFKD", text).upper().encode("ascii", "ignore")
    return ascii_upper.translate(None, _NOT_ALNUM).decode("ascii")


_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _DIGITS | _LETTERS
_SEPARATORS = frozenset("-/_. ")
_CONTINUING = frozenset("-/_.")  # before a letter or digit, these make the reference go on ("…-R", "…/2")


def reference_in(reference: str | None, text: str) -> bool:
    """Whether a reference is written in a `plain` text however it is punctuated, but only whole: a label may
    precede it ("Réf. ", "VN/"), while more letters or digits after it make another reference (a
    re-advertisement's "-R", a second lot's "/2", "…/01" against "…/012").

    Between two of its characters the text may put one of - / _ . or a space. A walk from each place the first
    character occurs rather than a regex per reference: compiling one cost more than dedup's whole comparison.

    >>> [reference_in("03/2024/IOT", plain(t))
    ...  for t in ("Réf. 03-2024-IOT, Agadir", "REF032024IOT.", "03/2024/IOT-R", "103/2024/IOT")]
    [True, True, False, False]
    """
    chars = compact(reference)
    if not chars:
        return False
    rest, length = chars[1:], len(text)
    same_class = _DIGITS if chars[0] in _DIGITS else _LETTERS
    start = text.find(chars[0])
    while start != -1:
        if not (start and text[start - 1] in same_class):
            position = start + 1
            for char in rest:
                if position < length and text[position] in _SEPARATORS:
                    position += 1
                if position >= length or text[position] != char:
                    break
                position += 1
            else:
                if not _goes_on(text, position):
                    return True
        start = text.find(chars[0], start + 1)
    return False


def _goes_on(text: str, position: int) -> bool:
    """A letter or digit at `position`, maybe after one of - / _ . : the reference before it is longer."""
    following = text[position:position + 1]
    return following in _ALNUM or (following in _CONTINUING and text[position + 1:position + 2] in _ALNUM)


def acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t)
