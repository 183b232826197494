"""dedupe.decide on controlled records: pure, no store. Field vetoes, boilerplate, reposts, overrides, canonical."""

from datetime import date

import numpy as np
from lxml import html as lxml_html

from glaneur.corpus import generate
from glaneur.transforms import dedupe

from .records import chrome_text, pdf_text, record, sample_fields, sample_text, sibling_of_tpm

TODAY = date(2020, 9, 1)


def incoming(name: str, rec: dict, source: str = "inbox", url: str | None = None) -> dedupe.Incoming:
    return dedupe.Incoming((source, name), rec, dedupe.normalise_url(url))


def stored(source_id: int, posting_id: int, name: str, rec: dict, *, source: str = "inbox",
           deadline: date | None = None) -> dedupe.Candidate:
    """A stored source record, filed under the keys it would have been stored with."""
    keys = set(dedupe.candidate_keys(dedupe.profile(rec, keep_all_shingles=True)))
    return dedupe.Candidate(source_id, posting_id, (source, name), rec, keys, posting_deadline=deadline)


def tpm(**changes) -> dict:
    return record(**{**sample_fields("md-charge-tpm-agadir"), "description": sample_text("md-charge-tpm-agadir"),
                     **changes})


def groups(outcome: dedupe.Outcome) -> list[set[int]]:
    found: dict = {}
    for decision in outcome.decisions:
        found.setdefault(decision.posting_id or ("new", decision.group), set()).add(decision.index)
    return sorted(found.values(), key=min)


def test_one_job_as_text_board_page_and_pdf_is_one_group():
    text = sample_text("enabel-io-tcer-agadir")
    fields = sample_fields("enabel-io-tcer-agadir")
    batch = [incoming("txt", record(**fields, description=text)),
             incoming("html", record(**{**fields, "title": "Accueil › Maroc › " + fields["title"]},
                                     description=chrome_text(text)), "board", "https://board.example/o/1?utm_source=x"),
             incoming("pdf", record(**fields, description=pdf_text(text, "Enabel — Avis de recrutement")))]
    outcome = dedupe.decide(batch, [], today=TODAY)
    assert groups(outcome) == [{0, 1, 2}]
    founder, *others = outcome.decisions
    assert founder.rule == "new" and {d.rule for d in others} <= {"same_reference", "near_duplicate"}
    assert all(d.evidence["title"] == "same" and d.score >= 0.9 for d in others)


def test_the_shared_samples_are_three_different_jobs():
    batch = [incoming(stem, record(**sample_fields(stem), description=sample_text(stem)))
             for stem in ("enabel-io-tcer-agadir", "md-charge-tpm-agadir", "md-charge-ace")]
    assert groups(dedupe.decide(batch, [], today=TODAY)) == [{0}, {1}, {2}]


def sibling() -> dict:
    return record(title="Comptable des projets coopératives (CPC)", organization="Migrations & Développement",
                  locations=[{"city": "Tiznit", "region": None, "country": "MA"}], deadline="2020-09-24",
                  description=sibling_of_tpm())


def test_shared_boilerplate_with_another_title_and_place_is_another_job():
    batch = [incoming("tpm", tpm()), incoming("tpm-board", tpm(description=chrome_text(tpm()["description"])),
                                              "board"), incoming("sibling", sibling())]
    assert groups(dedupe.decide(batch, [], today=TODAY)) == [{0, 1}, {2}]


def test_two_jobs_known_apart_teach_the_boilerplate_they_share():
    mine = incoming("sibling", sibling())
    # Stored under the same keys as the incoming record: the two are compared whatever the MinHash draw.
    other = dedupe.Candidate(1, 10, ("inbox", "tpm"), tpm(), set(mine.keys))
    outcome = dedupe.decide([mine], [other], today=TODAY)
    [decision] = outcome.decisions
    assert decision.posting_id is None
    assert {"title", "location"} <= set(decision.evidence["rejected"][0]["vetoes"])
    # What the two jobs share (the presentation, the profile, the contract, how to apply) is M&D's boilerplate.
    shared = set(np.intersect1d(mine.profile.sentences, other.profile.sentences).tolist())
    assert len(shared) >= 10
    assert {(scope, sentence) for scope, sentence in outcome.learned_boilerplate} == {
        ("o:migration developpement", sentence) for sentence in shared}
    # Known, it is not learnt again.
    again = dedupe.decide([mine], [other], today=TODAY, boilerplate={"o:migration developpement": shared})
    assert again.learned_boilerplate == []


def test_known_boilerplate_is_left_out_of_the_text_evidence():
    """Same title and employer, no place or deadline to tell them apart: the text left once the boilerplate is out
    decides, and without the boilerplate the two jobs have little in common."""
    same_title = record(**{**sibling(), "title": tpm()["title"], "locations": [], "deadline": None})
    mine = incoming("sibling", same_title)
    other = dedupe.Candidate(1, 10, ("inbox", "tpm"), tpm(locations=[], deadline=None), set(mine.keys))
    shared = set(np.intersect1d(mine.profile.sentences, other.profile.sentences).tolist())
    blind = dedupe.decide([mine], [other], today=TODAY)
    informed = dedupe.decide([mine], [other], today=TODAY, boilerplate={"o:migration developpement": shared})
    [merged], [apart] = blind.decisions, informed.decisions
    assert merged.posting_id == 10  # all that text in common, nothing to say it is boilerplate
    assert apart.posting_id is None
    text = apart.evidence["rejected"][0]["text"]
    assert text["boilerplate_removed"] > 0 and text["containment"] < merged.evidence["text"]["containment"] / 2


def test_a_reference_conflict_keeps_otherwise_identical_texts_apart():
    """Two posts advertised with one text under two references (two positions) stay two postings."""
    text = sample_text("enabel-io-tcer-agadir")
    fields = sample_fields("enabel-io-tcer-agadir")
    batch = [incoming("a", record(**fields, description=text)),
             incoming("b", record(**{**fields, "reference": "07/2024/IOTCER/MOR180601T"},
                                  description=text.replace("03/2024/IOTCER", "07/2024/IOTCER")))]
    outcome = dedupe.decide(batch, [], today=TODAY)
    assert groups(outcome) == [{0}, {1}]
    assert outcome.decisions[1].evidence["rejected"][0]["vetoes"] == ["reference"]


def test_a_reference_is_the_same_however_written_and_another_when_it_goes_on():
    """Found on the corpus: "VN/2024/112" was taken for the same reference as the re-advertisement's
    "VN/2024/112-R" (one was a substring of the other), which merged a repost into its first announcement."""
    text = sample_text("enabel-io-tcer-agadir")
    fields = sample_fields("enabel-io-tcer-agadir")

    def relation(mine: str | None, theirs: str | None, their_text: str = text, my_text: str = text) -> str:
        one = dedupe.profile(record(**{**fields, "reference": mine}, description=my_text))
        other = dedupe.profile(record(**{**fields, "reference": theirs}, description=their_text))
        return dedupe.relate(one, other).reference

    assert relation("03/2024/IOTCER/MOR180601T", "Réf. 03-2024-IOTCER-MOR180601T") == "same"
    assert relation("03/2024/IOTCER/MOR180601T", "032024IOTCERMOR180601T") == "same"
    assert relation("03/2024/IOTCER/MOR180601T", None) == "same"  # written in the other's text
    renamed = text.replace("03/2024/IOTCER/MOR180601T", "03/2024/IOTCER/MOR180601T-R")
    assert relation("03/2024/IOTCER/MOR180601T", "03/2024/IOTCER/MOR180601T-R", renamed) == "different"
    assert relation("03/2024/IOTCER/MOR180601T", None, renamed) == "unknown"
    assert relation("03/2024/IOTCER/MOR18060", "03/2024/IOTCER/MOR180601T", "", "") == "different"
    assert relation("VN/2024/112", "VN/2024/112-R", "", "") == "different"
    assert relation("VN/2024/12", "VN/2024/112", "", "") == "different"
    assert relation("2024/112", "VN/2024/112", "", "") == "same"


def test_an_organisation_hiring_again_for_the_same_title_in_the_same_town_is_another_job():
    """Found at 10k (corpus seed 8): two consultancies of one organisation in Brussels, three weeks apart, no
    reference, texts sharing its presentation (boilerplate not learnt yet: nothing had told them apart). The
    organisation-and-town agreement lowered the text needed to 0.5 and merged them; it now earns nothing."""
    corpus = generate(10_000, seed=8)
    first, second = corpus.item(1553), corpus.item(6269)
    assert first.cluster_id != second.cluster_id and first.fields["title"] == second.fields["title"]
    batch = [incoming(item.name, record(**item.fields, description=lxml_html.fromstring(item.data).text_content()),
                      "board") for item in (first, second)]
    outcome = dedupe.decide(batch, [], today=second.seen)
    assert groups(outcome) == [{0}, {1}]
    [rejected] = outcome.decisions[1].evidence["rejected"]
    assert rejected["title"] == "same" and rejected["organization"] == "same" and rejected["location"] == "same"
    assert 0.5 <= rejected["text"]["containment"] < rejected["containment_needed"]


def test_twin_posts_in_two_towns_stay_apart_even_when_each_text_names_both_offices():
    text = sample_text("enabel-io-tcer-agadir") + "\n\nEnabel a des bureaux à Agadir et à Oujda."
    fields = sample_fields("enabel-io-tcer-agadir")
    twin = record(**{**fields, "locations": [{"city": "Oujda", "region": None, "country": "MA"}]},
                  description=text.replace("basé à **Agadir**", "basé à **Oujda**"))
    outcome = dedupe.decide([incoming("agadir", record(**fields, description=text)), incoming("oujda", twin)], [],
                            today=TODAY)
    assert groups(outcome) == [{0}, {1}]
    assert outcome.decisions[1].evidence["rejected"][0]["vetoes"] == ["location"]


def test_a_later_deadline_seen_before_the_first_passed_is_an_extension_of_the_same_posting():
    first = tpm(deadline="2020-09-24")
    later = tpm(deadline="2020-10-08", description=sample_text("md-charge-tpm-agadir").replace(
        "avant le 24 septembre 2020", "avant le 8 octobre 2020 (date limite prorogée)"))
    outcome = dedupe.decide([incoming("board", later, "board")], [stored(1, 10, "tpm", first,
                                                                          deadline=date(2020, 9, 24))],
                            today=date(2020, 9, 20))
    [decision] = outcome.decisions
    assert decision.posting_id == 10 and decision.repost_of_posting is None


def test_the_same_job_seen_again_after_its_deadline_with_a_new_one_is_a_repost():
    first = tpm(deadline="2020-09-24")
    again = tpm(deadline="2021-01-15", description=sample_text("md-charge-tpm-agadir").replace(
        "avant le 24 septembre 2020", "avant le 15 janvier 2021"))
    outcome = dedupe.decide([incoming("board", again, "board")], [stored(1, 10, "tpm", first,
                                                                          deadline=date(2020, 9, 24))],
                            today=date(2020, 12, 10))
    [decision] = outcome.decisions
    assert decision.posting_id is None and decision.repost_of_posting == 10 and decision.rule == "repost"
    assert decision.evidence["repost"]["seen_after_deadline"] == "2020-12-10"


def test_a_copy_without_a_deadline_is_a_repost_only_when_first_seen_well_after_the_deadline():
    first = tpm(deadline="2020-09-24")
    undated = tpm(deadline=None, description=sample_text("md-charge-tpm-agadir").replace(
        ", **avant le 24 septembre 2020**", ""))
    stored_first = stored(1, 10, "tpm", first, deadline=date(2020, 9, 24))
    [late] = dedupe.decide([incoming("page", undated, "board")], [stored_first], today=date(2020, 11, 2)).decisions
    assert late.repost_of_posting == 10 and late.evidence["repost"]["later_deadline"] is None
    [lagging] = dedupe.decide([incoming("page", undated, "board")], [stored_first], today=date(2020, 9, 28)).decisions
    assert lagging.posting_id == 10


def test_within_one_batch_a_copy_published_after_the_other_deadline_is_a_repost():
    first = tpm(deadline="2020-09-24", posted_date="2020-09-01")
    again = tpm(deadline="2021-01-15", posted_date="2020-12-20",
                title=tpm()["title"] + " (réédition)")
    outcome = dedupe.decide([incoming("first", first), incoming("again", again, "board")], [], today=TODAY)
    first_decision, again_decision = outcome.decisions
    assert again_decision.group != first_decision.group and again_decision.repost_of_group == first_decision.group
    assert again_decision.evidence["repost"]["posted_after_deadline"] == "2020-12-20"


def test_within_one_batch_a_copy_met_after_the_other_deadline_with_a_new_one_is_a_repost():
    """Found on the corpus: a repost whose text and title carry no date or marker, published in the same batch as
    the first announcement (a batch gathering several days' captures), was merged into it."""
    first = tpm(deadline="2020-09-24")
    again = tpm(deadline="2021-01-15", description=sample_text("md-charge-tpm-agadir").replace(
        "avant le 24 septembre 2020", "avant le 15 janvier 2021"))

    def batch(again_seen: date) -> list[dedupe.Incoming]:
        return [dedupe.Incoming(("inbox", "first"), first, None, seen=date(2020, 9, 1)),
                dedupe.Incoming(("board", "again"), again, None, seen=again_seen)]

    outcome = dedupe.decide(batch(date(2020, 12, 10)), [], today=date(2020, 12, 10))
    first_decision, again_decision = outcome.decisions
    assert again_decision.group != first_decision.group and again_decision.repost_of_group == first_decision.group
    assert again_decision.evidence["repost"]["seen_after_deadline"] == "2020-12-10"
    assert groups(dedupe.decide(batch(date(2020, 9, 20)), [], today=date(2020, 12, 10))) == [{0, 1}]


def test_copies_met_the_same_day_are_not_reposts_of_each_other_by_that_day():
    """Found by the held-out formats test: a folder of old files ingested at once, the PDF's deadline not
    extracted, made the PDF a repost of its own text and page (met "after the deadline", like them)."""
    first = tpm(deadline="2020-09-24")
    undated = tpm(deadline=None, description=sample_text("md-charge-tpm-agadir").replace(
        ", **avant le 24 septembre 2020**", ""))
    later_run = date(2021, 3, 1)
    batch = [dedupe.Incoming(("inbox", "txt"), first, None, seen=later_run),
             dedupe.Incoming(("inbox", "pdf"), undated, None, seen=later_run)]
    assert groups(dedupe.decide(batch, [], today=later_run)) == [{0, 1}]
    assert groups(dedupe.decide([incoming("txt", first), incoming("pdf", undated)], [], today=later_run)) == [{0, 1}]


def test_a_copy_counts_as_met_on_its_capture_day_not_on_the_day_its_batch_is_published():
    """Found on the corpus: a backlog published after the first deadline turned an extension fetched before it,
    and a copy without a deadline fetched before it, into reposts."""
    first = stored(1, 10, "tpm", tpm(deadline="2020-09-24"), deadline=date(2020, 9, 24))
    extended = tpm(deadline="2020-10-08", description=sample_text("md-charge-tpm-agadir").replace(
        "avant le 24 septembre 2020", "avant le 8 octobre 2020"))
    undated = tpm(deadline=None, description=sample_text("md-charge-tpm-agadir").replace(
        ", **avant le 24 septembre 2020**", ""))
    late_day = date(2020, 11, 2)
    for rec in (extended, undated):
        fetched_before = dedupe.Incoming(("board", "page"), rec, None, seen=date(2020, 9, 20))
        [decision] = dedupe.decide([fetched_before], [first], today=late_day).decisions
        assert decision.posting_id == 10, decision.evidence
        fetched_after = dedupe.Incoming(("board", "page"), rec, None, seen=date(2020, 10, 30))
        [decision] = dedupe.decide([fetched_after], [first], today=late_day).decisions
        assert decision.repost_of_posting == 10
        assert decision.evidence["repost"]["seen_after_deadline"] == "2020-10-30"


def test_operator_overrides_win_over_the_machine():
    text = sample_text("md-charge-ace")
    fields = sample_fields("md-charge-ace")
    copy = record(**fields, description=chrome_text(text))
    candidate = stored(1, 10, "ace", record(**fields, description=text))
    split = dedupe.Override("split", ("board", "ace-page"), ("inbox", "ace"))
    [apart] = dedupe.decide([incoming("ace-page", copy, "board")], [candidate], today=TODAY,
                            overrides=[split]).decisions
    assert apart.posting_id is None and apart.decided_by == "operator"
    other_job = record(**sample_fields("enabel-io-tcer-agadir"), description=sample_text("enabel-io-tcer-agadir"))
    merge = dedupe.Override("merge", ("inbox", "ace"), ("board", "enabel-page"))
    [bound] = dedupe.decide([incoming("enabel-page", other_job, "board")], [candidate], today=TODAY,
                            overrides=[merge]).decisions
    assert bound.posting_id == 10 and bound.rule == "operator_merge"


def test_two_stored_postings_are_never_merged_by_a_record_that_matches_both():
    text = sample_text("md-charge-ace")
    fields = sample_fields("md-charge-ace")
    candidates = [stored(1, 10, "ace-1", record(**fields, description=text)),
                  stored(2, 11, "ace-2", record(**fields, description=chrome_text(text)), source="board")]
    [decision] = dedupe.decide([incoming("ace-3", record(**fields, description=pdf_text(text, "M&D")))],
                               candidates, today=TODAY).decisions
    assert decision.posting_id in (10, 11)


def test_canonical_takes_structured_complete_and_the_latest_deadline():
    free_text = record(title="Chargé de projet", description="long text", deadline="2024-04-07",
                       apply_emails=["a@example.org"])
    structured = record(title="Chargé·e de projet TPM", deadline="2024-03-31", reference="TPM-1")
    merged = dedupe.canonical([(free_text, False, "2024-03-02T00:00:00"), (structured, True, "2024-03-01T00:00:00")])
    assert merged["title"] == "Chargé·e de projet TPM" and merged["reference"] == "TPM-1"
    assert merged["apply_emails"] == ["a@example.org"] and merged["description"] == "long text"
    assert merged["deadline"] == "2024-04-07"


def test_with_too_little_text_the_fields_must_say_more_than_a_title():
    """Feed items of a line each: title and employer alone are not enough, a shared town or deadline is."""
    item = dict(title="Associate Protection Officer", organization="UNHCR")
    lines = ("Associate Protection Officer, P2, apply online.", "Associate Protection Officer: closing soon.")

    def feed(deadline=None):
        return [incoming(f"feed-{n}", record(**item, deadline=deadline, description=line), f"board-{n}")
                for n, line in enumerate(lines)]

    assert groups(dedupe.decide(feed(), [], today=TODAY)) == [{0}, {1}]
    outcome = dedupe.decide(feed("2020-10-01"), [], today=TODAY)
    assert groups(outcome) == [{0, 1}] and outcome.decisions[1].rule == "same_fields"
