"""publish_batch on SQLite and PostgreSQL: candidates from the store across batches, reposts and extensions with
their history, provenance, and operator splits and merges that hold on every rerun and reprocess."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.dedup_control import DedupControlError, explain, merge, split
from glaneur.storage.export import iter_postings
from glaneur.storage.models import DedupKey, DedupOverride, Posting, PostingHistory, PostingSource
from glaneur.storage.publish import publish_batch
from glaneur.transforms import dedupe

from .records import chrome_text, pdf_text, record, sample_fields, sample_text, sibling_of_tpm, source_record

MARCH_1 = datetime(2024, 3, 1, 6, tzinfo=timezone.utc)
MARCH_10 = datetime(2024, 3, 10, 6, tzinfo=timezone.utc)
JUNE_1 = datetime(2024, 6, 1, 6, tzinfo=timezone.utc)


def publish(engine, records, now=MARCH_1):
    with session_scope(engine) as session:
        return publish_batch(session, records, now=now, run_id=f"run-{now:%m%d}")


def placement(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return dict(session.execute(select(PostingSource.external_id, PostingSource.posting_id)).all())


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def enabel(**changes) -> dict:
    fields = sample_fields("enabel-io-tcer-agadir")
    return record(**{**fields, "description": sample_text("enabel-io-tcer-agadir"), **changes})


def three_formats(stem: str) -> list:
    fields, text = sample_fields(stem), sample_text(stem)
    return [source_record("inbox", f"{stem}.txt", record(**fields, description=text)),
            source_record("emplois-solidaires", f"{stem}-page", record(**fields, description=chrome_text(text)),
                          url=f"https://emplois-solidaires.example/offres/{stem}?utm_source=newsletter"),
            source_record("inbox", f"{stem}.pdf", record(**fields, description=pdf_text(text, "Avis de recrutement")))]


def test_each_sample_in_three_formats_is_one_posting_with_three_sources(store_url):
    engine = open_store(store_url)
    stems = ("enabel-io-tcer-agadir", "md-charge-tpm-agadir", "md-charge-ace")
    counts = publish(engine, [r for stem in stems for r in three_formats(stem)])
    assert counts == {"new": 3, "merged": 6, "updated": 0, "unchanged": 0, "reposts": 0}
    placed = placement(engine)
    for stem in stems:
        assert placed[f"{stem}.txt"] == placed[f"{stem}-page"] == placed[f"{stem}.pdf"]
    postings = list(iter_postings(engine))
    assert len(postings) == 3
    for posting in postings:
        assert len(posting["sources"]) == 3 and all(s["archive_key"] for s in posting["sources"])
    again = publish(engine, [r for stem in stems for r in three_formats(stem)], now=MARCH_10)
    assert again["unchanged"] == 9 and count(engine, Posting) == 3


def test_candidates_come_from_the_store_across_batches_and_runs(store_url):
    engine = open_store(store_url)
    txt, page, pdf = three_formats("enabel-io-tcer-agadir")
    assert publish(engine, [txt])["new"] == 1
    assert publish(engine, [page], now=MARCH_10)["merged"] == 1
    assert publish(engine, [pdf], now=MARCH_10)["merged"] == 1
    assert len(set(placement(engine).values())) == 1
    with session_scope(engine) as session:
        rules = set(session.execute(select(PostingSource.match_rule)).scalars())
    assert rules == {"new", "same_reference"}


def test_a_posting_sharing_its_organisations_boilerplate_stays_apart(store_url):
    engine = open_store(store_url)
    tpm_fields, tpm_text = sample_fields("md-charge-tpm-agadir"), sample_text("md-charge-tpm-agadir")
    sibling = {"title": "Comptable des projets coopératives (CPC)", "organization": "Migrations & Développement",
               "locations": [{"city": "Tiznit", "region": None, "country": "MA"}], "deadline": "2020-09-24"}
    publish(engine, [source_record("inbox", "tpm.txt", record(**tpm_fields, description=tpm_text)),
                     source_record("inbox", "cpc.txt", record(**sibling, description=sibling_of_tpm()))])
    publish(engine, [source_record("board", "tpm-page", record(**tpm_fields, description=chrome_text(tpm_text))),
                     source_record("board", "cpc-page", record(**sibling, description=chrome_text(sibling_of_tpm())))],
            now=MARCH_10)
    placed = placement(engine)
    assert placed["tpm.txt"] == placed["tpm-page"] and placed["cpc.txt"] == placed["cpc-page"]
    assert placed["tpm.txt"] != placed["cpc.txt"]


def test_an_extension_stays_one_posting_with_the_new_deadline_in_its_history(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board-a", "io-1", enabel())])
    extended = enabel(deadline="2024-04-21", description=sample_text("enabel-io-tcer-agadir").replace(
        "**07/04/2024**", "**21/04/2024** (prorogation)"))
    counts = publish(engine, [source_record("board-b", "io-1", extended)], now=MARCH_10)
    assert counts["merged"] == 1 and counts["reposts"] == 0
    [posting] = list(iter_postings(engine))
    assert posting["deadline"] == "2024-04-21" and len(posting["sources"]) == 2
    with session_scope(engine) as session:
        change = session.execute(select(PostingHistory).where(PostingHistory.field == "deadline")).scalar_one()
    assert (change.old_value, change.new_value, change.source) == ("2024-04-07", "2024-04-21", "board-b")


def test_the_same_job_seen_after_its_deadline_with_a_new_one_is_a_new_posting_linked_to_the_first(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board-a", "io-1", enabel())])
    reposted = enabel(deadline="2024-06-30", description=sample_text("enabel-io-tcer-agadir").replace(
        "**07/04/2024**", "**30/06/2024**"))
    counts = publish(engine, [source_record("board-b", "io-2", reposted)], now=JUNE_1)
    assert counts["new"] == 1 and counts["reposts"] == 1
    first, second = sorted(iter_postings(engine), key=lambda p: p["id"])
    with session_scope(engine) as session:
        assert session.get(Posting, second["id"]).repost_of == first["id"]
    assert (first["deadline"], second["deadline"]) == ("2024-04-07", "2024-06-30")
    assert explain(engine, first["id"])["reposts"] == [second["id"]]


def test_a_backlog_published_late_judges_each_copy_by_the_day_it_was_fetched(store_url):
    """An extension fetched before the first deadline stays the same posting when its batch is published after
    that deadline; a copy with a new deadline fetched after it is a repost, in the same batch."""
    engine = open_store(store_url)
    publish(engine, [source_record("board-a", "io-1", enabel())])
    extended = source_record("board-b", "io-1", enabel(deadline="2024-04-21", description=sample_text(
        "enabel-io-tcer-agadir").replace("**07/04/2024**", "**21/04/2024**")))
    extended.seen = datetime(2024, 4, 2, 6, tzinfo=timezone.utc)
    reposted = source_record("board-c", "io-2", enabel(deadline="2024-06-30", description=sample_text(
        "enabel-io-tcer-agadir").replace("**07/04/2024**", "**30/06/2024**")))
    reposted.seen = datetime(2024, 5, 20, 6, tzinfo=timezone.utc)
    counts = publish(engine, [extended, reposted], now=JUNE_1)
    assert (counts["merged"], counts["new"], counts["reposts"]) == (1, 1, 1)
    with session_scope(engine) as session:
        sources = dict(session.execute(select(PostingSource.source, PostingSource.posting_id)).all())
        assert sources["board-a"] == sources["board-b"] != sources["board-c"]
        assert session.get(Posting, sources["board-c"]).repost_of == sources["board-a"]


def test_tracking_parameters_do_not_hide_the_same_page(store_url):
    engine = open_store(store_url)
    rec = record(title="Comptable", organization="ONG Sahel", description="Comptable à Bamako, CDD 12 mois.")
    publish(engine, [source_record("feed", "item-1", rec, url="https://jobs.example.org/o/7?utm_source=rss")])
    counts = publish(engine, [source_record("site", "page-7", rec,
                                            url="HTTPS://Jobs.Example.org:443/o/7/?fbclid=abc#apply")], now=MARCH_10)
    assert counts["merged"] == 1


def test_an_operator_split_holds_on_rerun_and_reprocess(store_url):
    engine = open_store(store_url)
    txt, page, pdf = three_formats("md-charge-ace")
    publish(engine, [txt, page, pdf])
    [posting_id] = set(placement(engine).values())
    explained = explain(engine, posting_id)
    page_id = next(s["source_id"] for s in explained["sources"] if s["external_id"] == "md-charge-ace-page")
    new_id = split(engine, posting_id, f"#{page_id}", now=MARCH_10, note="another board's job")
    placed = placement(engine)
    assert placed["md-charge-ace-page"] == new_id != placed["md-charge-ace.txt"] == placed["md-charge-ace.pdf"]
    assert explain(engine, new_id)["sources"][0]["decided_by"] == "operator"

    # Rerun: the same input again.
    assert publish(engine, [txt, page, pdf], now=MARCH_10)["unchanged"] == 3
    # Reprocess: new code extracts the page differently (another hash), same source record.
    reprocessed = source_record(page.source, page.external_id, {**page.record, "contract_type": "fixed_term",
                                                                 "content_hash": "0" * 64}, url=page.url)
    assert publish(engine, [reprocessed], now=JUNE_1)["updated"] == 1
    assert placement(engine) == placed
    with session_scope(engine) as session:
        overrides = session.execute(select(DedupOverride.action, DedupOverride.external_id,
                                           DedupOverride.other_external_id)).all()
    assert sorted(overrides) == [("split", "md-charge-ace-page", "md-charge-ace.pdf"),
                                 ("split", "md-charge-ace-page", "md-charge-ace.txt")]


def test_an_operator_merge_moves_sources_history_and_reposts(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("inbox", "a", record(**sample_fields("md-charge-ace"),
                                                        description=sample_text("md-charge-ace"))),
                     source_record("inbox", "b", enabel())])
    placed = placement(engine)
    keep = merge(engine, placed["a"], placed["b"], now=MARCH_10, note="same consortium job")
    assert set(placement(engine).values()) == {keep}
    with pytest.raises(DedupControlError, match=f"merged into posting {keep}"):
        explain(engine, placed["b"])
    report = explain(engine, keep)
    assert {s["rule"] for s in report["sources"]} == {"new", "operator_merge"}
    assert any(h["field"] == "merged_from" and h["new"] == placed["b"] for h in report["history"])
    publish(engine, [source_record("inbox", "a", record(**sample_fields("md-charge-ace"),
                                                        description=sample_text("md-charge-ace"))),
                     source_record("inbox", "b", enabel())], now=JUNE_1)
    assert set(placement(engine).values()) == {keep}


def test_operator_mistakes_are_refused_with_a_reason(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("inbox", "alone", enabel())])
    [posting_id] = set(placement(engine).values())
    with pytest.raises(DedupControlError, match="only this source"):
        split(engine, posting_id, "alone", now=MARCH_10)
    with pytest.raises(DedupControlError, match="has no source 'nope'"):
        split(engine, posting_id, "nope", now=MARCH_10)
    with pytest.raises(DedupControlError, match="itself"):
        merge(engine, posting_id, posting_id, now=MARCH_10)
    with pytest.raises(DedupControlError, match="no posting 999"):
        merge(engine, posting_id, 999, now=MARCH_10)


def test_a_changed_record_is_filed_under_the_keys_of_its_new_content(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board", "io-1", enabel())])
    changed = enabel(description=sample_text("enabel-io-tcer-agadir") + "\n\nMise à jour : entretiens en avril.")
    assert publish(engine, [source_record("board", "io-1", changed)], now=MARCH_10)["updated"] == 1
    with session_scope(engine) as session:
        stored = set(session.execute(select(DedupKey.key)).scalars())
    assert stored == set(dedupe.Incoming(("board", "io-1"), changed, None).keys)


def test_a_batch_reads_only_the_boilerplate_sentences_it_can_meet(store_url):
    """Known boilerplate is looked up by the sentences of the batch and its candidates, in the scopes involved: an
    organisation's other boilerplate (it grows with every posting) and other scopes' are not read."""
    from glaneur.storage.models import DedupBoilerplate
    from glaneur.storage.publish import _boilerplate

    engine = open_store(store_url)
    rows = [{"scope": scope, "sentence": sentence, "learned_at": MARCH_1}
            for scope in ("o:migration developpement", "o:enabel", "s:inbox") for sentence in range(1, 3001)]
    with session_scope(engine) as session:
        session.execute(DedupBoilerplate.__table__.insert(), rows)
    with session_scope(engine) as session:
        found = _boilerplate(session, {"o:migration developpement", "s:inbox", "o:nobody"}, {7, 2999, 5000, 2 ** 62})
    assert found == {"o:migration developpement": {7, 2999}, "s:inbox": {7, 2999}}
    with session_scope(engine) as session:
        assert _boilerplate(session, {"o:enabel"}, set()) == {}
        assert _boilerplate(session, set(), {7}) == {}


def test_publishing_queries_are_planned_for_their_own_arrays(pg_url):
    """psycopg prepares a statement on its fifth run, and the server may then plan it once for arrays of any size:
    a boilerplate lookup planned so took 12 s a batch instead of 0.05 s. That lookup is never prepared."""
    from sqlalchemy import text

    from glaneur.storage.publish import _boilerplate

    engine = open_store(pg_url)
    with session_scope(engine) as session:
        for size in (1, 10, 100, 1000, 10, 1, 5000, 3):
            _boilerplate(session, {"o:enabel", "s:inbox"}, set(range(1, size + 1)))
        assert not session.execute(text("SELECT statement FROM pg_prepared_statements "
                                        "WHERE statement LIKE 'SELECT b.scope, b.sentence%'")).all()


def test_bulk_insert_stores_rows_as_sqlalchemy_does(store_url):
    """COPY on PostgreSQL must store what an INSERT stores: JSON values and JSON null, timestamps, ids in order."""
    from sqlalchemy import insert

    from glaneur.storage.publish import bulk_insert

    engine = open_store(store_url)
    with session_scope(engine) as session:
        posting_id = bulk_insert(session, Posting, [{"title": "Chargé·e de suivi", "locations": [{"city": "Kayes"}],
                                                     "status": "open", "first_seen": MARCH_1, "last_seen": MARCH_1,
                                                     "updated_at": MARCH_1}], returning_ids=True)[0]
        base = {"posting_id": posting_id, "source": "inbox", "locator": "x", "record": {"title": "Chargé·e"},
                "first_seen": MARCH_1, "last_seen": MARCH_1, "match_evidence": None, "decided_by": "machine",
                "structured": False, "missed_crawls": 0}
        copied = bulk_insert(session, PostingSource, [{**base, "external_id": f"copy-{n}"} for n in range(3)],
                             returning_ids=True)
        session.execute(insert(PostingSource), [{**base, "external_id": "insert"}])
    assert copied == sorted(copied) and len(set(copied)) == 3
    with session_scope(engine) as session:
        rows = {row.external_id: row for row in session.execute(
            select(PostingSource.external_id, PostingSource.record, PostingSource.match_evidence,
                   PostingSource.first_seen, PostingSource.match_evidence.is_(None).label("sql_null")))}
        assert session.scalar(select(Posting.locations).where(Posting.id == posting_id)) == [{"city": "Kayes"}]
    for n in range(3):
        assert tuple(rows[f"copy-{n}"])[1:] == tuple(rows["insert"])[1:]


def test_a_candidates_profile_follows_its_stored_record(store_url):
    """Candidate profiles are cached between batches; a stored record that changed (a reprocess rewrites records
    in place) must be profiled anew, not served from the cache."""
    from sqlalchemy import update

    from glaneur.storage.publish import _candidates

    engine = open_store(store_url)
    publish(engine, [source_record("inbox", "tcer.txt", enabel())])
    incoming = [dedupe.Incoming(("board", "tcer-page"), enabel(), None)]
    with session_scope(engine) as session:
        first, = _candidates(session, incoming, [])
        again, = _candidates(session, incoming, [])
        assert again.profile is first.profile  # served from the cache
        session.execute(update(PostingSource).where(PostingSource.id == first.source_id)
                        .values(record=enabel(title="Responsable logistique")))
        changed, = _candidates(session, incoming, [])
    assert changed.profile is not first.profile
    assert changed.profile.title_tokens != first.profile.title_tokens


def _same_profile(a: dedupe.Profile, b: dedupe.Profile) -> bool:
    import dataclasses

    import numpy as np

    return all(np.array_equal(getattr(a, f.name), getattr(b, f.name)) if isinstance(getattr(a, f.name), np.ndarray)
               else getattr(a, f.name) == getattr(b, f.name) for f in dataclasses.fields(dedupe.Profile))


def test_records_just_published_are_candidates_without_being_read_again(store_url, monkeypatch):
    """A published record's profile is cached under its stored digest, and is the profile its stored JSON gives."""
    import json

    from sqlalchemy import Text, cast

    from glaneur.storage import publish as publishing

    engine = open_store(store_url)
    published = source_record("inbox", "tcer.txt", enabel(reference="Réf. 03/2024/IOT", deadline="2024-03-20"),
                              url="https://example.org/offres/tcer?utm_source=x")
    publish(engine, [published])
    incoming = [dedupe.Incoming(("board", "tcer-page"), enabel(), None)]
    read: list[list[int]] = []
    reading = publishing._stored_records

    def counted(session, source_ids):
        read.append(source_ids)
        return reading(session, source_ids)

    monkeypatch.setattr(publishing, "_stored_records", counted)
    with session_scope(engine) as session:
        candidate, = publishing._candidates(session, incoming, [])
        stored = session.scalar(select(cast(PostingSource.record, Text)).where(PostingSource.id == candidate.source_id))
    assert read == [[]]  # nothing to read: the profile came from the cache
    assert _same_profile(candidate.profile, dedupe.profile(json.loads(stored)))


def test_insert_ignoring_conflicts_skips_stored_and_repeated_rows_and_stores_as_sqlalchemy_does(store_url):
    from glaneur.storage.models import Capture
    from glaneur.storage.publish import insert_ignoring_conflicts

    engine = open_store(store_url)
    row = {"source": "inbox", "locator": "a.txt", "sha256": "a" * 64, "archive_key": "raw/a", "media_type": None,
           "size": 3, "external_id": None, "url": None, "hints": {"title": "Chargé·e", "n": None},
           "fetched_at": MARCH_1, "run_id": "r"}
    with session_scope(engine) as session:
        insert_ignoring_conflicts(session, Capture, [row], ["source", "locator", "sha256"])
    with session_scope(engine) as session:
        insert_ignoring_conflicts(session, Capture, [{**row, "size": 99}, {**row, "locator": "b.txt"},
                                                     {**row, "locator": "b.txt", "size": 7}],
                                  ["source", "locator", "sha256"])
    with session_scope(engine) as session:
        stored = session.execute(select(Capture.locator, Capture.size, Capture.hints, Capture.fetched_at)
                                 .order_by(Capture.locator)).all()
    assert [(locator, size) for locator, size, _, _ in stored] == [("a.txt", 3), ("b.txt", 3)]  # first wins
    assert [hints for _, _, hints, _ in stored] == [{"title": "Chargé·e", "n": None}] * 2, stored
