"""Two flow runs at once — the nightly, and an operator's crawl-source in another process as a worker would run it —
on the same source: the source is crawled once, every posting published once (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from glaneur.flows.nightly import nightly
from glaneur.flows.steps import BUSY
from glaneur.storage import models
from glaneur.storage.db import open_store, session_scope

from .conftest import DEMO_ITEMS, demo_source, drop_samples, entries, write_sources

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness"),
              pytest.mark.xdist_group("glaneur-harness")]

OPERATOR = ("import json, sys\nfrom glaneur.flows.operations import crawl_sources\n"
            "print(json.dumps(crawl_sources(['demo-board']), default=str))")


def test_nightly_and_an_operators_crawl_at_once_publish_each_posting_once(glaneur_env, demo_site, samples_dir):
    from prefect.settings import PREFECT_API_URL

    write_sources(glaneur_env.sources, demo_source(demo_site))
    dropped = drop_samples(glaneur_env.inbox, samples_dir)
    demo_site.delay_s = 1.0  # per offer page: the operator's crawl holds the source for several seconds
    operator = subprocess.Popen([sys.executable, "-c", OPERATOR], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env={**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()})
    deadline = time.monotonic() + 180
    while not any(path.endswith(".html") and path != "/offres/" for path in demo_site.requests):
        assert operator.poll() is None and time.monotonic() < deadline, operator.communicate()
        time.sleep(0.2)

    state = nightly(return_state=True)
    out, err = operator.communicate(timeout=300)
    assert operator.returncode == 0, err[-3000:]
    crawled = entries(json.loads(out[out.index("{"):]))["demo-board"]
    night = entries(state.result())

    assert (crawled["status"], crawled["fetched"]) == ("ok", DEMO_ITEMS)
    assert (night["demo-board"]["status"], night["demo-board"]["message"]) == ("skipped", BUSY)
    assert state.name == "Completed", "a source another run is crawling is no warning"
    assert (night["inbox"]["new"], night["inbox"]["quarantined"]) == (dropped, 0)

    fetched = Counter(path for path in demo_site.requests if path.startswith("/offres/") and path.endswith(".html")
                      and "page-" not in path and path != "/offres/index.html")
    assert fetched and set(fetched.values()) == {1}, f"each offer page fetched once: {fetched}"
    engine = open_store(glaneur_env.database_url)
    with session_scope(engine) as session:
        captures = session.execute(select(func.count()).select_from(models.Capture)).scalar_one()
        postings = session.execute(select(func.count()).select_from(models.Posting)).scalar_one()
        records = session.execute(select(func.count()).select_from(models.PostingSource)).scalar_one()
    assert captures == DEMO_ITEMS + dropped
    assert records == crawled["new"] + crawled["merged"] + night["inbox"]["new"] + night["inbox"]["merged"]
    assert postings == crawled["new"] + night["inbox"]["new"]
