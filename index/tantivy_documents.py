"""The tantivy engine's schema and the documents written to it: folded words to search
(tantivy's tokenizers cannot call Python), keyword keys, facet columns and the stored record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import tantivy

from corpus.article import Article
from corpus.minhash import band_keys
from index.base import digested_record
from index.columns import LAST_DAY, date_number
from index.snippets import folded_text

GROUP_SLOTS = ("group_1", "group_2", "group_3")  # an article's first groups, one column each
UNDATED = "undated"  # the month value of an undated article


def build_schema() -> tantivy.Schema:
    """Return the schema: folded words to search, keyword keys to query, fast values to count."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title_folded", tokenizer_name="whitespace")
    builder.add_text_field("text_folded", tokenizer_name="whitespace")
    # `group:`/`outlet:` in queries match case-folded names; filters and facets use the names
    builder.add_text_field("group", tokenizer_name="raw")
    builder.add_text_field("outlet", tokenizer_name="raw")
    builder.add_text_field("group_value", tokenizer_name="raw", fast=True)
    builder.add_text_field("outlet_value", tokenizer_name="raw", fast=True)
    builder.add_text_field("month", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("date", indexed=True, fast=True)  # YYYYMMDD, 0 when undated
    builder.add_unsigned_field("date_last", fast=True)  # the same, undated sorting last
    builder.add_text_field("story", tokenizer_name="raw", fast=True)  # syndicated copies: one story
    builder.add_text_field("band", tokenizer_name="raw")  # fingerprint band keys (index.stories)
    builder.add_bytes_field("record", stored=True)  # the whole Article as JSON, and its digest
    # The story as a number, for counting distinct stories: tantivy counts numbers several
    # times faster than strings. Last, so that older indexes' fields keep their numbers.
    builder.add_unsigned_field("story_key", fast=True)
    # Facets from columns that every document fills (tantivy counts those several times faster
    # than multi-valued or sparse ones): a group per slot ("" when none), the rest apart.
    for slot in GROUP_SLOTS:
        builder.add_text_field(slot, tokenizer_name="raw", fast=True)
    builder.add_text_field("group_more", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("more_groups", indexed=True)  # 1: groups past the slots
    # 1: the story has had another member; stories are counted (slowly) among these only
    builder.add_unsigned_field("shared", indexed=True)
    return builder.build()


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """What an article's document needs beyond its plain fields (the costly part of a write)."""

    title_folded: str
    text_folded: str
    bands: list[str]
    record: bytes  # the stored JSON


Prepared = tuple[str, "DocumentParts | None"]  # (digest, parts; None when the digest was known)


def prepare_parts(article: Article, known_digest: str | None) -> Prepared:
    """Return the article's digest, and its document parts unless the digest is `known_digest`."""
    digest, blob = digested_record(article)
    if digest == known_digest:
        return digest, None
    # the record is the digested JSON itself, with the digest as its last key (one encoding)
    record = blob[:-1] + b', "digest": "' + digest.encode("ascii") + b'"}'
    return digest, document_parts(article, record)


def document_parts(article: Article, record: bytes) -> DocumentParts:
    """Return the parts of an article's document, around its stored record."""
    return DocumentParts(
        folded_text(article.title),
        folded_text(article.text),
        band_keys(article.fingerprint),
        record,
    )


def prepare_chunk(chunk: tuple[list[Article], list[str | None]]) -> list[Prepared]:
    """`prepare_parts` for a chunk of articles, on a worker process."""
    return list(map(prepare_parts, *chunk))


def base_document(
    article: Article, parts: DocumentParts, with_story_key: bool = True
) -> tantivy.Document:
    """Return the document of an article's own fields (the engine adds its facet columns)."""
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    doc.add_text("title_folded", parts.title_folded)
    doc.add_text("text_folded", parts.text_folded)
    for name in article.groups:
        doc.add_text("group", " ".join(name.split()).casefold())
        doc.add_text("group_value", name)
    if article.outlet:
        doc.add_text("outlet", " ".join(article.outlet.split()).casefold())
        doc.add_text("outlet_value", article.outlet)
    day = date_number(article.date)
    doc.add_text("month", f"{day // 10000:04d}-{day // 100 % 100:02d}" if day else UNDATED)
    doc.add_unsigned("date", day)
    doc.add_unsigned("date_last", date_number(article.date, LAST_DAY))
    story = article.story or article.id
    doc.add_text("story", story)
    if with_story_key:
        doc.add_unsigned("story_key", story_key(story))
    for key in parts.bands:
        doc.add_text("band", key)
    doc.add_bytes("record", parts.record)
    return doc


def read_record(doc: tantivy.Document) -> dict:
    """Return the stored JSON record of a document."""
    return json.loads(doc.get_first("record"))


def read_article(record: dict) -> Article:
    """Return the Article of a stored record."""
    return Article.from_dict(record)


def stored_article(doc: tantivy.Document) -> Article:
    """Return the Article stored in a document."""
    return read_article(read_record(doc))


def story_key(story: str) -> int:
    """Return a 64-bit number for a story id (distinct ids collide with odds of 2**-64)."""
    return int.from_bytes(hashlib.blake2b(story.encode("utf-8"), digest_size=8).digest(), "big")


def schema_fields(data: Path) -> set[str]:
    """Return the names of the fields in the schema an index folder was created with."""
    meta = json.loads((data / "meta.json").read_text(encoding="utf-8"))
    return {field["name"] for field in meta["schema"]}
