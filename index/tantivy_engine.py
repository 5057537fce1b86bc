"""The tantivy engine (compiled, for large archives): writing, and running one query.

tantivy's tokenizers cannot call Python, so title and text are folded in Python (on worker
processes for large writes) into the documents of index/tantivy_documents.py; queries compile in
index/tantivy_query.py. Snippets are marked in Python from the stored text for the hits of one
page only (index/snippets.py). Facets are counted on columns that every document fills, and
distinct stories only among the articles flagged as sharing a story.
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

import tantivy

from corpus.article import Article
from corpus.fold import fold_word
from index.base import (
    Engine,
    EngineHit,
    EngineQuery,
    EngineResult,
    FacetCounts,
    IndexLockedError,
    IndexNotReadyError,
    StoryMember,
    WriteReport,
    folder_size,
)
from index.durability import SyncedFiles, fsync_dir
from index.highlight import match_spec
from index.snippets import mark_hit
from index.spelling import is_one_edit
from index.tantivy_documents import (
    GROUP_SLOTS,
    UNDATED,
    DocumentParts,
    Prepared,
    base_document,
    build_schema,
    document_parts,
    prepare_chunk,
    prepare_parts,
    read_article,
    read_record,
    schema_fields,
    stored_article,
)
from index.tantivy_query import FOLDED, all_of, compile_query, facet_selections
from index.workers import usable_cores

log = logging.getLogger(__name__)

DATA_DIR = "tantivy"
WRITER_HEAP = 256_000_000  # bytes for the writer's in-memory segment
MAX_BUCKETS = 50_000  # facet values per aggregation; tantivy refuses more than 65,000 buckets
PARALLEL_BATCH = 1000  # articles in one write from which worker processes prepare them
PREPARE_CHUNK = 200  # articles per task sent to a worker
# From this many articles a search counts its facets on a second thread while it ranks: below,
# a search is too short for that to pay (facets+snippets p95, same process: 100k articles 16.4
# ms on one thread, 18.9 on two; 1M 50.7 on one, 40.6 on two).
PARALLEL_SEARCH_DOCS = 300_000
SUGGEST_SCAN = 20_000  # vocabulary words (most frequent first) compared with a misspelling
STORY_LOOKUP = 20_000  # stories looked up per aggregation (tantivy caps buckets at 65,000)
_FACET_FIELDS = {"group": "group_value", "outlet": "outlet_value", "month": "month"}
_STORY_FACETS = ("group", "outlet")  # facets whose values also count distinct stories
_STORY_COUNT = {"cardinality": {"field": "story_key"}}


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
        self._schema = self._ix.schema  # the index's own (an older Dossier's may lack fields)
        fields = schema_fields(data)
        # an index written before `story_key` existed counts stories by their strings
        self._story_field = "story_key" if "story_key" in fields else "story"
        # ... and one written before the slots counts facets on the multi-valued fields
        self._slots = "shared" in fields
        self._writer: tantivy.IndexWriter | None = None
        self._synced = SyncedFiles(data)  # flushes each commit's new files (tantivy does not)
        self._size: tuple[int, int] | None = None  # (meta.json mtime, bytes)
        # prepares large batches (see write); False once workers failed to start
        self._pool: ProcessPoolExecutor | None | bool = None
        self._thread_pool: ThreadPoolExecutor | None = None  # one thread, made on first use

    # -- writing -----------------------------------------------------------------

    def write(self, articles: Iterable[Article]) -> WriteReport:
        batch = list(articles)
        searcher = self._ix.searcher()
        stored = self._stored(searcher, [article.id for article in batch])
        known = {article_id: digest for article_id, (digest, _story) in stored.items()}
        shared = self._shared_stories(searcher, batch, stored) if self._slots else set()
        prepared = self._prepare_all(batch, dict(known))
        writer = self._open_writer()
        written: set[str] = set()
        added = updated = unchanged = 0
        try:
            for article, (digest, parts) in zip(batch, prepared, strict=True):
                previous = known.get(article.id)
                if previous == digest:
                    unchanged += 1
                    continue
                if previous is not None:
                    writer.delete_documents_by_term("id", article.id)
                # None: unchanged before this batch, changed by an earlier copy in it
                parts = parts or prepare_parts(article, None)[1]
                in_shared = (article.story or article.id) in shared
                writer.add_document(self._document(article, parts, in_shared))  # type: ignore[arg-type]
                known[article.id] = digest
                written.add(article.id)
                if previous is None:
                    added += 1
                else:
                    updated += 1
            flagged = self._flag_shared(searcher, writer, shared, written) if shared else 0
            if added or updated or flagged:
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

    def _prepare_all(self, batch: list[Article], known: dict[str, str]) -> Iterator[Prepared]:
        """Yield each article's digest and document parts (None when its digest is known), in
        order: on worker processes for a large batch, since folding words is most of a write,
        and this process adds each document while the workers fold the next ones."""
        previous = [known.get(article.id) for article in batch]
        jobs = usable_cores()
        if len(batch) < PARALLEL_BATCH or jobs < 2 or self._pool is False:
            return map(prepare_parts, batch, previous)
        chunks = [
            (batch[i : i + PREPARE_CHUNK], previous[i : i + PREPARE_CHUNK])
            for i in range(0, len(batch), PREPARE_CHUNK)
        ]
        return self._prepare_on_workers(chunks, jobs)

    def _prepare_on_workers(
        self, chunks: list[tuple[list[Article], list[str | None]]], jobs: int
    ) -> Iterator[Prepared]:
        if self._pool is None:
            # forkserver, not fork: this process runs tantivy's threads, which a fork would
            # copy mid-flight (their locks held); a fork server is a clean process to copy.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        pool = self._pool
        # This process prepares the first chunk itself, and each later one that no worker has
        # started by the time it is needed (the workers are behind): it would only wait.
        fetched = 0
        try:
            futures = [pool.submit(prepare_chunk, chunk) for chunk in chunks[1:]]
            yield from prepare_chunk(chunks[0])
            fetched = 1
            for chunk, future in zip(chunks[1:], futures, strict=True):
                prepared = prepare_chunk(chunk) if future.cancel() else future.result()
                fetched += 1
                yield from prepared
        except BrokenProcessPool as err:
            # e.g. a calling script without an `if __name__ == "__main__":` guard, which
            # worker processes re-import: the write goes on without them
            log.warning("preparing articles on worker processes failed (%s); using one", err)
            pool.shutdown(cancel_futures=True)
            self._pool = False
            for chunk in chunks[fetched:]:
                yield from prepare_chunk(chunk)

    def _open_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                # One indexing thread: the folding, most of a write, runs on the workers, and
                # each further thread writes a segment of its own per commit (more to merge).
                self._writer = self._ix.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as err:
                raise IndexLockedError(f"another process is writing to {self.index_dir}") from err
        return self._writer

    def _stored(self, searcher, ids: list[str]) -> dict[str, tuple[str, str]]:
        """Return the digest and story of each of these articles the index holds."""
        if not ids:
            return {}
        found = searcher.search(
            tantivy.Query.term_set_query(self._schema, "id", ids), limit=len(ids), count=False
        )
        stored = {}
        for _score, address in found.hits:
            record = read_record(searcher.doc(address))
            stored[record["id"]] = (record["digest"], record.get("story") or record["id"])
        return stored

    def _shared_stories(
        self, searcher, batch: list[Article], stored: dict[str, tuple[str, str]]
    ) -> set[str]:
        """Return the batch's stories that will have two members or more (or may: a member
        moving to another story still counts; an article flagged alone is merely slower)."""
        members: dict[str, set[str]] = {}
        for article in batch:
            members.setdefault(article.story or article.id, set()).add(article.id)
        keys = list(members)
        indexed: dict[str, int] = {}
        for start in range(0, len(keys), STORY_LOOKUP):
            query = tantivy.Query.term_set_query(
                self._schema, "story", keys[start : start + STORY_LOOKUP]
            )
            found = searcher.aggregate(query, {"stories": _terms("story")})
            for bucket in found["stories"]["buckets"]:
                indexed[bucket["key"]] = bucket["doc_count"]
        shared = set()
        for story, ids in members.items():
            joining = [i for i in ids if i not in stored or stored[i][1] != story]
            if indexed.get(story, 0) + len(joining) >= 2:
                shared.add(story)
        return shared

    def _flag_shared(
        self, searcher, writer: tantivy.IndexWriter, shared: set[str], written: set[str]
    ) -> int:
        """Write again, flagged, the indexed articles of stories that this batch makes shared;
        return how many."""
        query = all_of(
            tantivy.Query.term_set_query(self._schema, "story", list(shared)),
            tantivy.Query.term_query(self._schema, "shared", 0),
        )
        found = searcher.search(query, limit=len(shared) + 10, count=True)
        if found.count > len(found.hits):
            found = searcher.search(query, limit=found.count, count=True)
        flagged = 0
        for _score, address in found.hits:
            raw = searcher.doc(address).get_first("record")
            article = read_article(json.loads(raw))
            if article.id in written:
                continue
            writer.delete_documents_by_term("id", article.id)
            writer.add_document(self._document(article, document_parts(article, raw), True))
            flagged += 1
        return flagged

    def _document(self, article: Article, parts: DocumentParts, shared: bool) -> tantivy.Document:
        """Return the article's document in this index's own schema."""
        doc = base_document(article, parts, self._story_field == "story_key")
        if self._slots:
            for slot, name in itertools.zip_longest(
                GROUP_SLOTS, article.groups[: len(GROUP_SLOTS)]
            ):
                doc.add_text(slot, name or "")
            for name in article.groups[len(GROUP_SLOTS) :]:
                doc.add_text("group_more", name)
            doc.add_unsigned("more_groups", int(len(article.groups) > len(GROUP_SLOTS)))
            doc.add_unsigned("shared", int(shared))
            if not article.outlet:
                doc.add_text("outlet_value", "")  # a column every document fills counts faster
        return doc

    def digests(self) -> dict[str, str]:
        """Return every stored article's id and content digest (equal digests: equal records)."""
        searcher = self._ix.searcher()
        found = {}
        for offset in range(0, searcher.num_docs, 1000):
            page = searcher.search(tantivy.Query.all_query(), limit=1000, offset=offset)
            for _score, address in page.hits:
                record = read_record(searcher.doc(address))
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
        return stored_article(searcher.doc(hits[0][1])) if hits else None

    def iter_articles(self) -> Iterator[Article]:
        searcher = self._ix.searcher()
        total = searcher.num_docs
        step = 1000
        for offset in range(0, total, step):
            found = searcher.search(tantivy.Query.all_query(), limit=step, offset=offset)
            for _score, address in found.hits:
                yield stored_article(searcher.doc(address))

    def search(self, request: EngineQuery) -> EngineResult:
        searcher = self._ix.searcher()
        base = compile_query(self._schema, request.query, searcher)
        selections = facet_selections(self._schema, request.filters)
        full = all_of(base, *selections.values())
        order = {}
        if request.sort == "newest":
            order = {"order_by_field": "date", "order": tantivy.Order.Desc}
        elif request.sort == "oldest":
            order = {"order_by_field": "date_last", "order": tantivy.Order.Asc}

        def ranked_hits() -> tuple[list, int]:
            if request.collapse:
                return self._collapsed(searcher, full, request, order)
            # tantivy refuses a limit of 0: ask for one hit and drop it when none were wanted
            found = searcher.search(
                full, limit=max(request.limit, 1), offset=request.offset, count=True, **order
            )
            ranked = [
                (score, stored_article(searcher.doc(address)))
                for score, address in found.hits[: request.limit]
            ]
            return ranked, found.count

        facets = FacetCounts()
        if request.with_facets:
            if searcher.num_docs >= PARALLEL_SEARCH_DOCS:
                # The hits and the facets each run the whole query (a phrase costs ~100 ms at
                # 1M articles): tantivy lets go of the GIL, so they run at once, on two cores.
                pending = self._threads().submit(ranked_hits)
                try:
                    facets, stories_of = self._facets(searcher, base, selections)
                finally:
                    ranked, total = pending.result()
            else:
                ranked, total = ranked_hits()
                facets, stories_of = self._facets(searcher, base, selections)
            stories = stories_of(total)
        else:
            ranked, total = ranked_hits()
            stories = self._count_stories(searcher, full, total)
        title_spec = match_spec(request.query, "title")
        text_spec = match_spec(request.query, "text") if request.with_snippets else None
        hits: list[EngineHit] = []
        for score, article in ranked:
            title_html, snippets = mark_hit(article, title_spec, text_spec, request.snippet_count)
            score = score if request.sort == "relevance" else 0.0
            copies = self._copies(searcher, full, article) if request.collapse else ()
            hits.append(EngineHit(article, round(float(score), 4), title_html, snippets, copies))
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
                article = stored_article(searcher.doc(address))
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
        found = searcher.search(all_of(full, story), limit=100, count=False)
        members = [stored_article(searcher.doc(address)) for _score, address in found.hits]
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
            record = read_record(searcher.doc(address))
            story = record.get("story") or record["id"]
            members.append(StoryMember(record["id"], story, record.get("fingerprint") or ""))
        return members

    def _facets(
        self, searcher, base: tantivy.Query, selections: dict
    ) -> tuple[FacetCounts, Callable[[int], int]]:
        """Return each facet counted over the matches under the *other* facets' selections,
        and how to get the distinct stories of all matches from their number: one aggregation
        per distinct set of selections (one in all when nothing is selected)."""
        plans: dict[tuple[str, ...], list[str]] = {}
        for facet in _FACET_FIELDS:
            others = tuple(name for name in selections if name != facet)
            plans.setdefault(others, []).append(facet)
        every = tuple(selections)  # the plan whose query is the full query, if any
        counts: dict[str, dict[str, int]] = {}
        stories: dict[str, dict[str, int]] = {}
        stories_of: Callable[[int], int] | None = None
        for others, facets in plans.items():
            query = all_of(base, *(selections[name] for name in others))
            with_total = others == every
            if self._slots:
                found, found_stories, offset = self._count_facets(
                    searcher, query, facets, with_total
                )
                if with_total:
                    stories_of = partial(_stories_from_offset, offset=offset)
            else:
                found, found_stories, story_total = self._count_facets_legacy(
                    searcher, query, facets, with_total
                )
                if with_total:
                    stories_of = partial(_counted_stories, stories=story_total)
            counts.update(found)
            stories.update(found_stories)
        if stories_of is None:  # every facet has a selection of its own
            full = all_of(base, *selections.values())
            stories_of = partial(self._count_stories, searcher, full)
        months = counts["month"]
        undated = months.pop(UNDATED, 0)
        facet_counts = FacetCounts(
            counts["group"],
            counts["outlet"],
            months,
            undated,
            stories["group"],
            stories["outlet"],
        )
        return facet_counts, stories_of

    def _count_facets(
        self, searcher, query: tantivy.Query, facets: list[str], with_total: bool
    ) -> tuple[dict, dict, int]:
        """Return the facets' counts and story counts over the matches of `query`, and (when
        `with_total`) how many more distinct stories than articles they hold, a number ≤ 0.
        Stories are counted only among articles of shared stories: an article alone in its
        story is a story of its own."""
        aggs: dict[str, dict] = {}
        for facet in facets:
            if facet == "group":
                for slot in GROUP_SLOTS:
                    aggs[slot] = _terms(slot)
            else:
                aggs[facet] = _terms(_FACET_FIELDS[facet])
        result = searcher.aggregate(query, aggs) if aggs else {}
        counts: dict[str, dict[str, int]] = {}
        for facet in facets:
            names = GROUP_SLOTS if facet == "group" else (facet,)
            counted: dict[str, int] = {}
            for name in names:
                for bucket in result[name]["buckets"]:
                    counted[bucket["key"]] = counted.get(bucket["key"], 0) + bucket["doc_count"]
            counted.pop("", None)  # no group in a slot, or no outlet
            counts[facet] = counted
        if "group" in facets and searcher.doc_freq("more_groups", 1):
            more = searcher.aggregate(
                all_of(query, self._flag("more_groups")), {"more": _terms("group_more")}
            )
            group = counts["group"]
            for bucket in more["more"]["buckets"]:
                group[bucket["key"]] = group.get(bucket["key"], 0) + bucket["doc_count"]
        stories = {facet: dict(counts[facet]) for facet in _STORY_FACETS if facet in facets}
        offset = 0
        if searcher.doc_freq("shared", 1) and (stories or with_total):
            shared: dict[str, dict] = {}
            for facet in stories:
                shared[facet] = _terms(_FACET_FIELDS[facet], {"stories": _STORY_COUNT})
            if with_total:
                shared["stories"] = _STORY_COUNT
                shared["articles"] = {"value_count": {"field": "story_key"}}
            found = searcher.aggregate(all_of(query, self._flag("shared")), shared)
            for facet in stories:
                counted = stories[facet]
                for bucket in found[facet]["buckets"]:
                    key = bucket["key"]
                    if key in counted:  # not "" (no outlet)
                        # a value's shared articles count as their distinct stories
                        distinct = int(round(bucket["stories"]["value"]))
                        counted[key] += distinct - bucket["doc_count"]
            if with_total:
                articles = int(found["articles"]["value"])
                offset = int(round(found["stories"]["value"])) - articles
        return counts, stories, offset

    def _count_facets_legacy(
        self, searcher, query: tantivy.Query, facets: list[str], with_total: bool
    ):
        """`_count_facets` for an index written before the slots: every article's story
        counted, values from the multi-valued fields."""
        story_count = {"cardinality": {"field": self._story_field}}
        aggs: dict[str, dict] = {}
        for facet in facets:
            aggs[facet] = _terms(_FACET_FIELDS[facet])
            if facet in _STORY_FACETS:  # months show articles only
                aggs[facet]["aggs"] = {"stories": story_count}
        if with_total:
            aggs["stories"] = story_count
        result = searcher.aggregate(query, aggs)
        counts: dict[str, dict[str, int]] = {}
        stories: dict[str, dict[str, int]] = {}
        for facet in facets:
            buckets = result[facet]["buckets"]
            counts[facet] = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
            if facet in _STORY_FACETS:
                stories[facet] = {
                    bucket["key"]: int(round(bucket["stories"]["value"])) for bucket in buckets
                }
        story_total = int(round(result["stories"]["value"])) if with_total else 0
        return counts, stories, story_total

    def _count_stories(self, searcher, query: tantivy.Query, total: int) -> int:
        """Return how many distinct stories the `total` matches of `query` hold."""
        if not total:
            return 0
        if self._slots:
            _counts, _stories, offset = self._count_facets(searcher, query, [], True)
            return total + offset
        count = {"cardinality": {"field": self._story_field}}
        result = searcher.aggregate(query, {"stories": count})
        return int(round(result["stories"]["value"]))

    def _flag(self, field: str) -> tantivy.Query:
        return tantivy.Query.term_query(self._schema, field, 1)

    def suggest_words(self, word: str, limit: int = 3) -> list[str]:
        """Return indexed words one edit away from `word` (folded), most frequent first."""
        folded = fold_word(word)
        if len(folded) < 4 or not folded.isalpha():
            return []
        searcher = self._ix.searcher()
        # Typos rarely touch the first two letters; the rest of the vocabulary is not walked.
        terms = searcher.terms_with_prefix(FOLDED["text"], folded[:2], limit=SUGGEST_SCAN)
        close = [term for term, _count in terms if term != folded and is_one_edit(term, folded)]
        return close[:limit]

    def _threads(self) -> ThreadPoolExecutor:
        if self._thread_pool is None:
            self._thread_pool = ThreadPoolExecutor(max_workers=1)
        return self._thread_pool

    def close(self) -> None:
        if self._thread_pool is not None:
            threads, self._thread_pool = self._thread_pool, None
            threads.shutdown()
        if isinstance(self._pool, ProcessPoolExecutor):
            pool, self._pool = self._pool, None
            pool.shutdown()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.wait_merging_threads()


def _terms(field: str, aggs: dict | None = None) -> dict:
    """Return a terms aggregation of every value of `field` (with sub-aggregations)."""
    terms: dict = {"terms": {"field": field, "size": MAX_BUCKETS}}
    if aggs:
        terms["aggs"] = aggs
    return terms


def _stories_from_offset(total: int, offset: int) -> int:
    """Return the distinct stories of `total` matches holding `offset` more stories than
    articles among their shared ones (an offset ≤ 0)."""
    return total + offset if total else 0


def _counted_stories(_total: int, stories: int) -> int:
    return stories
