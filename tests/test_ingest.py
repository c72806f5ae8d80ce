"""Stage 1, ingest: every input format becomes Documents (or error results), in a stable order."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from geopol import FieldMap, GeopolError, ReadOptions, read_paths, sample_corpus
from geopol.records import DocResult, Document

from .conftest import doc_of

BODY = "China and Russia agreed on Tuesday to expand trade and energy cooperation."

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Leaders agree on grain corridor | The Example Herald</title>
  <meta property="og:title" content="Leaders agree on grain corridor">
  <meta property="og:url" content="https://example.org/world/2024/05/02/grain-corridor">
  <meta property="article:published_time" content="2024-05-02T10:00:00+00:00">
  <link rel="canonical" href="https://example.org/world/2024/05/02/grain-corridor">
</head>
<body>
  <nav class="main-nav"><ul>
    <li><a href="/news/">Newsroom Home</a></li><li><a href="/sport/">Sport Pages</a></li>
    <li><a href="/weather/">Weather Desk</a></li>
  </ul></nav>
  <article>
    <h1>Leaders agree on grain corridor</h1>
    <p>ANKARA, May 2 — Turkey and Ukraine agreed on Thursday to reopen a grain corridor across the Black
    Sea, officials in both capitals said after talks that lasted most of the day.</p>
    <p>The agreement allows cargo ships to sail from the port of Odesa to the Bosphorus under a joint
    inspection regime, and it will be reviewed by both sides after three months.</p>
    <p>Russia said it had not been consulted and warned that it would treat the ships as legitimate
    targets if they carried military cargo.</p>
  </article>
  <footer class="site-footer"><p>Copyright 2024 The Example Herald. Subscribe to our newsletter.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul></footer>
</body>
</html>
"""


def read_one(path: Path, options: ReadOptions | None = None) -> Document:
    items = list(read_paths([path], options))
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def docs(items: list[Document | DocResult]) -> list[Document]:
    assert all(isinstance(i, Document) for i in items), items
    return items  # type: ignore[return-value]


# --- .txt --------------------------------------------------------------------------------------
def test_ingest_txt_title_date_and_content_id(tmp_path: Path) -> None:
    text = "Leaders meet in Geneva\n\n" + BODY + "\n"
    path = tmp_path / "2024-03-05-geneva-talks.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == text
    assert doc.title == "Leaders meet in Geneva"
    assert doc.published == date(2024, 3, 5)
    assert doc.id == "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert doc.origin == str(path)


def test_ingest_txt_id_is_stable_and_depends_on_content_only(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(BODY, encoding="utf-8")
    b.write_text(BODY, encoding="utf-8")
    c.write_text(BODY + " More.", encoding="utf-8")
    assert read_one(a).id == read_one(a).id == read_one(b).id
    assert read_one(c).id != read_one(a).id


def test_ingest_txt_without_or_with_invalid_date_prefix_has_no_date(tmp_path: Path) -> None:
    plain, bad = tmp_path / "geneva.txt", tmp_path / "2024-13-45-geneva.txt"
    plain.write_text(BODY, encoding="utf-8")
    bad.write_text(BODY, encoding="utf-8")
    assert read_one(plain).published is None
    assert read_one(bad).published is None


@pytest.mark.parametrize(
    ("first", "published"),
    [("2023-03-21", date(2023, 3, 21)), ("Friday, January 4, 2019 ", date(2019, 1, 4)),
     ("March 21, 2023", date(2023, 3, 21)), ("21 March 2023", date(2023, 3, 21))],
)  # fmt: skip
def test_ingest_txt_first_line_date_is_the_publication_date(tmp_path: Path, first: str, published: date) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(f"{first}\n\nLeaders meet in Geneva\n\n{BODY}\n", encoding="utf-8")
    doc = read_one(path)
    assert (doc.published, doc.title) == (published, "Leaders meet in Geneva")


def test_ingest_txt_drops_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    assert read_one(path).text == BODY


# --- .html -------------------------------------------------------------------------------------
def test_ingest_html_title_and_text_leave_scripts_out(tmp_path: Path) -> None:
    page = HTML_PAGE.replace("<h1>Leaders agree", "<h1>Leaders<script>var tracker = 1;</script> agree").replace(
        "<p>The agreement", "<p><style>p {color: red}</style>The agreement"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_one(path)
    assert doc.title == "Leaders agree on grain corridor"
    assert "tracker" not in doc.text and "color" not in doc.text


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_one(path)
    assert "Turkey and Ukraine agreed on Thursday" in doc.text
    assert "legitimate" in doc.text
    assert doc.title == "Leaders agree on grain corridor"
    assert doc.published == date(2024, 5, 2)
    assert doc.url == "https://example.org/world/2024/05/02/grain-corridor"
    for boilerplate in ("Newsroom Home", "Weather Desk", "Copyright", "Privacy policy", "newsletter"):
        assert boilerplate not in doc.text
    assert doc.id.startswith("doc-")


def test_ingest_html_sample_pages_leave_out_navigation(sample_items: list[Document | DocResult]) -> None:
    pages = [doc_of(i) for i in sample_items if (doc_of(i).origin or "").endswith(".html")]
    assert len(pages) == 2
    for doc in pages:
        assert doc.title and doc.published and doc.url and doc.url.startswith("https://example.org/")
        assert "Sign in" not in doc.text and "Subscribe" not in doc.text


# --- .jsonl / .json ----------------------------------------------------------------------------
def test_ingest_jsonl_format_fields(tmp_path: Path) -> None:
    rec = {"id": "seed-x", "text": BODY, "published": "2023-03-17", "title": "Trade",
           "url": "https://example.org/a", "language": "en"}  # fmt: skip
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(rec) + "\n\n" + json.dumps({"text": "Second " + BODY}) + "\n", encoding="utf-8")
    first, second = docs(list(read_paths([path])))
    assert (first.id, first.text, first.title, first.url, first.language) == (
        "seed-x", BODY, "Trade", "https://example.org/a", "en")  # fmt: skip
    assert first.published == date(2023, 3, 17)
    assert first.origin == f"{path}:1"
    assert second.id == "doc-" + hashlib.sha256(("Second " + BODY).encode()).hexdigest()[:16]
    assert second.origin == f"{path}:3"  # blank lines are skipped but line numbers kept


def test_ingest_jsonl_numeric_id_kept_as_string(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_text(json.dumps({"id": 42, "text": BODY}) + "\n", encoding="utf-8")
    assert read_one(path).id == "42"


def test_ingest_jsonl_bad_date_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": BODY, "published": "last Tuesday"}) + "\n", encoding="utf-8")
    (item,) = list(read_paths([path]))
    assert isinstance(item, DocResult) and item.ok
    assert item.document.id == "a" and item.document.published is None
    assert any(w.startswith("[E011]") for w in item.warnings)


def test_ingest_jsonl_bad_line_says_what_and_where(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n', encoding="utf-8")
    (item,) = list(read_paths([path]))
    assert isinstance(item, DocResult) and item.error is not None and item.error.code == "E008"
    assert "Line 1 is not a valid JSON object: Unterminated string starting at column 21." in item.error.message


def test_ingest_json_array(tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps([{"id": "a", "text": BODY}, {"id": "b", "text": BODY + " Again."}]), encoding="utf-8")
    items = docs(list(read_paths([path])))
    assert [d.id for d in items] == ["a", "b"]
    assert [d.origin for d in items] == [f"{path}:1", f"{path}:2"]


# --- .csv / .tsv -------------------------------------------------------------------------------
def test_ingest_csv_default_columns(tmp_path: Path) -> None:
    path = tmp_path / "wire.csv"
    path.write_text(
        "headline,date,link,body\n"
        f'Trade deal,2024-01-02,https://example.org/x,"{BODY}\n\nSecond paragraph, with a comma."\n'
        f"Other,,,{BODY}\n",
        encoding="utf-8",
    )
    first, second = docs(list(read_paths([path])))
    assert first.title == "Trade deal" and first.published == date(2024, 1, 2)
    assert first.url == "https://example.org/x"
    assert first.text == BODY + "\n\nSecond paragraph, with a comma."
    assert second.published is None and second.url is None and second.text == BODY


def test_ingest_csv_other_column_names_mapped(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        f"key,heading,when,address,story_text,body\nk-1,Talks,2022-02-03,https://example.org/y,{BODY},not this one\n",
        encoding="utf-8",
    )
    fields = FieldMap().with_overrides(text="story_text", title="heading", published="when", url="address", id="key")
    doc = read_one(path, ReadOptions(fields=fields))
    assert (doc.id, doc.title, doc.published, doc.url, doc.text) == (
        "k-1", "Talks", date(2022, 2, 3), "https://example.org/y", BODY)  # fmt: skip
    # without the mapping the defaults apply: 'body' is a default text column
    assert read_one(path).text == "not this one"


def test_ingest_field_map_overrides_come_first() -> None:
    fm = FieldMap().with_overrides(text="body", title=None)
    assert fm.text[0] == "body" and "text" in fm.text
    assert fm.title == FieldMap().title


def test_ingest_csv_without_a_text_column_is_one_error_naming_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("key,heading,words\n" + "".join(f"k-{i},Talks,{BODY}\n" for i in range(5)), encoding="utf-8")
    (item,) = list(read_paths([path]))
    assert isinstance(item, DocResult) and item.error is not None and item.error.code == "E012"
    assert "'key', 'heading', 'words'" in item.error.message and "--text-field" in item.error.message


def test_ingest_tsv(tmp_path: Path) -> None:
    path = tmp_path / "wire.tsv"
    path.write_text(f"id\ttitle\ttext\nt-1\tA title\t{BODY}\n", encoding="utf-8")
    doc = read_one(path)
    assert (doc.id, doc.title, doc.text) == ("t-1", "A title", BODY)


# --- stdin -------------------------------------------------------------------------------------
def test_ingest_stdin_sniffs_jsonl() -> None:
    data = (json.dumps({"id": "s1", "text": BODY}) + "\n" + json.dumps({"id": "s2", "text": BODY}) + "\n").encode()
    items = docs(list(read_paths(["-"], stdin=io.BytesIO(data))))
    assert [d.id for d in items] == ["s1", "s2"]
    assert items[0].origin == "stdin:1"


def test_ingest_stdin_sniffs_json_array() -> None:
    data = json.dumps([{"id": "s1", "text": BODY}, {"id": "s2", "text": BODY}]).encode()
    assert [d.id for d in docs(list(read_paths(["-"], stdin=io.BytesIO(data))))] == ["s1", "s2"]


def test_ingest_stdin_sniffs_html() -> None:
    (doc,) = docs(list(read_paths(["-"], stdin=io.BytesIO(HTML_PAGE.encode()))))
    assert doc.title == "Leaders agree on grain corridor"
    assert "Turkey and Ukraine agreed" in doc.text and "<p>" not in doc.text
    assert doc.origin == "stdin"


def test_ingest_stdin_sniffs_plain_text() -> None:
    data = "A headline\n\n" + BODY
    (doc,) = docs(list(read_paths(["-"], stdin=io.BytesIO(data.encode()))))
    assert doc.text == data and doc.title == "A headline" and doc.origin == "stdin"


def test_ingest_stdin_text_starting_with_bracket_is_text() -> None:
    """Regression: stdin text starting with '[' was sniffed as a JSON array (E008)."""
    data = "[Reuters] " + BODY
    (item,) = list(read_paths(["-"], stdin=io.BytesIO(data.encode())))
    assert isinstance(item, Document) and item.text == data


def test_ingest_stdin_and_files_mix_in_order(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    items = docs(list(read_paths([path, "-"], stdin=io.BytesIO(b"Second text here."))))
    assert [d.origin for d in items] == [str(path), "stdin"]


# --- folders -----------------------------------------------------------------------------------
def test_ingest_folder_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    files = {
        "b.txt": BODY, "b/a.txt": BODY + " 1", "a/z.txt": BODY + " 2", "a/deep/c.jsonl": json.dumps({"id": "j", "text": BODY}),
        "a/README.md": "# not an article", "README.md": "# nor this", "notes.pdf": "%PDF-1.4", "a/y.html": HTML_PAGE,
    }  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    items = list(read_paths([tmp_path]))
    origins = [Path(doc_of(d).origin or "").relative_to(tmp_path).as_posix() for d in items]
    # the .pdf is reported (E010), never skipped in silence; notes (README.md) and hidden files are left out
    assert origins == ["a/deep/c.jsonl:1", "a/y.html", "a/z.txt", "b/a.txt", "b.txt", "notes.pdf"]
    assert [i.error.code for i in items if isinstance(i, DocResult) and i.error] == ["E010"]
    flat = list(read_paths([tmp_path], ReadOptions(recursive=False)))
    assert [Path(doc_of(d).origin or "").name for d in flat] == ["b.txt", "notes.pdf"]


def test_ingest_sample_corpus_has_14_documents_and_no_readme(sample_items: list[Document | DocResult]) -> None:
    assert len(sample_items) == 14
    assert all(isinstance(i, Document) for i in sample_items)
    origins = [doc_of(i).origin or "" for i in sample_items]
    assert not any("README" in o for o in origins)
    ids = [doc_of(i).id for i in sample_items]
    assert len(set(ids)) == 14
    assert ids[:8] == [f"sample-{n:03d}" for n in range(1, 9)]
    assert all(doc_of(i).published is not None for i in sample_items)


def test_ingest_sample_corpus_is_read_identically_twice(sample_items: list[Document | DocResult]) -> None:
    again = list(read_paths([sample_corpus()]))
    assert [doc_of(i).id for i in again] == [doc_of(i).id for i in sample_items]


def test_ingest_missing_path_raises_e301(tmp_path: Path) -> None:
    with pytest.raises(GeopolError) as info:
        list(read_paths([tmp_path / "nope.txt"]))
    assert info.value.code == "E301"
    assert "nope.txt" in str(info.value) and str(info.value).startswith("[E301]")
