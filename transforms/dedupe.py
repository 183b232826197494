"""Which posting a source record belongs to, and what the posting's canonical record is. Pure: no I/O, no clock.

Storage hands in the batch, the stored source records that share a candidate key with it (`candidate_keys`: exact
URL and content keys, reference, title, MinHash bands), the known boilerplate and the operators' overrides; this
module decides and explains. A decision rests on field evidence (title, reference, organisation, place, deadline)
and on description similarity computed after removing boilerplate — sentences shared by postings known to be
different jobs (an organisation's presentation, a board's chrome). Shared boilerplate never makes two jobs one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from rapidfuzz import fuzz

from glaneur.record import LIST_FIELDS, RECORD_FIELDS
from glaneur.transforms import similarity as sim

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|igshid|ref_src|"
    r"phpsessid|jsessionid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken|_ga|_gl)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}

# Text evidence is measured on the sampled shingles that are not boilerplate; with fewer than this (about 25 words)
# the text says nothing.
MIN_SPECIFIC_SHINGLES = 6
# How much of the smaller record's specific text the other must contain, by how well the titles agree; less when
# the deadlines are the same day (never below the floor). Organisation and place agreeing earn nothing: an
# organisation hiring for the same title in the same town again is the hardest negative there is.
CONTAINMENT_NEEDED = {"same": 0.6, "in_text": 0.75, "unknown": 0.85}
SAME_DEADLINE_RELIEF = 0.2
CONTAINMENT_FLOOR = 0.3
# A copy without a deadline first seen this long after the posting's deadline re-advertises it.
REPOST_GRACE_DAYS = 7
# Texts this alike are one job even when an extractor got a title wrong.
NEAR_IDENTICAL = 0.9
# Two records known to be different jobs teach boilerplate from the sentences they share, unless these cover so
# much of one of them that the "different" verdict itself is suspect.
MAX_SHARED_TO_LEARN = 0.8
# Compare a record with at most this many batch records per shared key (generic titles, boilerplate bands).
BATCH_KEY_FANOUT = 30
# Key kinds that alone make a record worth comparing, however many others share a key with it.
EXACT_KINDS = ("url", "content", "reference")
# Records compared with each incoming record besides exact matches: those sharing the most keys with it.
CANDIDATES_PER_RECORD = 8


def normalise_url(url: str | None) -> str | None:
    """The URL with tracking and session parameters, default ports, fragments and trailing slashes removed.

    >>> normalise_url("HTTPS://Example.org:443/jobs/12/?utm_source=x&id=3#apply")
    'https://example.org/jobs/12?id=3'
    """
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE)
    path = re.sub(r"/{2,}", "/", path).rstrip("/") or ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value and value != "asap" else None
    except (TypeError, ValueError):
        return None


@dataclass
class Profile:
    """The comparable view of one source record: folded fields and a sample of its description's shingles."""

    title_tokens: frozenset[str]
    title_phrase: str
    text_phrase: str
    shingles: np.ndarray  # the sampled shingles of the description
    shingle_sentences: np.ndarray  # for each, the hash of the sentence it starts in
    sentences: np.ndarray  # the hashes of the description's sentences
    org_tokens: frozenset[str]
    org_phrase: str
    org_initials: str
    reference: str  # letters and digits only (`sim.compact`), for keys and equality
    reference_text: str  # as written
    cities: frozenset[str]
    countries: frozenset[str]
    deadline: date | None
    posted: date | None
    repost_marker: bool
    description: str
    url_key: str | None
    content_hash: str | None
    all_shingles: np.ndarray | None = None  # every shingle, kept only to compute MinHash bands

    @cached_property
    def compact_text(self) -> str:
        return sim.compact(self.description)

    @cached_property
    def plain_text(self) -> str:
        return sim.plain(self.description)



def profile(record: dict[str, Any], url_key: str | None = None, *, keep_all_shingles: bool = False) -> Profile:
    title = record.get("title") or ""
    locations = record.get("locations") or []
    cities = frozenset(" ".join(sim.words(loc.get("city"))) for loc in locations if loc.get("city"))
    place_words = {word for city in cities for word in city.split()}
    title_words = [w for w in sim.significant(sim.words(sim.strip_repost_marker(title))) if w not in place_words]
    description = record.get("description") or title
    text_sentences = sim.sentences(description)
    text = sim.shingle_text(text_sentences)
    org_words = [w for w in sim.words(record.get("organization")) if w not in sim.LEGAL_FORMS]
    org_significant = sim.significant(org_words)
    return Profile(
        title_tokens=frozenset(title_words),
        title_phrase=" ".join(title_words) if len(title_words) >= 2 else "",
        text_phrase=f" {' '.join(sim.significant([w for sentence in text_sentences for w in sentence]))} ",
        shingles=text.sampled,
        shingle_sentences=text.sampled_sentence,
        sentences=text.sentences,
        org_tokens=frozenset(org_significant),
        org_phrase=" ".join(org_significant),
        org_initials=sim.acronym(org_words) if len(org_words) >= 2 else "",
        reference=sim.compact(record.get("reference")),
        reference_text=record.get("reference") or "",
        cities=cities,
        countries=frozenset(loc["country"] for loc in locations if loc.get("country")),
        deadline=_date(record.get("deadline")),
        posted=_date(record.get("posted_date")),
        repost_marker=sim.has_repost_marker(title),
        description=description or "",
        url_key=url_key if url_key is not None else normalise_url(record.get("url")),
        content_hash=record.get("content_hash"),
        all_shingles=text.all if keep_all_shingles else None,
    )


class Fingerprint(NamedTuple):
    """What deciding needs of an incoming record: its profile and the keys its candidates are found under."""

    profile: Profile
    keys: dict[int, str]


def fingerprint_of(record: dict[str, Any], url_key: str | None = None) -> Fingerprint:
    """A pure function of the record, so that extraction workers can compute it ahead of the publishing process."""
    found = profile(record, url_key, keep_all_shingles=True)
    keys = candidate_keys(found)
    found.all_shingles = None  # only the keys needed them; a profile kept for the batch stays small
    return Fingerprint(found, keys)


def block_key(record: dict[str, Any]) -> str | None:
    """The title's significant words, sorted: the readable blocking key kept on postings."""
    title_words = sorted(set(sim.significant(sim.words(sim.strip_repost_marker(record.get("title"))))))
    return " ".join(title_words)[:200] or None


def candidate_keys(p: Profile) -> dict[int, str]:
    """Stable keys under which storage files and finds this record: key → kind."""
    keys: dict[int, str] = {}
    if p.url_key:
        keys[sim.stable_key("url", p.url_key)] = "url"
    if p.content_hash:
        keys[sim.stable_key("content", p.content_hash)] = "content"
    if len(p.reference) >= 4:
        keys[sim.stable_key("reference", p.reference)] = "reference"
    if p.title_tokens:
        keys[sim.stable_key("title", " ".join(sorted(p.title_tokens)))] = "title"
        if p.org_phrase:
            keys[sim.stable_key("title+org", " ".join(sorted(p.title_tokens)) + "|" + p.org_phrase)] = "title"
    if p.all_shingles is None:
        raise ValueError("candidate keys need every shingle: profile(record, keep_all_shingles=True)")
    for band in sim.band_hashes(p.all_shingles):
        keys[band] = "text"
    return keys


def shortlist(batch: list[Incoming], hits: dict[int, set[int]]) -> set[int]:
    """The stored source records worth comparing: for each incoming record, those sharing an exact key (URL,
    content, reference) and the CANDIDATES_PER_RECORD sharing the most keys. Bounds the work when a generic title
    or an organisation's boilerplate makes many postings share one key.
    """
    by_key: dict[int, list[int]] = {}
    for source_id, keys in hits.items():
        for key in keys:
            by_key.setdefault(key, []).append(source_id)
    chosen: set[int] = set()
    for incoming in batch:
        shared: dict[int, int] = {}
        for key, kind in incoming.keys.items():
            for source_id in by_key.get(key, ()):
                if kind in EXACT_KINDS:
                    chosen.add(source_id)
                shared[source_id] = shared.get(source_id, 0) + 1
        chosen.update(sorted(shared, key=lambda source_id: (-shared[source_id], -source_id))[:CANDIDATES_PER_RECORD])
    return chosen


def boilerplate_scope(p: Profile, source: str) -> str:
    """Where boilerplate learnt from this record is filed: its organisation, else its source (a board's chrome)."""
    return (f"o:{p.org_phrase}" if p.org_phrase else f"s:{source}")[:120]


# ---- field relations ---------------------------------------------------------------------------------------------

def _title_relation(a: Profile, b: Profile) -> tuple[str, float]:
    if not a.title_tokens or not b.title_tokens:
        return "unknown", 0.0
    overlap = len(a.title_tokens & b.title_tokens) / len(a.title_tokens | b.title_tokens)
    short, long = sorted((a.title_tokens, b.title_tokens), key=len)
    extra = long - short

    def missing(token: str) -> bool:  # not in the other title, even misspelt
        return not (len(token) >= 5 and any(fuzz.ratio(token, other) >= 88 for other in extra))

    if not any(map(missing, short - long)):
        return "same", overlap
    if (a.title_phrase and f" {a.title_phrase} " in b.text_phrase) or (
            b.title_phrase and f" {b.title_phrase} " in a.text_phrase):
        return "in_text", overlap
    return "different", overlap


def _org_relation(a: Profile, b: Profile) -> str:
    if not a.org_tokens or not b.org_tokens:
        return "unknown"
    if len(a.org_tokens & b.org_tokens) / min(len(a.org_tokens), len(b.org_tokens)) >= 0.5:
        return "same"
    compact_a, compact_b = a.org_phrase.replace(" ", ""), b.org_phrase.replace(" ", "")
    if (a.org_initials and a.org_initials == compact_b) or (b.org_initials and b.org_initials == compact_a):
        return "same"
    if f" {a.org_phrase} " in b.text_phrase or f" {b.org_phrase} " in a.text_phrase:
        return "same"
    return "different"


def _location_relation(a: Profile, b: Profile) -> str:
    """Towns in common, or none. Strict on purpose: an organisation's boilerplate often names all its offices, so
    "the other town is mentioned in my text" says nothing, while twin posts in two towns are common."""
    if a.cities and b.cities:
        return "same" if a.cities & b.cities else "different"
    if a.countries and b.countries:
        return "same" if a.countries & b.countries else "different"
    return "unknown"


def _reference_relation(a: Profile, b: Profile) -> str:
    """The same reference, however punctuated or labelled ("Réf. 03/2024/IOT" = "032024-iot"), given by both or
    written in the other's text; one that goes on ("VN/2024/112-R", "…/0123") is another."""
    if a.reference and b.reference:
        short, long = sorted((a, b), key=lambda p: len(p.reference))
        if short.reference == long.reference or (
                len(short.reference) >= 6 and sim.reference_in(short.reference, sim.plain(long.reference_text))):
            return "same"
    for one, other in ((a, b), (b, a)):  # letters and digits in a row first: cheap, and needed for a match
        if (len(one.reference) >= 6 and one.reference in other.compact_text
                and sim.reference_in(one.reference, other.plain_text)):
            return "same"
    return "different" if a.reference and b.reference else "unknown"


@dataclass
class Relation:
    """Field evidence between two records; `vetoes` names the fields that say "different jobs"."""

    title: str
    title_overlap: float
    organization: str
    location: str
    reference: str
    vetoes: list[str]

    def as_evidence(self) -> dict[str, Any]:
        return {"title": self.title, "title_overlap": round(self.title_overlap, 3),
                "organization": self.organization, "location": self.location, "reference": self.reference}


def relate(a: Profile, b: Profile) -> Relation:
    title, overlap = _title_relation(a, b)
    relation = Relation(title, overlap, _org_relation(a, b), _location_relation(a, b), _reference_relation(a, b), [])
    relation.vetoes = [name for name in ("reference", "location", "organization", "title")
                       if getattr(relation, name) == "different"]
    return relation


def text_similarity(a: np.ndarray, b: np.ndarray) -> tuple[float | None, float | None, int]:
    """(containment of the smaller in the larger, resemblance, shared shingles) of two specific shingle sets."""
    shared = len(np.intersect1d(a, b, assume_unique=True))
    smaller = min(len(a), len(b))
    if smaller < MIN_SPECIFIC_SHINGLES:
        return None, None, shared
    return shared / smaller, shared / (len(a) + len(b) - shared), shared


@dataclass
class Verdict:
    same: bool
    rule: str
    score: float
    evidence: dict[str, Any]


def judge(a: Profile, b: Profile, relation: Relation, specific_a: np.ndarray, specific_b: np.ndarray) -> Verdict:
    """Same job or not, from field evidence and the similarity of the text that is not boilerplate."""
    containment, resemblance, shared = text_similarity(specific_a, specific_b)
    evidence = {**relation.as_evidence(),
                "text": {"containment": _round(containment), "resemblance": _round(resemblance),
                         "shared_shingles": shared, "boilerplate_removed": int(len(a.shingles) - len(specific_a))}}
    exact = ("same_content" if a.content_hash and a.content_hash == b.content_hash
             else "same_url" if a.url_key and a.url_key == b.url_key else None)
    if exact:
        evidence["exact"] = exact
    vetoes = hard_vetoes(relation, resemblance)
    if vetoes:
        evidence["vetoes"] = vetoes
        return Verdict(False, "different", 0.0, evidence)
    if exact:
        return Verdict(True, exact, 1.0, evidence)
    if relation.reference == "same" and relation.title != "different":
        return Verdict(True, "same_reference", round(0.9 + 0.1 * (containment or 0), 3), evidence)
    if containment is None:  # too little text to compare: the fields must agree, and say more than a title
        fields_agree = (relation.title == "same" and relation.organization == "same"
                        and (relation.location == "same" or bool(a.deadline and a.deadline == b.deadline)))
        return Verdict(fields_agree, "same_fields" if fields_agree else "different",
                       round(relation.title_overlap, 3), evidence)
    needed = CONTAINMENT_NEEDED["unknown" if relation.title == "different" else relation.title]
    if a.deadline and a.deadline == b.deadline:
        needed -= SAME_DEADLINE_RELIEF
    needed = round(max(needed, CONTAINMENT_FLOOR), 2)
    if containment >= needed:
        return Verdict(True, "near_duplicate", round(containment, 3), evidence)
    evidence["containment_needed"] = needed
    return Verdict(False, "different", round(containment, 3), evidence)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def repost_evidence(earlier: Profile, later: Profile, *, earlier_deadline: date | None,
                    later_seen: date | None) -> dict[str, Any] | None:
    """Why `later` is the same job advertised again after `earlier` closed, or None when it is the same posting.

    A later deadline published or first seen after the first deadline passed, or a repost marker, makes a repost; a
    deadline extension (a later deadline seen before the old one passed) stays one posting. A copy whose deadline
    the text does not give counts as a repost only when first seen well after the first deadline.
    """
    if earlier_deadline is None or (later.deadline is not None and later.deadline <= earlier_deadline):
        return None
    reasons: dict[str, Any] = {}
    if later.posted and later.posted > earlier_deadline:
        reasons["posted_after_deadline"] = later.posted.isoformat()
    grace = timedelta(days=0 if later.deadline else REPOST_GRACE_DAYS)
    if later_seen and later_seen > earlier_deadline + grace:
        reasons["seen_after_deadline"] = later_seen.isoformat()
    if later.repost_marker and not earlier.repost_marker:
        reasons["repost_marker"] = True
    if not reasons:
        return None
    return {"earlier_deadline": earlier_deadline.isoformat(),
            "later_deadline": later.deadline.isoformat() if later.deadline else None, **reasons}


# ---- the batch decision ----------------------------------------------------------------------------------------

@dataclass
class Incoming:
    """A source record about to be published, with its profile and candidate keys."""

    key: tuple[str, str]
    record: dict[str, Any]
    url_key: str | None
    structured: bool = False
    # The day the record's capture was fetched, when known (else the batch's day): a batch may gather captures of
    # several days (a backlog, a reprocess), and whether a copy re-advertises a job depends on when it was met.
    seen: date | None = None
    # Computed beforehand (in an extraction worker) from this record and url_key, or here when not given.
    fingerprint: Fingerprint | None = None
    profile: Profile = field(init=False)
    keys: dict[int, str] = field(init=False)

    def __post_init__(self) -> None:
        self.profile, self.keys = self.fingerprint or fingerprint_of(self.record, self.url_key)


@dataclass
class Candidate:
    """A stored source record sharing a key with the batch (or named by an override), and its posting."""

    source_id: int
    posting_id: int
    key: tuple[str, str]
    record: dict[str, Any] | None  # None when its profile is given
    keys: set[int]
    posting_deadline: date | None = None
    profile: Profile | None = None

    def __post_init__(self) -> None:
        if self.profile is None:
            self.profile = profile(self.record)


@dataclass(frozen=True)
class Override:
    """An operator's decision between two source records: `merge` (one posting) or `split` (never one posting)."""

    action: str
    key: tuple[str, str]
    other_key: tuple[str, str]


@dataclass
class Decision:
    """Where one incoming record goes: a stored posting, or the new posting of batch group `group`."""

    index: int
    posting_id: int | None = None
    group: int | None = None
    rule: str = "new"
    score: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)
    decided_by: str = "machine"
    repost_of_posting: int | None = None
    repost_of_group: int | None = None


@dataclass
class Outcome:
    decisions: list[Decision]
    learned_boilerplate: list[tuple[str, int]]


def _describe(node: tuple[str, int], batch: list[Incoming], candidates: list[Candidate]) -> dict[str, Any]:
    kind, index = node
    if kind == "batch":
        return {"source": batch[index].key[0], "external_id": batch[index].key[1], "in_batch": True}
    found = candidates[index]
    return {"source": found.key[0], "external_id": found.key[1], "source_id": found.source_id,
            "posting_id": found.posting_id}


def hard_vetoes(relation: Relation, resemblance: float | None) -> list[str]:
    """The field conflicts that keep two records apart; a title conflict yields to near-identical texts."""
    return [v for v in relation.vetoes if v != "title" or (resemblance or 0) < NEAR_IDENTICAL]


def decide(batch: list[Incoming], candidates: list[Candidate], *, today: date,
           boilerplate: dict[str, set[int]] | None = None, overrides: list[Override] = ()) -> Outcome:
    """Decide every incoming record: join a stored posting, found a new one (maybe a repost), or join a batch mate.

    `boilerplate` holds the known boilerplate sentences of the scopes involved (`boilerplate_scope`); what the
    batch teaches is returned in `learned_boilerplate` as (scope, sentence hash) for storage to keep. Two stored
    postings are never merged here: that is an operator's call (`glaneur dedup merge`).
    """
    boilerplate = boilerplate or {}
    pairs = _pairs(batch, candidates)
    profiles = [incoming.profile for incoming in batch]

    def profile_of(node: tuple[str, int]) -> Profile:
        return profiles[node[1]] if node[0] == "batch" else candidates[node[1]].profile

    # Pass 1: field relations; records known to be different jobs teach boilerplate from what they share.
    relations = {pair: relate(profiles[pair[0]], profile_of(pair[1])) for pair in pairs}
    learned: dict[tuple[str, int], None] = {}
    for (index, other), relation in relations.items():
        if relation.vetoes:
            other_source = (batch[other[1]] if other[0] == "batch" else candidates[other[1]]).key[0]
            for scope, sentence in _shared_boilerplate(profiles[index], batch[index].key[0], profile_of(other),
                                                       other_source, boilerplate):
                learned[(scope, sentence)] = None
    known = np.array(sorted(set().union(*boilerplate.values()) | {h for _, h in learned}), dtype=np.int64)
    specific: dict[tuple[str, int], np.ndarray] = {}

    def specific_of(node: tuple[str, int]) -> np.ndarray:
        """The sampled shingles of the record's sentences that are not boilerplate."""
        if node not in specific:
            p = profile_of(node)
            # The record's few boilerplate sentences first (a binary search each in the sorted known ones), then
            # its shingles in them: the cost follows the record's size, not how much boilerplate the store knows.
            found = known[np.minimum(np.searchsorted(known, p.sentences), len(known) - 1)] if len(known) else known
            boilerplate_here = p.sentences[found == p.sentences] if len(known) else found
            specific[node] = (p.shingles[~_among(p.shingle_sentences, boilerplate_here)] if len(boilerplate_here)
                              else p.shingles)
        return specific[node]

    # Pass 2: verdicts with boilerplate removed; a same-job pair is a merge, or a repost when one re-advertises
    # the other after its deadline.
    links = _Links()
    for (index, other), relation in relations.items():
        verdict = judge(profiles[index], profile_of(other), relation, specific_of(("batch", index)),
                        specific_of(other))
        verdict.evidence["keys"] = sorted(pairs[(index, other)])
        verdict.evidence["matched"] = _describe(other, batch, candidates)
        target = other if other[0] == "batch" else ("posting", candidates[other[1]].posting_id)
        if not verdict.same:
            links.reject(index, target, verdict, vetoed="vetoes" in verdict.evidence)
            continue
        repost = _repost(index, other, batch, candidates, today)
        if repost is None:
            links.merge(index, target, verdict.score, {**verdict.evidence, "rule": verdict.rule})
            continue
        later, earlier, evidence = repost
        links.forbid(index, target)
        earlier_node = earlier if earlier[0] == "batch" else ("posting", candidates[earlier[1]].posting_id)
        links.reposts.setdefault(later, (earlier_node, {**verdict.evidence, "repost": evidence}))

    links.apply(overrides, batch, candidates)

    clusters = _Clusters(len(batch), links.cannot_links(), lambda i, j: _batch_vetoes(i, j, profiles, specific_of))
    accepted: dict[int, tuple[float, dict]] = {}
    for score, index, target, evidence in sorted(links.merges, key=lambda m: (-m[0], m[1])):
        if clusters.join(index, target):
            ends = [index, target[1]] if target[0] == "batch" else [index]
            for member in ends:
                if member not in accepted or accepted[member][0] < score:
                    accepted[member] = (score, evidence)

    group_repost: dict[int, tuple[str, int]] = {}
    for later, (earlier, evidence) in links.reposts.items():
        root = clusters.find(later)
        if clusters.posting.get(root) is None:
            group_repost.setdefault(root, earlier)
            accepted.setdefault(later, (1.0, {**evidence, "rule": "repost"}))
    decisions = []
    for index in range(len(batch)):
        root = clusters.find(index)
        decision = Decision(index, posting_id=clusters.posting.get(root),
                            decided_by="operator" if index in links.operator else "machine")
        if decision.posting_id is None:
            decision.group = root
            earlier = group_repost.get(root)
            if earlier and earlier[0] == "posting":
                decision.repost_of_posting = earlier[1]
            elif earlier:
                earlier_root = clusters.find(earlier[1])
                decision.repost_of_posting = clusters.posting.get(earlier_root)
                decision.repost_of_group = None if decision.repost_of_posting else earlier_root
        founder = decision.posting_id is None and min(clusters.members[root]) == index
        if index in accepted and not (founder and accepted[index][1]["rule"] != "repost"):
            decision.score, evidence = accepted[index]
            decision.evidence = dict(evidence)
            decision.rule = decision.evidence.pop("rule")
        else:
            decision.evidence = {"rejected": links.best_rejected(index)}
        decisions.append(decision)
    return Outcome(decisions, list(learned))


def _pairs(batch: list[Incoming], candidates: list[Candidate]) -> dict[tuple[int, tuple[str, int]], set[str]]:
    """Pairs worth comparing and the kinds of keys they share: each record with the stored records storage found
    for it, and with the earlier records of the batch that share an exact key or are among the
    CANDIDATES_PER_RECORD sharing the most keys."""
    stored_by_key: dict[int, list[int]] = {}
    for c_index, candidate in enumerate(candidates):
        for key in candidate.keys:
            stored_by_key.setdefault(key, []).append(c_index)
    pairs: dict[tuple[int, tuple[str, int]], set[str]] = {}
    batch_by_key: dict[int, list[int]] = {}
    for index, incoming in enumerate(batch):
        shared: dict[int, set[str]] = {}
        for key, kind in incoming.keys.items():
            for c_index in stored_by_key.get(key, ()):
                pairs.setdefault((index, ("stored", c_index)), set()).add(kind)
            mates = batch_by_key.setdefault(key, [])
            for mate in mates[-BATCH_KEY_FANOUT:]:
                shared.setdefault(mate, set()).add(kind)
            mates.append(index)
        ranked = sorted(shared, key=lambda mate: (-len(shared[mate]), -mate))
        for rank, mate in enumerate(ranked):
            if rank < CANDIDATES_PER_RECORD or shared[mate] & set(EXACT_KINDS):
                pairs[(index, ("batch", mate))] = shared[mate]
    return pairs


def _shared_boilerplate(mine: Profile, my_source: str, theirs: Profile, their_source: str,
                        known: dict[str, set[int]]) -> list[tuple[str, int]]:
    """(scope, sentence) for the sentences two different jobs share that their scopes do not know yet."""
    shared = np.intersect1d(mine.sentences, theirs.sentences, assume_unique=True).tolist()
    scopes = sorted({boilerplate_scope(mine, my_source), boilerplate_scope(theirs, their_source)})
    new = [(scope, h) for scope in scopes for h in shared if h not in known.get(scope, ())]
    if not new:
        return []
    shared_hashes = np.asarray(shared, dtype=np.int64)
    covered = [_among(p.shingle_sentences, shared_hashes).sum() / max(len(p.shingles), 1) for p in (mine, theirs)]
    return new if min(covered) < MAX_SHARED_TO_LEARN else []


def _among(values: np.ndarray, few: np.ndarray) -> np.ndarray:
    """`np.isin` for the few sentences two records share or one record's boilerplate: one broadcast comparison,
    several times faster than isin's general method on such small sets (it ran for every pair compared)."""
    return (values[:, None] == few[None, :]).any(axis=1)


def _batch_vetoes(i: int, j: int, profiles: list[Profile], specific_of) -> list[str]:
    _, resemblance, _ = text_similarity(specific_of(("batch", i)), specific_of(("batch", j)))
    return hard_vetoes(relate(profiles[i], profiles[j]), resemblance)


def _repost(index: int, other: tuple[str, int], batch: list[Incoming], candidates: list[Candidate],
            today: date) -> tuple[int, tuple[str, int], dict] | None:
    """(later batch index, earlier node, evidence) when one record re-advertises the other, else None.

    A copy counts as met on its capture's day (never after the batch's day), else on the batch's day. Against a
    stored posting that is the day the copy came after it. Within a batch, a copy is later only if it was met
    later than the other: two copies met the same day are judged on their deadlines, publication dates and
    markers alone (a backlog of old files dropped at once is not a series of reposts).
    """
    def met(position: int) -> date:
        seen = batch[position].seen
        return min(seen, today) if seen else today

    mine = batch[index].profile
    if other[0] == "stored":
        stored = candidates[other[1]]
        deadline = max(filter(None, (stored.posting_deadline, stored.profile.deadline)), default=None)
        evidence = repost_evidence(stored.profile, mine, earlier_deadline=deadline, later_seen=met(index))
        return (index, other, evidence) if evidence else None
    mate = batch[other[1]].profile
    evidence = repost_evidence(mate, mine, earlier_deadline=mate.deadline,
                               later_seen=met(index) if met(index) > met(other[1]) else None)
    if evidence:
        return index, other, evidence
    evidence = repost_evidence(mine, mate, earlier_deadline=mine.deadline,
                               later_seen=met(other[1]) if met(other[1]) > met(index) else None)
    return (other[1], ("batch", index), evidence) if evidence else None


class _Links:
    """The pairwise outcomes of a batch: merges to try, cannot-links, reposts, rejections kept for explanations."""

    def __init__(self) -> None:
        self.merges: list[tuple[float, int, tuple[str, int], dict]] = []
        self.reposts: dict[int, tuple[tuple[str, int], dict]] = {}
        self.vetoed: set[tuple[int, tuple[str, int]]] = set()
        self.agreed: set[tuple[int, tuple[str, int]]] = set()
        self.forced: set[tuple[int, tuple[str, int]]] = set()
        self.rejected: dict[int, list[dict]] = {}
        self.operator: set[int] = set()

    def merge(self, index: int, target: tuple[str, int], score: float, evidence: dict) -> None:
        self.merges.append((score, index, target, evidence))
        self.agreed.add((index, target))

    def reject(self, index: int, target: tuple[str, int], verdict: Verdict, *, vetoed: bool) -> None:
        if vetoed:
            self.vetoed.add((index, target))
        self.rejected.setdefault(index, []).append({**verdict.evidence, "score": verdict.score})

    def forbid(self, index: int, target: tuple[str, int]) -> None:
        self.forced.add((index, target))

    def cannot_links(self) -> set[tuple[int, tuple[str, int]]]:
        """Vetoed pairs (unless another source of the same posting agreed), reposts and operator splits."""
        return (self.vetoed - self.agreed) | self.forced

    def best_rejected(self, index: int) -> list[dict]:
        return sorted(self.rejected.get(index, []), key=lambda e: -e["score"])[:3]

    def apply(self, overrides: list[Override], batch: list[Incoming], candidates: list[Candidate]) -> None:
        """Operators' splits become cannot-links and their merges merges that outrank any machine score."""
        batch_nodes = {incoming.key: index for index, incoming in enumerate(batch)}
        stored_nodes = {c.key: ("posting", c.posting_id) for c in candidates}
        for override in overrides:
            for one, two in ((override.key, override.other_key), (override.other_key, override.key)):
                if one not in batch_nodes:
                    continue
                index = batch_nodes[one]
                target = ("batch", batch_nodes[two]) if two in batch_nodes else stored_nodes.get(two)
                if target is None:
                    continue
                self.operator.add(index)
                if override.action == "split":
                    self.forced.add((index, target))
                    self.merges = [m for m in self.merges if (m[1], m[2]) != (index, target)]
                else:
                    self.merges.append((2.0, index, target, {"rule": "operator_merge",
                                                             "matched": {"source": two[0], "external_id": two[1]}}))


class _Clusters:
    """Union-find over batch records, where a stored posting may anchor a group; cannot-links are respected."""

    def __init__(self, size: int, cannot: set[tuple[int, tuple[str, int]]], batch_vetoes):
        self.parent = list(range(size))
        self.members = {i: [i] for i in range(size)}
        self.posting: dict[int, int] = {}
        self.cannot = cannot
        self.batch_vetoes = batch_vetoes
        self._vetoes: dict[tuple[int, int], bool] = {}

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def _apart(self, i: int, j: int) -> bool:
        if (i, ("batch", j)) in self.cannot or (j, ("batch", i)) in self.cannot:
            return True
        pair = (min(i, j), max(i, j))
        if pair not in self._vetoes:
            self._vetoes[pair] = bool(self.batch_vetoes(*pair))
        return self._vetoes[pair]

    def _barred(self, members: list[int], posting_id: int | None) -> bool:
        return posting_id is not None and any((m, ("posting", posting_id)) in self.cannot for m in members)

    def join(self, index: int, target: tuple[str, int]) -> bool:
        root = self.find(index)
        if target[0] == "posting":
            current = self.posting.get(root)
            if current is not None:
                return current == target[1]
            if self._barred(self.members[root], target[1]):
                return False
            self.posting[root] = target[1]
            return True
        other = self.find(target[1])
        if other == root:
            return True
        mine, theirs = self.posting.get(root), self.posting.get(other)
        if mine is not None and theirs is not None and mine != theirs:
            return False
        if self._barred(self.members[root], theirs) or self._barred(self.members[other], mine):
            return False
        if any(self._apart(i, j) for i in self.members[root] for j in self.members[other]):
            return False
        keep, drop = sorted((root, other))
        self.parent[drop] = keep
        self.members[keep].extend(self.members.pop(drop))
        posting_id = mine if mine is not None else theirs
        self.posting.pop(drop, None)
        if posting_id is not None:
            self.posting[keep] = posting_id
        return True


# ---- canonical record --------------------------------------------------------------------------------------------

def _completeness(record: dict[str, Any]) -> int:
    return sum(1 for key in RECORD_FIELDS if record.get(key) not in (None, [], ""))


def canonical(records: list[tuple[dict[str, Any], bool, str]]) -> dict[str, Any]:
    """The canonical record from all sources of one posting: `(record, structured, last_seen_iso)` each.

    Each field comes from the best source that has it: structured over free text, then more complete, then newer.
    The deadline is the latest any source gives: deadlines only move later (extensions), and a stale copy of the
    first announcement must not pull an extended posting back.
    """
    ranked = sorted(records, key=lambda r: (r[1], _completeness(r[0]), r[2]), reverse=True)
    merged: dict[str, Any] = {}
    for key in RECORD_FIELDS:
        empty: Any = [] if key in LIST_FIELDS else None
        merged[key] = next((r[0][key] for r in ranked if r[0].get(key) not in (None, [], "")), empty)
    deadlines = [d for d in (_date(r[0].get("deadline")) for r in records) if d]
    if deadlines:
        merged["deadline"] = max(deadlines).isoformat()
    return merged
