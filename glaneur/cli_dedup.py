"""`glaneur dedup explain|split|merge`: see why sources were merged, and overrule the machine.

Operator decisions are stored (dedup_overrides) and win over the machine's on every rerun and reprocess.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import click

from glaneur.cli import EXIT_CODES_HELP, EXIT_USAGE, cli, fail, open_storage, settings_options
from glaneur.config import Settings


@cli.group(epilog=EXIT_CODES_HELP)
def dedup() -> None:
    """Explain, split and merge deduplicated postings."""


def _control(call, *args, **kwargs):
    from glaneur.storage.dedup_control import DedupControlError

    try:
        return call(*args, **kwargs)
    except DedupControlError as error:
        fail(str(error), EXIT_USAGE)


def _evidence_line(evidence: dict[str, Any]) -> str:
    parts = []
    matched = evidence.get("matched") or {}
    if matched:
        where = f"posting {matched['posting_id']}" if matched.get("posting_id") else "the same batch"
        parts.append(f"matched {matched.get('source')}:{matched.get('external_id')} ({where})")
    parts += [f"{name} {evidence[name]}" for name in ("title", "organization", "location", "reference")
              if evidence.get(name) and evidence[name] != "unknown"]
    text = evidence.get("text") or {}
    if text.get("containment") is not None:
        parts.append(f"text containment {text['containment']} (resemblance {text['resemblance']}, "
                     f"{text['boilerplate_removed']} boilerplate shingles left out)")
    if evidence.get("repost"):
        parts.append("re-advertised: " + ", ".join(f"{k} {v}" for k, v in evidence["repost"].items()))
    if evidence.get("vetoes"):
        parts.append("kept apart by " + ", ".join(evidence["vetoes"]))
    for key in ("split_from", "merged_from"):
        if evidence.get(key):
            parts.append(f"{key.replace('_', ' ')} posting {evidence[key]}")
    return "; ".join(parts)


def _print_explanation(report: dict[str, Any]) -> None:
    click.echo(f"posting {report['id']}: {report['title']} — {report['organization'] or 'organisation unknown'}")
    click.echo(f"  status {report['status']}, deadline {report['deadline'] or 'none'}, "
               f"first seen {report['first_seen']}, last seen {report['last_seen']}")
    if report["repost_of"]:
        click.echo(f"  re-advertises posting {report['repost_of']}")
    if report["reposts"]:
        click.echo(f"  re-advertised as posting(s) {', '.join(map(str, report['reposts']))}")
    click.echo(f"  {len(report['sources'])} source(s):")
    for source in report["sources"]:
        score = f" {source['score']:.2f}" if source["score"] is not None else ""
        click.echo(f"  #{source['source_id']} {source['source']}:{source['external_id']}  "
                   f"[{source['rule']}{score}, by {source['decided_by']}]")
        click.echo(f"      {source['url'] or source['locator']}  archive {source['archive_key'] or '-'}")
        line = _evidence_line(source["evidence"])
        if line:
            click.echo(f"      why: {line}")
        for rejected in source["evidence"].get("rejected") or []:
            click.echo(f"      not merged with: {_evidence_line(rejected)}")
    for override in report["overrides"]:
        click.echo(f"  operator {override['action']} {override['source']}:{override['external_id']} / "
                   f"{override['other_source']}:{override['other_external_id']} at {override['created_at']}"
                   + (f" — {override['note']}" if override["note"] else ""))
    changes = [h for h in report["history"] if h["field"] in ("status", "deadline", "repost_of", "split_from",
                                                               "merged_from", "title")]
    for change in changes:
        click.echo(f"  {change['changed_at']} {change['field']}: {change['old']} → {change['new']}"
                   f" ({change['source'] or 'machine'})")


@dedup.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("posting_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(settings: Settings, posting_id: int, as_json: bool) -> None:
    """Show a posting's sources, why each was merged (rule, scores, evidence) and its history."""
    from glaneur.storage.dedup_control import explain as explain_posting

    engine, _ = open_storage(settings)
    report = _control(explain_posting, engine, posting_id)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        _print_explanation(report)


@dedup.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("posting_id", type=int)
@click.argument("source")
@click.option("--note", help="Why, kept with the decision.")
@click.option("--json", "as_json", is_flag=True, help="Print {\"posting_id\", \"new_posting_id\"} as JSON.")
def split(settings: Settings, posting_id: int, source: str, note: str | None, as_json: bool) -> None:
    """Detach SOURCE from posting POSTING_ID into a posting of its own; reruns keep them apart.

    SOURCE is a source id as `glaneur dedup explain` prints it (#12 or 12), an external id, a URL or a file
    name, or a source name when only one of the posting's records comes from it.
    """
    from glaneur.storage.dedup_control import split as split_posting

    engine, _ = open_storage(settings)
    new_id = _control(split_posting, engine, posting_id, source, now=datetime.now(timezone.utc), note=note)
    if as_json:
        click.echo(json.dumps({"posting_id": posting_id, "new_posting_id": new_id}))
    else:
        click.echo(f"source {source} of posting {posting_id} is now posting {new_id}")


@dedup.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("keep_id", type=int)
@click.argument("other_id", type=int)
@click.option("--note", help="Why, kept with the decision.")
@click.option("--json", "as_json", is_flag=True, help="Print {\"posting_id\", \"merged\"} as JSON.")
def merge(settings: Settings, keep_id: int, other_id: int, note: str | None, as_json: bool) -> None:
    """Merge posting OTHER_ID into KEEP_ID (its sources, history and reposts move; OTHER_ID goes)."""
    from glaneur.storage.dedup_control import merge as merge_postings

    engine, _ = open_storage(settings)
    _control(merge_postings, engine, keep_id, other_id, now=datetime.now(timezone.utc), note=note)
    if as_json:
        click.echo(json.dumps({"posting_id": keep_id, "merged": other_id}))
    else:
        click.echo(f"posting {other_id} merged into posting {keep_id}")
