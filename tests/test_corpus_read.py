"""Finding and decoding input files: folders, gzip, charsets, and clear reasons for bad files."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from corpus.read import InputError, InputFile, Skipped, decode_page, find_inputs, read_page


def test_finds_pages_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.htm").write_text("<p>x</p>")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(b"<p>x</p>"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert list(find_inputs([tmp_path])) == [
        InputFile(tmp_path / "a.txt", "text"),
        InputFile(tmp_path / "c.html.gz", "html"),
        InputFile(tmp_path / "b" / "two.htm", "html"),
    ]


def test_missing_and_unsupported_paths_are_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert list(find_inputs([tmp_path / "nope", tmp_path / "notes.pdf"])) == [
        Skipped(str(tmp_path / "nope"), "no such file or folder"),
        Skipped(
            str(tmp_path / "notes.pdf"), "unsupported file type (expected .html, .htm, .txt, .gz)"
        ),
    ]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text("x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    found = list(find_inputs([tmp_path]))
    assert found == [
        InputFile(tmp_path / "d" / "p.txt", "text"),
        Skipped(str(tmp_path / "d" / "loop"), "folder already visited (symbolic link loop)"),
    ]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ('<meta charset="utf-8"><p>café</p>'.encode(), '<meta charset="utf-8"><p>café</p>'),
        (
            '<meta charset="windows-1252"><p>café ’</p>'.encode("cp1252"),
            '<meta charset="windows-1252"><p>café ’</p>',
        ),
        (
            '<meta charset="iso-8859-1"><p>“q”</p>'.encode("cp1252"),
            '<meta charset="iso-8859-1"><p>“q”</p>',
        ),
        ("<p>no declaration, UTF-8 café</p>".encode(), "<p>no declaration, UTF-8 café</p>"),
        (
            "<p>no declaration, cp1252 café</p>".encode("cp1252"),
            "<p>no declaration, cp1252 café</p>",
        ),
        (
            '<meta charset="utf-8"><p>declared wrongly: café</p>'.encode("cp1252"),
            '<meta charset="utf-8"><p>declared wrongly: café</p>',
        ),
        ("\ufeff<p>bom</p>".encode(), "<p>bom</p>"),
    ],
)
def test_decoding_order(data: bytes, text: str) -> None:
    assert decode_page(data, kind="html") == text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.html", b"  \n", "file is empty"),
        (
            "binary.html",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "binary file (contains NUL bytes), not a text page",
        ),
        (
            "broken.html.gz",
            b"not gzip at all",
            "corrupt gzip data: Error -3 while decompressing data: incorrect header check",
        ),
        ("cut.html.gz", gzip.compress(b"<p>" + b"x" * 5000)[:30], "truncated gzip data"),
        ("plain.html", b"just words, no markup", "no HTML markup found in an .html file"),
    ],
)
def test_bad_files_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_page(path, "html")
    assert str(caught.value) == reason


def test_oversized_files_are_refused(tmp_path: Path) -> None:
    from corpus.read import read_bytes

    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 2000)
    with pytest.raises(InputError) as caught:
        read_bytes(path, max_bytes=1000)
    assert str(caught.value) == "file is 2,003 bytes, over the 1,000-byte limit"
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"x" * 5000))
    with pytest.raises(InputError) as caught:
        read_bytes(bomb, max_bytes=1000)
    assert str(caught.value) == "decompresses to over the 1,000-byte limit"
