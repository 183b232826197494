"""How a crawl's stats become its health: the cases the crawl tests do not reach on their own."""

from __future__ import annotations

import pytest

from glaneur.spiders.report import judge


def health(stats, finish_reason="finished", config_error=None, notes=("http://a.example/1: http_404 (…)",)):
    return judge(stats, finish_reason=finish_reason, config_error=config_error, failure_notes=list(notes),
                 empty_reason="nothing matched")


@pytest.mark.parametrize(("stats", "finish_reason", "expected"), [
    ({"glaneur/navigation/ok": 2, "glaneur/captures": 3}, "finished", ("ok", None, False)),
    ({"glaneur/navigation/ok": 2, "glaneur/seen": 3}, "finished", ("ok", None, False)),
    # max_requests reached is a bounded crawl, not a failure
    ({"glaneur/navigation/ok": 2, "glaneur/captures": 3}, "closespider_pagecount", ("ok", None, False)),
    ({"glaneur/navigation/ok": 2}, "finished", ("empty", "nothing matched", False)),
    ({"glaneur/navigation/ok": 2, "glaneur/details/failed": 4}, "finished",
     ("failed", "all 4 detail requests failed: http://a.example/1: http_404 (…)", False)),
    ({"glaneur/navigation/ok": 2, "glaneur/captures": 3}, "closespider_timeout",
     ("failed", "crawl stopped before the end (closespider_timeout)", False)),
    ({"glaneur/navigation/ok": 1, "glaneur/captures": 1}, "shutdown",
     ("failed", "crawl stopped before the end (shutdown)", False)),
    ({"glaneur/navigation/failed": 1}, "finished",
     ("failed", "no start page could be fetched: http://a.example/1: http_404 (…)", False)),
    ({"robotstxt/forbidden": 1}, "finished",
     ("failed", "no start page could be fetched: forbidden by robots.txt", True)),
])
def test_health(stats, finish_reason, expected):
    assert health(stats, finish_reason) == expected


def test_a_configuration_error_wins_and_is_permanent():
    assert health({"glaneur/navigation/ok": 1, "glaneur/captures": 1}, config_error="needs an appname") == (
        "failed", "needs an appname", True)
