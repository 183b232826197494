"""A generator of hostile inbox files, made at test time (no binary blob is committed).

Each `Case` makes one kind of bad input in an inbox folder and says which outcomes are acceptable: a quarantine
reason code, `posting` (it must become a posting: UTF-16 text is not bad input), `waiting` (a file still being
written waits for the next run). Files outside the inbox that a hostile file points at carry SECRET, which must
never show up anywhere in the store or the archive.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SECRET = "SECRET-7f3a9c-outside-the-inbox"
POSTING = "posting"
WAITING = "waiting"
MAX_FILE_MB = 1


def posting_text(variant: str) -> str:
    """A French posting in Latin-1's repertoire (so every legacy encoding can carry it), one per variant."""
    return (f"Chargé(e) de projet éducation ({variant})\n"
            "Organisation : Association Solidarité Sahel\n"
            "Lieu : Mopti, Mali\n"
            "Type de contrat : CDD de 12 mois, temps plein\n"
            "Date limite de candidature : 15 avril 2031\n\n"
            "Description du poste\n"
            "Le/la chargé(e) de projet coordonne les activités d'éducation non formelle dans trois communes, "
            "suit le budget et rédige les rapports trimestriels pour les bailleurs.\n\n"
            "Profil : Bac+5 en sciences de l'éducation, 3 ans d'expérience minimum, français courant exigé.\n"
            f"Envoyez votre CV à recrutement@solidarite-sahel.org en précisant la référence ED-{len(variant)}.\n")


def _random_bytes(seed: str, size: int = 4096) -> bytes:
    return random.Random(seed).randbytes(size)


# --- PDF -------------------------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf_document(lines: list[str] | None) -> bytes:
    """A one-page PDF written by hand: with `lines`, a Helvetica text layer; without, only a grey rectangle (what a
    scan without OCR looks like to a text extractor)."""
    if lines:
        content = b"BT /F1 10 Tf 13 TL 40 800 Td\n" + b"".join(_pdf_string(line) + b" Tj T*\n" for line in lines)
        content += b"ET"
    else:
        content = b"0.5 g 40 40 500 750 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-password", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------------------------------------


def docx_document(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """The same package with entries added or replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def _with_relationship(data: bytes, part: str, rel_type: str, target: str) -> bytes:
    relationship = (f'<Relationship Id="rIdHostile" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{rel_type}" Target="{target}" TargetMode="External"/>').encode()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        existing = package.read(part) if part in package.namelist() else None
    if existing is None:
        body = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                b'openxmlformats.org/package/2006/relationships">' + relationship + b"</Relationships>")
        return rezip(data, add={part: body})
    return rezip(data, replace={part: existing.replace(b"</Relationships>", relationship + b"</Relationships>")})


def lying_sizes(data: bytes) -> bytes:
    """The package with every central-directory entry claiming ~4 GB once inflated (a zip bomb's header)."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", out, position + 24, 0xFFFFFFF0)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


# --- text and markup -------------------------------------------------------------------------------------------------

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + ']>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>\n')

HOSTILE_HTML_MARKERS = ("<script", "alert(", "onerror", "onload", "onclick", "javascript:", "<style", "color:red",
                        "<iframe", "srcdoc", "<svg", "<img", "vbscript:")


def hostile_html(text: str) -> str:
    paragraphs = "".join(f"<p onclick=\"alert('p')\">{line}</p>" for line in text.splitlines() if line)
    return ("<!DOCTYPE html><html><head><title>Offre</title><style>body{color:red}</style>"
            "<script>alert('head')</script></head><body onload=\"alert('load')\">"
            f"<h1>{text.splitlines()[0]}</h1>{paragraphs}"
            "<img src=x onerror=\"alert('img')\"><a href=\"javascript:alert('a')\">Postuler</a>"
            "<a href=\"vbscript:msgbox('b')\">ici</a><svg onload=\"alert('svg')\"><script>alert('svg')</script></svg>"
            "<p>&lt;script&gt;alert('escaped')&lt;/script&gt;</p>"
            "<iframe src=\"http://127.0.0.1:9/\" srcdoc=\"<script>alert('frame')</script>\"></iframe>"
            "<script>document.write('<p>injected</p>')</script></body></html>")


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    expect: frozenset[str]
    create: Callable[[Path, Path], None]

    def make(self, inbox: Path, outside: Path) -> None:
        self.create(inbox, outside)


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def create(inbox: Path, outside: Path) -> None:
        (inbox / os.fsdecode(name)).write_bytes(data() if callable(data) else data)
    return create


def _symlink_to(target_name: str, *, is_dir: bool = False) -> Callable[[Path, Path], None]:
    def create(inbox: Path, outside: Path) -> None:
        target = outside / target_name
        if is_dir:
            target.mkdir(exist_ok=True)
            (target / "inside-secret.txt").write_text(posting_text(SECRET), encoding="utf-8")
        link = inbox / (target_name + ".link" + ("" if is_dir else ".txt"))
        link.symlink_to(target)
    return create


def _hard_link(inbox: Path, outside: Path) -> None:
    target = outside / "hard-target.txt"
    target.write_text(posting_text(SECRET), encoding="utf-8")
    os.link(target, inbox / "hard-link.txt")


def _fifo(inbox: Path, outside: Path) -> None:
    os.mkfifo(inbox / "pipe.txt")


def _twice(inbox: Path, outside: Path) -> None:
    data = posting_text("déposé deux fois").encode("utf-8")
    (inbox / "twice-a.txt").write_bytes(data)
    (inbox / "twice-b.txt").write_bytes(data)


def _text(variant: str, codec: str) -> bytes:
    return posting_text(variant).encode(codec)


def _deep_json() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def _one_line_html() -> bytes:
    text = posting_text("une seule ligne d'un Mo")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line)
    padding = '<img alt="" src="data:image/png;base64,' + "A" * 990_000 + '">'
    return f"<!DOCTYPE html><html><head><title>Offre</title></head><body>{body}{padding}</body></html>".encode()


def _malformed_jsonld() -> bytes:
    text = posting_text("JSON-LD cassé")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line)
    return ('<!DOCTYPE html><html><head><script type="application/ld+json">{"@type": "JobPosting", "title": '
            '"Chargé de projet", "datePosted": 2024-13-45, ,,}</script></head><body>'
            f"{body}</body></html>").encode()


def _xxe(inbox: Path, outside: Path) -> None:
    secret = outside / "xxe-secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (inbox / "xxe.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        f"<html><body><h1>Chargé de projet</h1><p>&leak;</p></body></html>\n", encoding="utf-8")


def _docx(variant: str) -> bytes:
    return docx_document(posting_text(variant))


def cases() -> list[Case]:
    """Every kind of hostile input, each with the outcomes it may have."""
    quarantined = lambda *codes: frozenset(codes)  # noqa: E731 - reads as the table below
    posting = frozenset({POSTING})
    text_pdf = lambda: pdf_document(posting_text("PDF").splitlines())  # noqa: E731
    return [
        Case("zero bytes", "empty.txt", quarantined("empty"), _write("empty.txt", b"")),
        Case("whitespace only", "blank.txt", quarantined("empty"), _write("blank.txt", b" \n\t \r\n  \n")),
        Case("random binary named .pdf", "random.pdf", quarantined("corrupt"),
             _write("random.pdf", _random_bytes("pdf"))),
        Case("random binary named .docx", "random.docx", quarantined("corrupt"),
             _write("random.docx", _random_bytes("docx"))),
        Case("random binary named .txt", "random.txt", quarantined("binary"),
             _write("random.txt", _random_bytes("txt"))),
        Case("gzip named .txt", "archive.txt", quarantined("binary"),
             _write("archive.txt", lambda: __import__("gzip").compress(posting_text("gz").encode() * 20))),
        Case("truncated PDF", "truncated.pdf", quarantined("corrupt"),
             _write("truncated.pdf", lambda: text_pdf()[: len(text_pdf()) * 6 // 10])),
        Case("PDF encrypted with a user password", "encrypted.pdf", quarantined("encrypted"),
             _write("encrypted.pdf", lambda: encrypted_pdf(text_pdf(), "secret"))),
        Case("PDF with an owner password only (opens without one)", "owner-only.pdf", posting,
             _write("owner-only.pdf", lambda: encrypted_pdf(pdf_document(posting_text("PDF protégé").splitlines()),
                                                            ""))),
        Case("PDF without a text layer", "scan.pdf", quarantined("no_text"), _write("scan.pdf", pdf_document(None))),
        Case("zip-bomb DOCX (an XML part inflating 1000x)", "bomb-ratio.docx", quarantined("zip_bomb"),
             _write("bomb-ratio.docx", lambda: rezip(_docx("bombe"), add={
                 "word/bomb.xml": b"<a>" + b"lol" * 2_000_000 + b"</a>"}))),
        Case("zip-bomb DOCX (over 100 MB once inflated)", "bomb-total.docx", quarantined("zip_bomb"),
             _write("bomb-total.docx", lambda: rezip(_docx("bombe totale"), add={
                 "word/media/image1.bmp": bytes(110 * 1024 * 1024)}))),
        Case("DOCX with a blank image inflating 1000x (legitimate)", "blank-image.docx", posting,
             _write("blank-image.docx", lambda: rezip(_docx("image blanche"), add={
                 "word/media/image1.bmp": bytes(3 * 1024 * 1024)}))),
        Case("zip-bomb DOCX (thousands of entries)", "bomb-entries.docx", quarantined("zip_bomb"),
             _write("bomb-entries.docx",
                    lambda: rezip(_docx("entrées"), add={f"word/parts/item{i}.xml": b"<a/>" for i in range(1500)}))),
        Case("zip-bomb DOCX (central directory claims 4 GB)", "bomb-lying.docx", quarantined("zip_bomb"),
             _write("bomb-lying.docx", lambda: lying_sizes(_docx("tailles mensongères")))),
        Case("DOCX with macros", "macros.docx", quarantined("macros"),
             _write("macros.docx", lambda: rezip(_docx("macros"), add={"word/vbaProject.bin": _random_bytes("vba")}))),
        Case("DOCX with a remote template (external link)", "remote-template.docx", quarantined("external_reference"),
             _write("remote-template.docx", lambda: _with_relationship(
                 _docx("modèle distant"), "word/_rels/settings.xml.rels", "attachedTemplate",
                 "http://127.0.0.1:9/evil.dotm"))),
        Case("DOCX with an external hyperlink (accepted, never followed)", "hyperlink.docx", posting,
             _write("hyperlink.docx", lambda: _with_relationship(
                 _docx("lien externe"), "word/_rels/document.xml.rels", "hyperlink", "http://127.0.0.1:9/apply"))),
        Case("truncated DOCX", "truncated.docx", quarantined("corrupt"),
             _write("truncated.docx", lambda: _docx("tronqué")[:3000])),
        Case("ZIP that is not a Word document", "not-word.docx", quarantined("unsupported_type"),
             _write("not-word.docx", lambda: rezip(_docx("x"), replace={})
                    .replace(b"word/", b"xxxx/"))),
        Case("file over the size limit", "oversize.txt", quarantined("too_large"),
             _write("oversize.txt", lambda: posting_text("trop gros").encode() * (MAX_FILE_MB * 1024 * 1024 // 500 + 100))),
        Case("cp1252 text", "cp1252.txt", posting, _write("cp1252.txt", _text("cp1252", "cp1252"))),
        Case("latin-1 text", "latin1.txt", posting, _write("latin1.txt", _text("latin-1", "latin-1"))),
        Case("UTF-16 LE text with BOM", "utf16le.txt", posting, _write("utf16le.txt", _text("UTF-16", "utf-16"))),
        Case("UTF-16 BE text with BOM", "utf16be.txt", posting,
             _write("utf16be.txt", codecs.BOM_UTF16_BE + _text("UTF-16 BE", "utf-16-be"))),
        Case("UTF-8 with BOM", "bom.txt", posting, _write("bom.txt", codecs.BOM_UTF8 + _text("BOM", "utf-8"))),
        Case("double-encoded mojibake", "mojibake.txt", posting,
             _write("mojibake.txt", _text("mojibake", "utf-8").decode("latin-1").encode("utf-8"))),
        Case("text with stray NUL bytes", "stray-nul.txt", posting,
             _write("stray-nul.txt", _text("octets nuls", "utf-8").replace(b"\n\n", b"\n\0\n", 1))),
        Case("JSON with NUL and lone-surrogate escapes", "escapes.json", posting,
             _write("escapes.json", json.dumps({"title": "Chargé de projet \0 JSON",
                                                "description": posting_text("échappements") + " \ud800 fin"}).encode())),
        Case("HTML with scripts, styles, event handlers, javascript: links", "scripts.html", posting,
             _write("scripts.html", hostile_html(posting_text("scripts")).encode())),
        Case("HTML with a 1 MB single line", "one-line.html", posting, _write("one-line.html", _one_line_html)),
        Case("XML entity bomb (billion laughs)", "laughs.xml", quarantined("xml_entities"),
             _write("laughs.xml", BILLION_LAUGHS.encode())),
        Case("XML external entity (XXE) naming a file outside the inbox", "xxe.xml", quarantined("xml_entities"),
             _xxe),
        Case("malformed JSON-LD in a good page", "bad-jsonld.html", posting,
             _write("bad-jsonld.html", _malformed_jsonld)),
        Case("malformed JSON", "broken.json", quarantined("corrupt"),
             _write("broken.json", "{\"title\": \"Chargé de projet\", \"description\": ".encode())),
        Case("JSON nested 100 000 deep", "deep.json", quarantined("too_deep"), _write("deep.json", _deep_json)),
        Case("name starting with ..", "..dotdot.txt", posting,
             _write("..dotdot.txt", _text("point point", "utf-8"))),
        Case("name with a newline", "new\nline.txt", posting, _write("new\nline.txt", _text("saut de ligne", "utf-8"))),
        Case("name with control and undecodable bytes", os.fsdecode(b"ctrl-\x01\x1b-\xff\xfe.txt"), posting,
             _write(b"ctrl-\x01\x1b-\xff\xfe.txt", _text("octets de contrôle", "utf-8"))),
        Case("name with NUL-like characters and a bidi override", "nul\u2400%00\u202etxt.html.txt", posting,
             _write("nul\u2400%00\u202etxt.html.txt", _text("caractères NUL", "utf-8"))),
        Case("name of 240 bytes", "é" * 118 + ".txt", posting, _write("é" * 118 + ".txt", _text("nom long", "utf-8"))),
        Case("symlink to a file outside the inbox", "secret.txt.link.txt", quarantined("symlink"),
             _symlink_to("secret.txt")),
        Case("symlink to a folder outside the inbox", "folder.link", quarantined("symlink"),
             _symlink_to("folder", is_dir=True)),
        Case("dangling symlink", "nowhere.link.txt", quarantined("symlink"), _symlink_to("nowhere")),
        Case("hard link to a file outside the inbox", "hard-link.txt", quarantined("hard_link"), _hard_link),
        Case("named pipe (FIFO)", "pipe.txt", quarantined("not_a_file"), _fifo),
        Case("unsupported type", "setup.exe", quarantined("unsupported_type"),
             _write("setup.exe", b"MZ\x90\x00" + _random_bytes("exe", 512))),
        Case("the same file dropped twice (two names)", "twice-a.txt", posting, _twice),
    ]


def make_secret_files(outside: Path) -> None:
    (outside / "secret.txt").write_text(posting_text(SECRET), encoding="utf-8")
