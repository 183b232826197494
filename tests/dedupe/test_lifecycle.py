"""Lifecycle on SQLite and PostgreSQL: expiry, closing after successful crawls only (a failed or empty crawl in
between changes nothing), drop-ins that never close, reopening, and a history row for every status change."""

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.lifecycle import apply_lifecycle, expire_postings, record_crawl
from glaneur.storage.models import Posting, PostingHistory, PostingSource
from glaneur.storage.publish import publish_batch

from .records import record, source_record

START = datetime(2024, 3, 1, 6, tzinfo=timezone.utc)


def day(n: int) -> datetime:
    return START + timedelta(days=n)


def job(title: str, deadline: str | None = "2024-06-30") -> dict:
    return record(title=title, organization="ONG Sahel", deadline=deadline,
                  description=f"{title} : poste basé à Bamako, contrat de 12 mois, {len(title)} missions.")


def publish(engine, records, now):
    with session_scope(engine) as session:
        publish_batch(session, records, now=now, run_id=f"publish-{now:%d}")


def statuses(engine) -> dict[str, str]:
    with session_scope(engine) as session:
        rows = session.execute(select(PostingSource.external_id, Posting.status)
                               .join(Posting, Posting.id == PostingSource.posting_id)).all()
    return dict(rows)


def status_history(engine) -> list[tuple]:
    with session_scope(engine) as session:
        return session.execute(select(PostingHistory.posting_id, PostingHistory.old_value, PostingHistory.new_value)
                               .where(PostingHistory.field == "status").order_by(PostingHistory.id)).all()


def crawl(engine, status, seen, n, close_after=2):
    record_crawl(engine, "board", status, set(seen), run_id=f"run-{n}", now=day(n))
    return apply_lifecycle(engine, today=day(n).date(), now=day(n), run_id=f"run-{n}", close_after=close_after)


def test_closing_needs_successful_crawls_and_a_failed_or_empty_one_changes_nothing(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board", "A", job("Comptable")), source_record("board", "B", job("Chauffeur"))],
            day(0))
    assert crawl(engine, "ok", {"A", "B"}, 1) == {"expired": 0, "closed": 0, "reopened": 0}
    assert crawl(engine, "ok", {"A"}, 2)["closed"] == 0  # B missed one successful crawl
    assert crawl(engine, "failed", set(), 3)["closed"] == 0  # a failed crawl counts nothing
    assert crawl(engine, "ok", set(), 4)["closed"] == 0  # nor does an empty one
    assert statuses(engine) == {"A": "open", "B": "open"}
    assert crawl(engine, "ok", {"A"}, 5)["closed"] == 1  # the second successful crawl without B
    assert statuses(engine) == {"A": "open", "B": "closed"}
    with session_scope(engine) as session:
        missed = dict(session.execute(select(PostingSource.external_id, PostingSource.missed_crawls)).all())
    assert missed == {"A": 0, "B": 2}
    # Back on the board: open again, and every change is in the history.
    assert crawl(engine, "ok", {"A", "B"}, 6)["reopened"] == 1
    assert statuses(engine) == {"A": "open", "B": "open"}
    b = next(pid for pid, old, new in status_history(engine))
    assert status_history(engine) == [(b, "open", "closed"), (b, "closed", "open")]


def test_a_posting_closes_only_when_every_source_lost_it_and_drop_ins_never_close(store_url):
    engine = open_store(store_url)
    comptable = job("Comptable")
    publish(engine, [source_record("board", "A", comptable), source_record("other-board", "A2", comptable),
                     source_record("board", "C", job("Logisticien")), source_record("inbox", "C.txt",
                                                                                    job("Logisticien")),
                     source_record("inbox", "D.txt", job("Animatrice"))], day(0))
    record_crawl(engine, "other-board", "ok", {"A2"}, run_id="run-o", now=day(1))
    for n in (1, 2, 3):
        crawl(engine, "ok", {"unrelated"}, n)
    # A is still on other-board; C also came by the inbox; D only ever came by the inbox.
    assert statuses(engine) == {"A": "open", "A2": "open", "C": "open", "C.txt": "open", "D.txt": "open"}
    for n in (4, 5):
        record_crawl(engine, "other-board", "ok", {"unrelated"}, run_id=f"run-o{n}", now=day(n))
    assert apply_lifecycle(engine, today=day(5).date(), now=day(5), run_id="run-5")["closed"] == 1
    assert statuses(engine)["A"] == "closed" and statuses(engine)["C"] == "open"


def test_a_crawl_counts_once_per_run_and_finds_records_by_their_capture_id(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board", "page-1#0", job("Comptable")),
                     source_record("board", "page-1#1", job("Chauffeur"))], day(0))
    assert record_crawl(engine, "board", "ok", {"page-1"}, run_id="r", now=day(1)) == {
        "counted": True, "seen": 2, "missed": 0}
    assert record_crawl(engine, "board", "ok", {"other"}, run_id="r", now=day(1))["counted"] is False
    with session_scope(engine) as session:
        assert set(session.execute(select(PostingSource.missed_crawls)).scalars()) == {0}


def test_expiry_keeps_the_deadline_day_open_and_a_later_deadline_reopens(store_url):
    engine = open_store(store_url)
    publish(engine, [source_record("board", "A", job("Comptable", "2024-03-05")),
                     source_record("board", "B", job("Chauffeur", "2024-03-04")),
                     source_record("board", "N", job("Gardien", None))], day(0))
    today = date(2024, 3, 5)
    assert apply_lifecycle(engine, today=today, now=day(4), run_id="r4") == {"expired": 1, "closed": 0,
                                                                             "reopened": 0}
    assert statuses(engine) == {"A": "open", "B": "expired", "N": "open"}
    assert expire_postings(engine, today=today, now=day(4)) == 0
    # The board extends B's deadline after it passed: the same source record, a later deadline.
    publish(engine, [source_record("board", "B", {**job("Chauffeur", "2024-03-20"), "content_hash": "changed"})],
            day(5))
    assert apply_lifecycle(engine, today=date(2024, 3, 6), now=day(5), run_id="r5")["reopened"] == 1
    assert statuses(engine)["B"] == "open"
    with session_scope(engine) as session:
        deadline_change = session.execute(select(PostingHistory.old_value, PostingHistory.new_value)
                                          .where(PostingHistory.field == "deadline")).one()
    assert tuple(deadline_change) == ("2024-03-04", "2024-03-20")
