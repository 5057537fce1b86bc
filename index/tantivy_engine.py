"""The tantivy engine (compiled, for large archives): schema, writing, and running one query.

tantivy's tokenizers cannot call Python, so title and text are folded here (`corpus.fold`) and
indexed as space-separated folded words; the originals are stored for display, and snippets are
marked in Python from the stored text for the hits of one page only (index/snippets.py).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import tantivy

from corpus.article import Article
from corpus.fold import fold_word, fold_words
from corpus.minhash import band_keys
from index.base import (
    Engine,
    EngineHit,
    EngineQuery,
    EngineResult,
    FacetCounts,
    Filters,
    IndexLockedError,
    IndexNotReadyError,
    QueryTooBroadError,
    StoryMember,
    WriteReport,
    folder_size,
)
from index.durability import SyncedFiles, fsync_dir
from index.limits import current_limits
from index.query import And, DateRange, MatchAll, Node, Not, Or, Phrase, Prefix, Term
from index.snippets import folded_text, mark_hit
from index.whoosh_engine import article_digest, date_number

DATA_DIR = "tantivy"
TITLE_BOOST = 2.0  # as the Whoosh schema's field_boost: a word in the title counts double
WRITER_HEAP = 256_000_000  # bytes for the writer's in-memory segments (split across threads)
MAX_BUCKETS = 50_000  # facet values per aggregation; tantivy refuses more than 65,000 buckets
SUGGEST_SCAN = 20_000  # vocabulary words (most frequent first) compared with a misspelling
_UNDATED = "undated"  # the month value of an undated article
_NO_DATE = 0
_LAST = 99991231
_FOLDED = {"title": "title_folded", "text": "text_folded"}
_KEYWORD_VALUES = {"group": "group_value", "outlet": "outlet_value"}
_Occur = tantivy.Occur


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
    return builder.build()


class TantivyEngine(Engine):
    """An index folder on the tantivy engine."""

    name = "tantivy"

    def __init__(self, index_dir: Path, *, create: bool = False) -> None:
        self.index_dir = index_dir
        data = index_dir / DATA_DIR
        self._schema = build_schema()
        try:
            if create:
                data.mkdir(parents=True, exist_ok=True)
                fsync_dir(index_dir)  # the new folder's name is on disk before anything in it
                self._ix = tantivy.Index(self._schema, path=str(data), reuse=True)
            else:
                self._ix = tantivy.Index.open(str(data))
        except (ValueError, OSError) as err:
            raise IndexNotReadyError(
                f"the index at {index_dir} cannot be opened ({err}); if an ingest is creating "
                "it, wait for it; otherwise run `dossier ingest` again to rebuild it"
            ) from err
        self._ix.config_reader(reload_policy="commit")  # readers see other processes' commits
        self._writer: tantivy.IndexWriter | None = None
        self._synced = SyncedFiles(data)  # flushes each commit's new files (tantivy does not)
        self._size: tuple[int, int] | None = None  # (meta.json mtime, bytes)

    # -- writing -----------------------------------------------------------------

    def write(self, articles: Iterable[Article]) -> WriteReport:
        batch = list(articles)
        known = self._known_digests([article.id for article in batch])
        writer = self._open_writer()
        added = updated = unchanged = 0
        try:
            for article in batch:
                digest = article_digest(article)
                previous = known.get(article.id)
                if previous == digest:
                    unchanged += 1
                    continue
                if previous is not None:
                    writer.delete_documents_by_term("id", article.id)
                writer.add_document(_document(article, digest))
                known[article.id] = digest
                if previous is None:
                    added += 1
                else:
                    updated += 1
            if added or updated:
                writer.commit()
                # Durable before reported: the commit's segment files and meta.json, then the
                # folder's entries (tantivy's own commit does not fsync).
                self._synced.sync_changed()
                fsync_dir(self._synced.folder)
                self._ix.reload()
        except BaseException:
            writer.rollback()
            raise
        return WriteReport(added=added, updated=updated, unchanged=unchanged)

    def _open_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._ix.writer(heap_size=WRITER_HEAP)
            except ValueError as err:
                raise IndexLockedError(f"another process is writing to {self.index_dir}") from err
        return self._writer

    def _known_digests(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        searcher = self._ix.searcher()
        found = searcher.search(
            tantivy.Query.term_set_query(self._schema, "id", ids), limit=len(ids), count=False
        )
        known = {}
        for _score, address in found.hits:
            record = _record(searcher.doc(address))
            known[record["id"]] = record["digest"]
        return known

    def digests(self) -> dict[str, str]:
        """Return every stored article's id and content digest (equal digests: equal records)."""
        searcher = self._ix.searcher()
        found = {}
        for offset in range(0, searcher.num_docs, 1000):
            page = searcher.search(tantivy.Query.all_query(), limit=1000, offset=offset)
            for _score, address in page.hits:
                record = _record(searcher.doc(address))
                found[record["id"]] = record["digest"]
        return found

    # -- reading -----------------------------------------------------------------

    def count(self) -> int:
        return self._ix.searcher().num_docs

    def size_bytes(self) -> int:
        data = self.index_dir / DATA_DIR
        # every commit rewrites meta.json: until it changes, the folder's size has not either
        stamp = (data / "meta.json").stat().st_mtime_ns
        if self._size is None or self._size[0] != stamp:
            self._size = (stamp, folder_size(data))
        return self._size[1]

    def version(self) -> str:
        # every commit atomically replaces meta.json, which lists the segments searches see
        stamp = (self.index_dir / DATA_DIR / "meta.json").stat()
        return f"{stamp.st_mtime_ns}-{stamp.st_ino}-{self.count()}"

    def get(self, article_id: str) -> Article | None:
        searcher = self._ix.searcher()
        query = tantivy.Query.term_query(self._schema, "id", article_id)
        hits = searcher.search(query, limit=1, count=False).hits
        return _article(_record(searcher.doc(hits[0][1]))) if hits else None

    def iter_articles(self) -> Iterator[Article]:
        searcher = self._ix.searcher()
        total = searcher.num_docs
        step = 1000
        for offset in range(0, total, step):
            found = searcher.search(tantivy.Query.all_query(), limit=step, offset=offset)
            for _score, address in found.hits:
                yield _article(_record(searcher.doc(address)))

    def search(self, request: EngineQuery) -> EngineResult:
        searcher = self._ix.searcher()
        base = self._compile(request.query, searcher)
        selections = self._selections(request.filters)
        full = _all_of(base, *selections.values())
        order = {}
        if request.sort == "newest":
            order = {"order_by_field": "date", "order": tantivy.Order.Desc}
        elif request.sort == "oldest":
            order = {"order_by_field": "date_last", "order": tantivy.Order.Asc}
        if request.collapse:
            ranked, total = self._collapsed(searcher, full, request, order)
        else:
            # tantivy refuses a limit of 0: ask for one hit and drop it when none were wanted
            found = searcher.search(
                full, limit=max(request.limit, 1), offset=request.offset, count=True, **order
            )
            ranked = [
                (score, _article(_record(searcher.doc(address))))
                for score, address in found.hits[: request.limit]
            ]
            total = found.count
        hits: list[EngineHit] = []
        for score, article in ranked:
            title_html, snippets = mark_hit(
                article, request.query, request.with_snippets, request.snippet_count
            )
            score = score if request.sort == "relevance" else 0.0
            copies = self._copies(searcher, full, article) if request.collapse else ()
            hits.append(EngineHit(article, round(float(score), 4), title_html, snippets, copies))
        facets = FacetCounts()
        if request.with_facets:
            facets = self._facets(searcher, base, selections)
        stories = _cardinality(searcher, full) if total else 0
        return EngineResult(total=total, hits=hits, facets=facets, stories=stories)

    def _collapsed(self, searcher, full, request: EngineQuery, order: dict):
        """Return one page of the best hit of each story, and the number of matches."""
        want = request.offset + request.limit
        limit = max(want * 3, 1)
        while True:
            found = searcher.search(full, limit=limit, count=True, **order)
            seen: set[str] = set()
            ranked = []
            for score, address in found.hits:
                article = _article(_record(searcher.doc(address)))
                story = article.story or article.id
                if story not in seen:
                    seen.add(story)
                    ranked.append((score, article))
            if len(ranked) >= want or limit >= found.count:
                return ranked[request.offset : want], found.count
            limit = min(found.count, limit * 4)

    def _copies(self, searcher, full, article: Article) -> tuple[Article, ...]:
        """Return the other matching articles of the article's story, oldest first."""
        story = tantivy.Query.term_query(self._schema, "story", article.story or article.id)
        found = searcher.search(_all_of(full, story), limit=100, count=False)
        members = [_article(_record(searcher.doc(address))) for _score, address in found.hits]
        others = [member for member in members if member.id != article.id]
        return tuple(sorted(others, key=lambda a: (a.date or datetime.date.max, a.id)))

    def story_candidates(self, keys: list[str]) -> list[StoryMember]:
        if not keys:
            return []
        searcher = self._ix.searcher()
        query = tantivy.Query.term_set_query(self._schema, "band", keys)
        found = searcher.search(query, limit=1000, count=False)
        members = []
        for _score, address in found.hits:
            record = _record(searcher.doc(address))
            story = record.get("story") or record["id"]
            members.append(StoryMember(record["id"], story, record.get("fingerprint") or ""))
        return members

    def _facets(self, searcher, base: tantivy.Query, selections: dict) -> FacetCounts:
        """Count each facet over the matches under the *other* facets' selections: one
        aggregation per distinct set of selections (one in all when nothing is selected)."""
        wanted = {"group": "group_value", "outlet": "outlet_value", "month": "month"}
        plans: dict[tuple[str, ...], list[str]] = {}
        for facet in wanted:
            others = tuple(name for name in selections if name != facet)
            plans.setdefault(others, []).append(facet)
        counts: dict[str, dict[str, int]] = {}
        stories: dict[str, dict[str, int]] = {}
        for others, facets in plans.items():
            query = _all_of(base, *(selections[name] for name in others))
            aggs = {
                facet: {
                    "terms": {"field": wanted[facet], "size": MAX_BUCKETS},
                    "aggs": {"stories": {"cardinality": {"field": "story"}}},
                }
                for facet in facets
            }
            result = searcher.aggregate(query, aggs)
            for facet in facets:
                buckets = result[facet]["buckets"]
                counts[facet] = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
                stories[facet] = {
                    bucket["key"]: int(round(bucket["stories"]["value"])) for bucket in buckets
                }
        months = counts["month"]
        undated = months.pop(_UNDATED, 0)
        return FacetCounts(
            counts["group"],
            counts["outlet"],
            months,
            undated,
            stories["group"],
            stories["outlet"],
        )

    def _selections(self, filters: Filters) -> dict[str, tantivy.Query]:
        """Return the filter query of each facet with a selection: group, outlet, month."""
        schema = self._schema
        chosen: dict[str, tantivy.Query] = {}
        if filters.groups:
            chosen["group"] = tantivy.Query.term_set_query(
                schema, "group_value", list(filters.groups)
            )
        if filters.outlets:
            chosen["outlet"] = tantivy.Query.term_set_query(
                schema, "outlet_value", list(filters.outlets)
            )
        low = max(date_number(filters.date_from, 0), 1)
        high = date_number(filters.date_to, _LAST)
        dated = tantivy.Query.range_query(
            schema, "date", tantivy.FieldType.Unsigned, low, high, use_inverted_index=True
        )
        undated = tantivy.Query.term_query(schema, "date", _NO_DATE)
        ranged = filters.date_from is not None or filters.date_to is not None
        if filters.undated == "only":
            chosen["month"] = undated
        elif filters.undated == "exclude":
            chosen["month"] = dated
        elif ranged:
            chosen["month"] = _any_of(dated, undated)
        return chosen

    # -- compiling the query tree ------------------------------------------------

    def _compile(self, node: Node, searcher) -> tantivy.Query:
        """Return the tantivy query for a query tree. Raises QueryTooBroadError."""
        schema = self._schema
        if isinstance(node, MatchAll):
            return tantivy.Query.all_query()
        if isinstance(node, Term | Phrase):
            return self._compile_words(node)
        if isinstance(node, Prefix):
            return self._compile_prefix(node, searcher)
        if isinstance(node, DateRange):
            return tantivy.Query.range_query(
                schema,
                "date",
                tantivy.FieldType.Unsigned,
                date_number(node.start, 10000101),
                date_number(node.end, _LAST),
                use_inverted_index=True,
            )
        if isinstance(node, Or):
            return _any_of(*(self._compile(child, searcher) for child in node.children))
        if isinstance(node, Not):
            return tantivy.Query.boolean_query(
                [
                    (_Occur.Must, tantivy.Query.all_query()),
                    (_Occur.MustNot, self._compile(node.child, searcher)),
                ]
            )
        if isinstance(node, And):
            clauses = [
                (_Occur.MustNot, self._compile(child.child, searcher))
                if isinstance(child, Not)
                else (_Occur.Must, self._compile(child, searcher))
                for child in node.children
            ]
            if all(occur == _Occur.MustNot for occur, _query in clauses):
                clauses.append((_Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(clauses)
        raise TypeError(f"unknown query node {node!r}")

    def _compile_words(self, node: Term | Phrase) -> tantivy.Query:
        schema = self._schema
        if node.field in _KEYWORD_VALUES:
            key = " ".join(node.text.split()).casefold()
            return tantivy.Query.term_query(schema, node.field, key)
        words = fold_words(node.text)
        if not words:
            return tantivy.Query.empty_query()
        slop = node.slop if isinstance(node, Phrase) else 0
        parts = []
        for field in (node.field,) if node.field else ("title", "text"):
            if len(words) == 1:
                part = tantivy.Query.term_query(schema, _FOLDED[field], words[0])
            else:
                part = tantivy.Query.phrase_query(schema, _FOLDED[field], words, slop=slop)
            parts.append(_boosted(field, part))
        return parts[0] if len(parts) == 1 else _any_of(*parts)

    def _compile_prefix(self, node: Prefix, searcher) -> tantivy.Query:
        if node.field in _KEYWORD_VALUES:
            targets = [(node.field, node.field)]
            stem = node.text.casefold()
        else:
            targets = [
                (f, _FOLDED[f]) for f in ((node.field,) if node.field else ("title", "text"))
            ]
            stem = fold_word(node.text) if node.text else ""
        parts = []
        for field, indexed in targets:
            terms = [term for term, _freq in searcher.terms_with_prefix(indexed, stem)]
            cap = current_limits().prefix_expansion  # MAX_PREFIX_EXPANSION unless configured
            if len(terms) > cap:
                raise QueryTooBroadError(
                    f"{node.text}* matches more than {cap} words (the wildcard expansion "
                    "limit); use a longer prefix"
                )
            if terms:
                part = tantivy.Query.term_set_query(self._schema, indexed, terms)
                parts.append(_boosted(field, part))
        if not parts:
            return tantivy.Query.empty_query()
        return parts[0] if len(parts) == 1 else _any_of(*parts)

    def suggest_words(self, word: str, limit: int = 3) -> list[str]:
        """Return indexed words one edit away from `word` (folded), most frequent first."""
        folded = fold_word(word)
        if len(folded) < 4 or not folded.isalpha():
            return []
        searcher = self._ix.searcher()
        # Typos rarely touch the first two letters; the rest of the vocabulary is not walked.
        terms = searcher.terms_with_prefix(_FOLDED["text"], folded[:2], limit=SUGGEST_SCAN)
        close = [term for term, _count in terms if term != folded and _one_edit(term, folded)]
        return close[:limit]

    def close(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.wait_merging_threads()


def _boosted(field: str, query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boost_query(query, TITLE_BOOST) if field == "title" else query


def _all_of(*queries: tantivy.Query) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_Occur.Must, query) for query in queries])


def _any_of(*queries: tantivy.Query) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_Occur.Should, query) for query in queries])


def _document(article: Article, digest: str) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    doc.add_text("title_folded", folded_text(article.title))
    doc.add_text("text_folded", folded_text(article.text))
    for name in article.groups:
        doc.add_text("group", " ".join(name.split()).casefold())
        doc.add_text("group_value", name)
    if article.outlet:
        doc.add_text("outlet", " ".join(article.outlet.split()).casefold())
        doc.add_text("outlet_value", article.outlet)
    day = date_number(article.date)
    doc.add_text("month", f"{day // 10000:04d}-{day // 100 % 100:02d}" if day else _UNDATED)
    doc.add_unsigned("date", day)
    doc.add_unsigned("date_last", date_number(article.date, _LAST))
    doc.add_text("story", article.story or article.id)
    for key in band_keys(article.fingerprint):
        doc.add_text("band", key)
    record = {
        **article.to_dict(),
        "fingerprint": article.fingerprint,
        "story": article.story,
        "digest": digest,
    }
    doc.add_bytes("record", json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return doc


def _record(doc: tantivy.Document) -> dict:
    return json.loads(doc.get_first("record"))


def _article(record: dict) -> Article:
    return Article.from_dict(record)


def _cardinality(searcher, query: tantivy.Query) -> int:
    """Return how many distinct stories the matches of `query` hold."""
    result = searcher.aggregate(query, {"stories": {"cardinality": {"field": "story"}}})
    return int(round(result["stories"]["value"]))


def _one_edit(first: str, second: str) -> bool:
    """Return whether two words differ by one insertion, deletion or substitution."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    i = 0
    while i < len(first) and first[i] == second[i]:
        i += 1
    if len(first) == len(second):
        return first[i + 1 :] == second[i + 1 :]
    return first[i:] == second[i + 1 :]
