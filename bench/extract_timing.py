"""Extraction time per posting (median, p95; CPU seconds of process()) over a synthetic corpus built from the real
postings in ../shared.

The corpus varies real texts so that no two captures are identical: paragraphs shuffled and dropped, towns, dates,
numbers and organisations swapped, rendered as plain text, job-board HTML pages, JSON-LD pages, ReliefWeb API
items and feed items. PDF and DOCX documents are timed apart (they are a few per run and dominated by their
libraries): the real ones in ../shared/fixtures/documents, and `--documents` PDF and DOCX files of the seeded
corpus (glaneur.corpus), each as text extraction alone (`parse`: screening and parsing) and as the whole `process`.
Run from the repository root:

    .venv/bin/python bench/extract_timing.py --files 1000 [--documents 100] [--json]

PDF text extraction moved from pdfplumber to PDFium and DOCX styles are resolved once per document (2026-11-23):
pdf_text per corpus PDF went from 180 to 14 ms median CPU (p95 230 -> 29), per AMSS fixture PDF from 600-650 to
33 ms, docx_text per corpus DOCX from 41 to 17 ms (p95 45 -> 20); 103 PDF and 97 DOCX of generate(200, seed=7),
old and new code run back to back, load average 3.0-4.1 on 2 cores.

It also times one huge text (the samples repeated to 1.7 MB, with its lines and flattened to one line): extraction
must stay linear. Before the sentence and line bounds were indexed (2026-11-23), a 1.7 MB text was reported at
130 s and this one took ~11 s of CPU (8 s of it finding sentence bounds); after, ~1.2 s (lines) and ~2.5 s (one
line) without a cap, and ~0.6 s each now that rules read at most extract.MAX_READ_CHARS characters (load average
8 on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime
import os
import html
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

from glaneur.corpus import generate
from glaneur.record import Capture, Posting
from glaneur.transforms import guards, places
from glaneur.transforms.parse import parse
from glaneur.transforms.pipeline import process

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TODAY = datetime.date(2026, 3, 8)
TOWNS = ["Bamako", "Agadir", "Dakar", "Niamey", "Ouagadougou", "Mopti", "Lomé", "Cotonou", "Tunis", "Marseille",
         "Goma", "Abidjan", "Nouakchott", "Ségou", "Tiznit"]
ORGANISATIONS = ["Migrations & Développement", "Enabel", "Action contre la Faim", "Solidarités International",
                 "Association Malienne pour la Survie au Sahel", "Development For All", "Terre des hommes"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre", "octobre", "novembre"]


def base_texts() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted((SHARED / "samples" / "postings").glob("*.txt"))]
    feed = (SHARED / "fixtures" / "feeds" / "reliefweb-jobs-rss-excerpt.xml").read_text("utf-8")
    items = re.findall(r"<item>.*?<title>(.*?)</title>.*?<description>(.*?)</description>", feed, re.DOTALL)
    for title, description in items:
        texts.append(title + "\n\n" + re.sub(r"<[^>]+>", "\n\n", html.unescape(description)))
    export = json.loads((SHARED / "fixtures" / "partner-exports" / "francetravail-cegid-offres-internes.json")
                        .read_text("utf-8"))
    texts.extend(f"{record['title']}\n\n{record['description1']}\n\n{record['description2']}" for record in export)
    return texts


def vary(text: str, rng: random.Random) -> str:
    """A different posting of the same kind: paragraphs after the head (title, organisation) shuffled or dropped,
    facts swapped."""
    paragraphs = [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]
    head, body = paragraphs[:3], paragraphs[3:]
    rng.shuffle(body)
    body = [paragraph for paragraph in body if rng.random() > 0.15]
    text = "\n\n".join(head + body)
    text = re.sub(r"\b(Agadir|Bamako|Marseille|Taroudant)\b", lambda _: rng.choice(TOWNS), text)
    text = re.sub(r"\b\d{1,2}(?=\s+(?:ans|mois|years|months))", lambda _: str(rng.randint(1, 24)), text)
    text = re.sub(r"\b(\d{1,2}) (janvier|février|mars|avril|septembre|octobre)\b",
                  lambda _: f"{rng.randint(1, 28)} {rng.choice(MONTHS)}", text)
    return text + f"\n\nRéférence : {rng.randint(1000, 9999)}/{rng.randint(2020, 2026)}"


def as_html(text: str, rng: random.Random) -> bytes:
    lines = [line for line in text.split("\n") if line.strip()]
    body = "".join(f"<li>{html.escape(line[2:])}</li>" if line.startswith("- ") else f"<p>{html.escape(line)}</p>"
                   for line in lines[1:])
    return (f"<!DOCTYPE html><html><head><title>{html.escape(lines[0])} | Offres ONG</title></head><body>"
            f"<header><nav><a href='/'>Accueil</a><a href='/offres'>Offres</a></nav></header>"
            f"<div class='cookie-consent'>Ce site utilise des cookies.</div><main><article><h1>{html.escape(lines[0])}"
            f"</h1><ul class='facts'><li>Lieu : {rng.choice(TOWNS)}</li></ul>{body}</article>"
            f"<aside class='related'><h3>Offres similaires</h3><ul><li>Stagiaire</li></ul></aside></main>"
            f"<footer>© Offres ONG</footer></body></html>").encode()


def as_jsonld_page(text: str, rng: random.Random) -> bytes:
    lines = [line for line in text.split("\n") if line.strip()]
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": lines[0],
               "description": "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:]),
               "datePosted": f"2026-0{rng.randint(1, 2)}-1{rng.randint(0, 9)}",
               "hiringOrganization": {"@type": "Organization", "name": rng.choice(ORGANISATIONS)},
               "jobLocation": {"@type": "Place", "address": {"addressLocality": rng.choice(TOWNS)}}}
    return (f"<html><head><script type='application/ld+json'>{json.dumps(posting)}</script></head>"
            f"<body><h1>{html.escape(lines[0])}</h1></body></html>").encode()


def as_reliefweb(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    item = {"id": str(rng.randint(10 ** 6, 10 ** 7)), "fields": {
        "title": lines[0], "body": "\n".join(lines[1:]), "source": [{"name": rng.choice(ORGANISATIONS)}],
        "country": [{"name": "Mali"}], "date": {"created": "2026-02-01T00:00:00+00:00",
                                                "closing": "2026-03-30T00:00:00+00:00"},
        "type": [{"name": "Job"}], "experience": [{"name": "3-4 years"}]}}
    return json.dumps(item).encode()


def as_feed_item(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    description = html.escape("".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line.strip()))
    return (f"<item><title>{html.escape(lines[0])}</title><link>https://jobs.example/{rng.randint(1, 10 ** 6)}</link>"
            f"<description>{description}</description><pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate></item>"
            ).encode()


RENDERINGS = (("txt", lambda text, rng: text.encode(), None), ("html", as_html, "text/html"),
              ("jsonld", as_jsonld_page, "text/html"), ("reliefweb", as_reliefweb, "application/json"),
              ("feed_item", as_feed_item, "application/rss+xml"))


def corpus(size: int, seed: int) -> list[tuple[str, Capture]]:
    rng = random.Random(seed)
    texts = base_texts()
    captures = []
    for index in range(size):
        kind, render, media_type = RENDERINGS[index % len(RENDERINGS)]
        data = render(vary(rng.choice(texts), rng), rng)
        captures.append((kind, Capture(source="bench", locator=f"bench/{index}.{kind}", data=data,
                                       media_type=media_type)))
    return captures


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"count": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 3),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 3)}


def time_captures(captures: list[tuple[str, Capture]]) -> tuple[dict[str, list[float]], int]:
    timings: dict[str, list[float]] = {}
    postings = 0
    for kind, capture in captures:
        start = time.process_time()  # CPU seconds of this process: the figure other jobs on the machine do not inflate
        result = process(capture, TODAY)
        timings.setdefault(kind, []).append(time.process_time() - start)
        postings += len(result) if isinstance(result, list) and all(isinstance(p, Posting) for p in result) else 0
    return timings, postings


def time_corpus_documents(count: int, seed: int) -> dict[str, dict[str, dict[str, float]]]:
    """CPU time per PDF and DOCX file of the corpus: text extraction (screening and parsing) and the whole process."""
    timings: dict[str, dict[str, list[float]]] = {}
    for item in generate(count, seed, formats=("pdf", "docx")):
        kind = "pdf" if item.media_type == "application/pdf" else "docx"
        capture = Capture(source="bench", locator=item.name, data=item.data, media_type=item.media_type)
        start = time.process_time()
        if guards.screen(capture) is None:
            parse(capture)
        parsed = time.process_time()
        process(capture, TODAY)
        timings.setdefault(kind, {"parse": [], "process": []})
        timings[kind]["parse"].append(parsed - start)
        timings[kind]["process"].append(time.process_time() - parsed)
    return {kind: {stage: summary(values) for stage, values in stages.items()} for kind, stages in timings.items()}


def time_huge(size: int = 1_700_000) -> dict[str, float]:
    """CPU seconds of one capture of `size` characters: the samples repeated, as written and on one line."""
    text = "\n\n".join(base_texts())
    text = (text * (size // len(text) + 1))[:size]
    seconds = {}
    for kind, variant in (("lines", text), ("one_line", text.replace("\n", " "))):
        start = time.process_time()
        process(Capture(source="bench", locator=f"huge-{kind}.txt", data=variant.encode()), TODAY)
        seconds[f"{kind}_cpu_s"] = round(time.process_time() - start, 3)
    return {"chars": size, **seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--documents", type=int, default=100, help="corpus PDF and DOCX files to time")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args()

    started = time.process_time()
    places.town_countries("Bamako")  # the town index loads once per process: not a per-posting cost
    warm_up = time.process_time() - started
    load = os.getloadavg()[0]
    captures = corpus(arguments.files, arguments.seed)
    time_captures(captures[:20])
    timings, postings = time_captures(captures)
    documents = [(path.suffix[1:], Capture(source="bench", locator=path.name, data=path.read_bytes()))
                 for path in sorted((SHARED / "fixtures" / "documents").glob("*.*"))]
    document_timings, _ = time_captures(documents * 3)
    everything = [value for values in timings.values() for value in values]
    report = {
        "files": len(captures), "postings": postings, "town_index_load_cpu_s": round(warm_up, 3),
        "load_average_1min": round(load, 2),
        "all": summary(everything), "by_format": {kind: summary(values) for kind, values in timings.items()},
        "documents": {kind: summary(values) for kind, values in document_timings.items()},
        "corpus_documents": time_corpus_documents(arguments.documents, arguments.seed),
        "postings_per_second_one_core": round(postings / sum(everything), 1),
        "huge_text": time_huge(),
    }
    if arguments.json:
        print(json.dumps(report))
    else:
        print(f"{report['files']} files, {postings} postings, one process, CPU time per capture (load average "
              f"{load:.1f}); town index load {warm_up:.2f} s")
        for kind, values in [("all", report["all"]), *report["by_format"].items(), *report["documents"].items()]:
            print(f"  {kind:10} n={values['count']:5}  median {values['median_ms']:7.2f} ms  "
                  f"p95 {values['p95_ms']:7.2f} ms  mean {values['mean_ms']:7.2f} ms")
        print(f"  {report['postings_per_second_one_core']} postings/s on one core")
        for kind, stages in report["corpus_documents"].items():
            for stage, values in stages.items():
                print(f"  corpus {kind:4} {stage:7} n={values['count']:4}  median {values['median_ms']:7.2f} ms  "
                      f"p95 {values['p95_ms']:7.2f} ms  mean {values['mean_ms']:7.2f} ms")
        huge = report["huge_text"]
        print(f"  one {huge['chars']:,}-character text: {huge['lines_cpu_s']} s as written, "
              f"{huge['one_line_cpu_s']} s on one line")
    return 0


if __name__ == "__main__":
    sys.exit(main())
