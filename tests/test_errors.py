"""Bad input becomes a per-document error result with a numbered code; the batch always goes on."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import geopol
from geopol import DocumentError, Errors, GeopolError, read_paths
from geopol.records import DocResult

GOOD = "China and Russia agreed on Tuesday to expand trade and energy cooperation."
FRENCH = (
    "Le président de la République a annoncé mardi que la France et le Maroc ont signé un accord sur "
    "la coopération dans le domaine de la sécurité et de la défense pour les années à venir, et que les "
    "deux pays se réuniront de nouveau à Rabat au mois de juin."
)
RUSSIAN = (
    "Президент России заявил во вторник, что Москва готова к переговорам с Киевом о прекращении огня "
    "и обмене пленными в ближайшие недели, но только на условиях, которые учитывают новые реалии."
)
HTML_WITHOUT_TEXT = "<html><head><title>x</title><script>var x = 1;</script></head><body><div></div></body></html>"


def run_files(extractor: geopol.Extractor, folder: Path, files: list[tuple[str, bytes]]) -> list[DocResult]:
    """Write the files and run them through read_paths + Extractor.run, in the given order."""
    paths = []
    for name, data in files:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return list(extractor.run(read_paths(paths)))


def assert_error(result: DocResult, code: str) -> None:
    assert result.error is not None, f"expected {code}, got an ok result"
    assert result.error.code == code, result.error
    assert result.error.message and result.error.message[0].isupper()
    assert result.as_json() == {"id": result.document.id, "status": "error",
                                "error": {"code": code, "message": result.error.message}}  # fmt: skip


def assert_good(result: DocResult) -> None:
    assert result.ok, result.error
    assert result.events, "the good document after a bad one must still be coded"


BAD_FILES = [
    pytest.param("empty.txt", b"", "E001", id="E001-empty-txt"),
    pytest.param("blank.txt", b"  \n\n\t  \n", "E001", id="E001-whitespace-txt"),
    pytest.param("invisible.txt", "\u200b\u200b".encode(), "E001", id="E001-empty-after-cleaning"),
    pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E002", id="E002-binary"),
    pytest.param("controls.txt", bytes(range(1, 9)) * 20, "E002", id="E002-control-bytes"),
    pytest.param("latin1.txt", "Caf\u00e9 talks in Paris ended.".encode("latin-1"), "E003", id="E003-latin1"),
    pytest.param("empty.html", HTML_WITHOUT_TEXT.encode(), "E004", id="E004-html-without-text"),
    pytest.param("fr.txt", FRENCH.encode(), "E005", id="E005-french"),
    pytest.param("ru.txt", RUSSIAN.encode(), "E005", id="E005-russian"),
    pytest.param("paper.pdf", b"%PDF-1.4 binary-ish", "E010", id="E010-pdf"),
    pytest.param("table.xlsx", b"PK", "E010", id="E010-xlsx"),
    pytest.param("empty.jsonl", json.dumps({"id": "e", "text": ""}).encode(), "E009", id="E009-jsonl-empty-text"),
    pytest.param("notext.jsonl", json.dumps({"id": "n", "title": "T"}).encode(), "E009", id="E009-no-text"),
    pytest.param("numtext.jsonl", json.dumps({"id": "n", "text": 42}).encode(), "E009", id="E009-text-not-string"),
    pytest.param("broken.jsonl", b'{"id": "b", "text": "unterminated', "E008", id="E008-bad-json"),
    pytest.param("broken.json", b'[{"id": "b", "text": "x"},', "E008", id="E008-bad-json-array"),
    pytest.param("scalar.json", b"[1]", "E008", id="E008-not-an-object"),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES)
def test_errors_bad_document_gives_error_and_batch_goes_on(
    extractor: geopol.Extractor, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    results = run_files(extractor, tmp_path, [(name, data), ("zz-good.txt", GOOD.encode())])
    assert len(results) == 2
    assert_error(results[0], code)
    assert_good(results[1])


def test_errors_empty_text_codes_depend_on_the_reader(extractor: geopol.Extractor, tmp_path: Path) -> None:
    """An empty .txt file is read (it is a document) and refused by the extractor (E001); a JSON
    record with empty text is refused by the reader already (E009, it names the text field)."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "rec.jsonl").write_text(json.dumps({"id": "r", "text": "  "}) + "\n", encoding="utf-8")
    read = list(read_paths([tmp_path / "empty.txt", tmp_path / "rec.jsonl"]))
    assert isinstance(read[0], geopol.Document)
    assert isinstance(read[1], DocResult) and read[1].error is not None and read[1].error.code == "E009"
    assert read[1].document.id == "r"  # the given id is kept on the error record
    results = list(extractor.run(read))
    assert [r.error.code if r.error else None for r in results] == ["E001", "E009"]


def test_errors_language_given_in_record(extractor: geopol.Extractor, tmp_path: Path) -> None:
    lines = [
        {"id": "fr", "text": GOOD, "language": "fr"},
        {"id": "en", "text": GOOD, "language": "en-GB"},
        {"id": "none", "text": GOOD},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(rec) + "\n" for rec in lines), encoding="utf-8")
    fr, en, none = extractor.run(read_paths([path]))
    assert_error(fr, "E005")
    assert "'fr'" in fr.error.message  # type: ignore[union-attr]
    assert_good(en)
    assert_good(none)


def test_errors_short_english_text_is_never_refused(extractor: geopol.Extractor) -> None:
    (r,) = extractor.run([geopol.Document(id="s", text="Putin met Xi.")])
    assert r.ok


def test_errors_very_long_document(make_extractor: Callable[..., geopol.Extractor], tmp_path: Path) -> None:
    small = make_extractor(max_chars=100)
    long_text = (GOOD + " ") * 5
    results = run_files(small, tmp_path, [("a-long.txt", long_text.encode()), ("b-good.txt", GOOD.encode())])
    assert_error(results[0], "E006")
    assert str(len(long_text)) in results[0].error.message and "100" in results[0].error.message  # type: ignore[union-attr]
    assert_good(results[1])


def test_errors_unreadable_file(extractor: geopol.Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad, good = tmp_path / "a-locked.txt", tmp_path / "b-good.txt"
    bad.write_text(GOOD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == bad.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = list(extractor.run(read_paths([tmp_path])))
    assert_error(results[0], "E007")
    assert "Permission denied" in results[0].error.message  # type: ignore[union-attr]
    assert results[0].document.origin == str(bad)
    assert_good(results[1])


def test_errors_unreadable_file_by_permissions(extractor: geopol.Extractor, tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop reads")
    bad = tmp_path / "locked.txt"
    bad.write_text(GOOD, encoding="utf-8")
    bad.chmod(0)
    try:
        (r,) = extractor.run(read_paths([bad]))
    finally:
        bad.chmod(0o644)
    assert_error(r, "E007")


def test_errors_malformed_json_line_then_good_lines(extractor: geopol.Extractor, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": GOOD}) + "\n{not json\n" + json.dumps({"id": "c", "text": GOOD}) + "\n[1, 2]\n",
        encoding="utf-8",
    )
    a, b, c, d = extractor.run(read_paths([path]))
    assert_good(a)
    assert_error(b, "E008")
    assert "Line 2" in b.error.message  # type: ignore[union-attr]
    assert b.document.origin == f"{path}:2"
    assert_good(c)
    assert_error(d, "E008")
    assert a.document.id == "a" and c.document.id == "c"
    assert b.document.id != d.document.id  # each error line has its own id


def test_errors_a_line_that_is_no_utf8_fails_alone(extractor: geopol.Extractor, tmp_path: Path) -> None:
    """One Latin-1 byte in a JSON Lines file fails its line only (E003 naming the line), the others are
    read; so does a first line that is a JSON array, not an object (the file is not an array file)."""
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": k, "text": GOOD}).encode() for k in ("a", "b", "c")]
    lines[1] = lines[1].replace(b'"id": "b"', '"id": "b", "place": "Caf\u00e9"'.encode("latin-1"))
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")  # with a byte-order mark, as Windows writes
    a, b, c = extractor.run(read_paths([path]))
    assert_good(a)
    assert_error(b, "E003")
    assert "line 2" in b.error.message and b.document.origin == f"{path}:2"  # type: ignore[union-attr]
    assert_good(c)
    assert (a.document.id, c.document.id) == ("a", "c")
    path.write_text("[" + json.dumps({"id": "w", "text": GOOD}) + "]\n" + json.dumps({"id": "x", "text": GOOD}) + "\n",
                    encoding="utf-8")  # fmt: skip
    first, second = extractor.run(read_paths([path]))
    assert_error(first, "E008")
    assert_good(second)
    assert second.document.id == "x"


def test_errors_unsupported_suffix_passed_directly(extractor: geopol.Extractor, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    (r,) = extractor.run(read_paths([pdf]))
    assert_error(r, "E010")
    assert "'.pdf'" in r.error.message  # type: ignore[union-attr]


def test_errors_binary_stdin() -> None:
    (r,) = read_paths(["-"], stdin=io.BytesIO(b"\x00\x01\x02binary"))
    assert isinstance(r, DocResult) and r.error is not None and r.error.code == "E002"
    assert r.document.origin == "stdin"


def test_errors_failure_inside_pipeline_becomes_e901(
    extractor: geopol.Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geopol.process

    real = geopol.process.to_result

    def to_result(doc, aligned, sdoc, *rest):  # type: ignore[no-untyped-def]
        if doc.id == "boom":
            raise RuntimeError("simulated crash")
        return real(doc, aligned, sdoc, *rest)

    monkeypatch.setattr(geopol.process, "to_result", to_result)
    docs = [geopol.Document(id=i, text=GOOD) for i in ("a", "boom", "c")]
    a, boom, c = extractor.run(docs)
    assert_good(a)
    assert_good(c)
    assert_error(boom, "E901")
    assert "simulated crash" in boom.error.message  # type: ignore[union-attr]


def test_errors_results_keep_input_order_across_batches(make_extractor: Callable[..., geopol.Extractor]) -> None:
    small = make_extractor(batch_size=2)
    items: list[geopol.Document] = []
    for n in range(7):
        text = "" if n % 3 == 1 else f"{GOOD} Item {n}."
        items.append(geopol.Document(id=f"d{n}", text=text))
    results = list(small.run(items))
    assert [r.document.id for r in results] == [d.id for d in items]
    assert [r.ok for r in results] == [n % 3 != 1 for n in range(7)]


def test_errors_library_never_prints(
    extractor: geopol.Extractor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [(p.values[0], p.values[1]) for p in BAD_FILES] + [("zz-good.txt", GOOD.encode())]
    capsys.readouterr()
    results = run_files(extractor, tmp_path, files)  # type: ignore[arg-type]
    report = geopol.Report()
    for r in results:
        report.add(r)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert report.ok == 1 and report.failed == len(BAD_FILES)
    assert sum(report.errors.values()) == report.failed


# --- the catalogue -----------------------------------------------------------------------------
def test_errors_codes_are_numbered_and_unique() -> None:
    names = list(Errors.__members__)
    assert names and all(re.fullmatch(r"E\d{3}", n) for n in names)
    assert len(names) == len(set(names))
    # two members with the same message would silently become aliases of one another
    assert len(list(Errors)) == len(names)
    assert len({e.value for e in Errors}) == len(names)


@pytest.mark.parametrize("error", list(Errors), ids=lambda e: e.name)
def test_errors_message_ends_with_an_instruction(error: Errors) -> None:
    message = error.value.strip()
    assert message and message[-1] in ".?!"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z`])", message) if s.strip()]
    last = sentences[-1]
    assert last[0].isupper() or last[0] == "`", last


def test_errors_every_code_used_in_src_is_defined() -> None:
    src = Path(geopol.__file__).parent
    used: set[str] = set()
    for path in src.rglob("*.py"):
        if path.name == "errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"Errors\.(E\d{3})", text))
        used |= set(re.findall(r"[\"'](E\d{3})[\"']", text))
    assert used, "no error codes found in src"
    assert used <= set(Errors.__members__), used - set(Errors.__members__)


def test_errors_geopol_error_carries_code_and_message() -> None:
    err = DocumentError(Errors.E006, detail=500, limit=100)
    assert isinstance(err, GeopolError)
    assert err.code == "E006"
    assert "500" in err.message and "100" in err.message
    assert str(err) == f"[E006] {err.message}"
