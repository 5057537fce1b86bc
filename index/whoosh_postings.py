"""Writing a Whoosh segment's postings: the term file and postings file of Whoosh's own
W3FieldWriter, in one pass over the sorted pool with a fraction of its per-term work. Blocks too
small for zlib to shrink are stored uncompressed (each block says so; Whoosh reads both)."""

from __future__ import annotations

import hashlib
import itertools
import operator
import pickle
import struct
import zlib
from array import array
from collections.abc import Iterable

import whoosh
from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length, length_to_byte

# A block's pickle shorter than this is written as it is: on the 908 extraction pages, zlib
# shrank the 146k blocks under 160 bytes (81 % of all) by 2 % in total, at ~30 us a call.
COMPRESS_MIN_BYTES = 160
_FLUSH_BYTES = 1 << 22  # buffered output written out every 4 MB
_TERM_INFO = struct.Struct("!BfIBBfII")
_EXTENT = struct.Struct("!qi")  # where a term's postings start in the postings file, and length
_LENGTHS = struct.Struct("!ii")  # a term-file entry's key and value lengths
_INT = struct.Struct("!i")
_USHORT = struct.Struct("!H")
_DUMPS = pickle.dumps
# The Whoosh release whose W3 codec this writes (its private writer state and block layout):
# another release gets Whoosh's own writer.
WRITTEN_FOR = (2, 7, 5)

Posting = tuple[str, bytes, int, float, bytes | None]


class SegmentWriter(writing.SegmentWriter):
    """Whoosh's segment writer, with the segment's postings written by `write_postings`."""

    compress_min_bytes = COMPRESS_MIN_BYTES

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            write_postings(
                self.fieldwriter,
                self.schema,
                lengths,
                self.pool.iter_postings(),
                compress_min_bytes=self.compress_min_bytes,
            )
            self.fieldwriter.close()
        finally:
            if lengths is not None:
                lengths.close()


def write_postings(
    fieldwriter: whoosh3.W3FieldWriter,
    schema,
    lengths,
    postings: Iterable[Posting],
    *,
    compress_min_bytes: int = COMPRESS_MIN_BYTES,
) -> None:
    """Write sorted (field, term, docnum, weight, value) postings as `fieldwriter.add_postings`
    does; with `compress_min_bytes=0` the files are byte for byte Whoosh's own."""
    if (
        tuple(whoosh.__version__) != WRITTEN_FOR
        or not isinstance(fieldwriter, whoosh3.W3FieldWriter)
        or fieldwriter._codec._inlinelimit > 1
    ):
        fieldwriter.add_postings(schema, lengths, postings)  # a layout this does not write
        return
    _TermWriter(fieldwriter, lengths, compress_min_bytes).write(schema, postings)


class _TermWriter:
    """One segment's term file and postings file, written from the sorted postings."""

    def __init__(self, fieldwriter: whoosh3.W3FieldWriter, lengths, compress_min_bytes: int):
        codec = fieldwriter._codec
        self._fieldwriter = fieldwriter
        self._lengths = lengths
        self._blocklimit = codec._blocklimit
        self._compression = codec._compression
        self._compress_min = compress_min_bytes
        self._tindex = fieldwriter._tindex
        self._postfile = fieldwriter._postfile
        self._posts: list[bytes] = []
        self._posts_size = 0
        self._terms: list[bytes] = []
        self._terms_size = 0
        self._post_pos = self._postfile.tell()
        self._term_pos = self._tindex.dbfile.tell()

    def write(self, schema, postings: Iterable[Posting]) -> None:
        fieldmap = self._fieldwriter._fieldmap
        tindex = self._tindex
        buckets = tindex.buckets
        key_positions = tindex.index
        lastkey = tindex.lastkey
        md5 = hashlib.md5
        for fieldname, field_postings in itertools.groupby(postings, operator.itemgetter(0)):
            if fieldname in fieldmap:
                fieldid = fieldmap[fieldname]
            else:
                fieldid = fieldmap[fieldname] = len(fieldmap)
            prefix = _USHORT.pack(fieldid)
            fmt = schema[fieldname].format
            doc_lengths = self._doc_lengths(fieldname)
            fixedsize = fmt.fixed_value_size()
            for btext, term_postings in itertools.groupby(field_postings, operator.itemgetter(1)):
                found = [posting for posting in term_postings if posting[2] != -1]
                if not found:  # spelling-only words (docnum -1) have no postings
                    continue
                key = prefix + btext
                if key <= lastkey:
                    raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
                info = self._write_term(found, doc_lengths, fixedsize)
                pos = self._term_pos
                key_positions.append(pos)
                self._terms.append(_LENGTHS.pack(len(key), len(info)) + key + info)
                size = 8 + len(key) + len(info)
                self._term_pos += size
                self._terms_size += size
                hashed = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
                buckets[hashed & 255].append((hashed, pos))
                lastkey = key
                if self._posts_size > _FLUSH_BYTES or self._terms_size > _FLUSH_BYTES:
                    self._flush()
        tindex.lastkey = lastkey
        self._flush()
        fieldwriter = self._fieldwriter
        fieldwriter._fieldid = fieldwriter._btext = None
        fieldwriter._fieldobj = fieldwriter._format = None

    def _doc_lengths(self, fieldname: str) -> list[int | None] | None:
        """Each document's length in the field, as Whoosh's doc_field_length gives it (None
        for a length byte of 0), or None when the field keeps no lengths."""
        if self._lengths is None:
            return None
        column = self._lengths._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if column is None:
            return None
        return [byte_to_length(lbyte) if lbyte else None for lbyte in column]

    def _write_term(self, found: list[Posting], doc_lengths, fixedsize: int | None) -> bytes:
        """Write a term's postings in blocks; return its term info."""
        start = self._post_pos
        out = [whoosh3.WHOOSH3_HEADER_MAGIC]
        total_weight = 0
        minlength = None
        maxlength = maxweight = 0
        blocklimit = self._blocklimit
        for first in range(0, len(found), blocklimit):
            block = found[first : first + blocklimit]
            last = first + blocklimit >= len(found)
            ids = [posting[2] for posting in block]
            raw_weights = [posting[3] for posting in block]
            weights = array("f", raw_weights)  # stored as 32-bit floats
            block_maxweight = max(0, *raw_weights)
            if doc_lengths is None:
                block_min = None
                block_max = 0
            else:
                known = [doc_lengths[docnum] for docnum in ids]
                known = [length for length in known if length]
                block_min = min(known) if known else None
                block_max = max(known) if known else 0
            # as Whoosh's W3TermInfo.add_block combines its blocks
            minlength = block_min if minlength is None else min(minlength, block_min)
            total_weight += sum(weights)
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
            data = (_deltas(ids), _mini_weights(weights), _mini_values(block, fixedsize))
            databytes = _DUMPS(data, 2)
            comp = self._compression
            if len(databytes) < self._compress_min:
                comp = 0
            if comp:
                databytes = zlib.compress(databytes, comp)
            infobytes = _DUMPS(
                (
                    len(ids),
                    ids[-1],
                    block_maxweight,
                    comp,
                    length_to_byte(block_min),
                    length_to_byte(block_max),
                ),
                2,
            )
            blocklength = len(infobytes) + len(databytes)
            out.append(_INT.pack(-blocklength if last else blocklength))
            out.append(infobytes)
            out.append(databytes)
        blob = b"".join(out)
        self._posts.append(blob)
        self._post_pos += len(blob)
        self._posts_size += len(blob)
        return _TERM_INFO.pack(
            0,
            total_weight,
            len(found),
            0 if minlength is None else length_to_byte(minlength),
            length_to_byte(maxlength),
            maxweight,
            found[0][2],
            found[-1][2],
        ) + _EXTENT.pack(start, len(blob))

    def _flush(self) -> None:
        if self._posts:
            self._postfile.write(b"".join(self._posts))
            self._posts.clear()
            self._posts_size = 0
        if self._terms:
            self._tindex.dbfile.write(b"".join(self._terms))
            self._terms.clear()
            self._terms_size = 0


def _deltas(ids: list[int]) -> tuple[int, ...]:
    return tuple(map(operator.sub, ids, [0, *ids[:-1]]))


def _mini_weights(weights: array) -> tuple[float, ...] | float | None:
    if all(weight == 1.0 for weight in weights):
        return None
    if all(weight == weights[0] for weight in weights):
        return weights[0]
    return tuple(weights)


def _mini_values(block: list[Posting], fixedsize: int | None) -> tuple[bytes, ...] | bytes | None:
    values = [posting[4] for posting in block if posting[4]]  # Whoosh drops empty values
    if fixedsize is None or fixedsize < 0:
        return tuple(values)
    if fixedsize == 0:
        return None
    return b"".join(values)
