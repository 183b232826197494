"""The bench's raw bulk-load floor (`glaneur.bench.copy_seconds`) on both databases: every row the store holds is
loaded into scratch copies — JSON of any shape included — and the copies are gone afterwards."""

from datetime import datetime, timezone

from sqlalchemy import inspect, insert

from glaneur.bench import SCRATCH_PREFIX, copy_seconds
from glaneur.storage.db import open_store
from glaneur.storage.models import Posting, PostingHistory

NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)


def test_every_row_is_loaded_into_scratch_copies_then_dropped(store_url):
    engine = open_store(store_url)
    with engine.begin() as connection:
        posting_id = connection.execute(insert(Posting).returning(Posting.id), {
            "title": "Comptable", "locations": [{"city": "Agadir", "region": None, "country": "MA"}],
            "status": "open", "first_seen": NOW, "last_seen": NOW, "updated_at": NOW}).scalar_one()
        connection.execute(insert(PostingHistory), [
            {"posting_id": posting_id, "field": field, "old_value": old, "new_value": new, "changed_at": NOW}
            for field, old, new in (("deadline", None, "2024-10-19"), ("positions", 1, 2),
                                    ("locations", [], [{"city": "Agadir"}]), ("salary", None, {"min": 5000}))])
    seconds, rows = copy_seconds(engine)
    assert rows == 5 and seconds > 0
    assert not [name for name in inspect(engine).get_table_names() if name.startswith(SCRATCH_PREFIX)]
