"""Find input files under the given paths and read them as text: gzip, size limit, decoding."""

from __future__ import annotations

import codecs
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".txt")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a saved article page is far smaller; bigger is not a page

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


class InputError(ValueError):
    """A file could not be read as a page; the message says why."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file found under the inputs: its path and kind ("html", "text", or the bulk
    kinds "jsonl" and "warc")."""

    path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was passed over, with the reason a person can act on."""

    source: str
    reason: str


def page_kind(path: Path) -> str | None:
    """Return "html", "text", "jsonl" or "warc" for a supported input file name (optionally
    .gz), else None."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".txt"):
        return "text"
    if name.endswith(".jsonl"):
        return "jsonl"  # many articles per file: corpus.bulk reads them
    if name.endswith(".warc"):
        return "warc"
    return None


def find_inputs(paths: Iterable[Path]) -> Iterator[InputFile | Skipped]:
    """Yield every page file under `paths` (folders recursively, sorted), or why one is skipped."""
    for root in paths:
        if root.is_dir():
            yield from _walk(root)
        elif root.exists():
            kind = page_kind(root)
            if kind:
                yield InputFile(root, kind)
            else:
                yield Skipped(str(root), "unsupported file type (expected .html, .htm, .txt, .gz)")
        else:
            yield Skipped(str(root), "no such file or folder")


def _walk(root: Path) -> Iterator[InputFile | Skipped]:
    seen: set[tuple[int, int]] = set()
    top = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real_dir = os.path.realpath(dirpath)
        if not _inside(real_dir, top):  # a symbolic link out of the folder: not ours to read
            dirnames[:] = []
            yield Skipped(dirpath, f"symbolic link to a folder outside {root} ({real_dir})")
            continue
        stat = os.stat(dirpath)
        if (stat.st_dev, stat.st_ino) in seen:  # a symlink loop: do not walk it twice
            dirnames[:] = []
            yield Skipped(dirpath, "folder already visited (symbolic link loop)")
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            kind = page_kind(path)
            if not kind:
                continue
            real = os.path.realpath(path)
            if not _inside(real, top):
                yield Skipped(str(path), f"symbolic link to a file outside {root} ({real})")
            else:
                yield InputFile(path, kind)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_bytes(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Return the file's bytes, gunzipped for .gz. Raises InputError when unreadable or too big."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}") from err
    if path.name.lower().endswith(".gz"):
        data = gunzip(data, max_bytes=max_bytes)
    if not data.strip():
        raise InputError("file is empty")
    return data


def gunzip(data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Return the decompressed bytes. Raises InputError for a corrupt or oversized archive."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as err:
        raise InputError(f"corrupt gzip data: {err}") from err
    if len(out) > max_bytes:
        raise InputError(f"decompresses to over the {max_bytes:,}-byte limit")
    if not inflater.eof:
        raise InputError("truncated gzip data")
    return out


def decode_page(data: bytes, *, kind: str) -> str:
    """Decode page bytes: byte-order mark, declared charset, then UTF-8, then cp1252.

    Raises InputError for binary data that is not text in any of these.
    """
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary file (contains NUL bytes), not a text page")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _declared_charset(data) if kind == "html" else None
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to the usual guesses
    # UTF-8; a byte that is not UTF-8 is read as cp1252, so a UTF-8 page with a few cp1252
    # bytes pasted in (a common mix) keeps both its é's, and a cp1252 page reads as cp1252.
    return data.decode("utf-8", errors=_CP1252_FALLBACK)


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


_CP1252_FALLBACK = "dossier.cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    # Browsers read latin-1 and ascii declarations as windows-1252; so do we.
    if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def read_page(path: Path, kind: str) -> str:
    """Return the decoded text of one page file. Raises InputError naming the problem."""
    text = decode_page(read_bytes(path), kind=kind)
    if kind == "html" and "<" not in text[:65536]:
        raise InputError("no HTML markup found in an .html file")
    return text
