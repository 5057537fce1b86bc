"""The Whoosh engine (the default, pure Python): schema, writing, and running one query.

Facet counts come from per-document column values loaded once per searcher and counted in one
pass over the matches (Whoosh's own multi-valued facet rereads every posting on every search).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from whoosh import fields, index, multiproc, query, scoring, sorting
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, LockError

from corpus.article import Article
from corpus.fold import fold_word
from corpus.minhash import band_keys
from index.analysis import folded_text_field
from index.base import (
    Engine,
    EngineHit,
    EngineQuery,
    EngineResult,
    Filters,
    IndexLockedError,
    IndexNotReadyError,
    StoryMember,
    WriteReport,
    article_digest,
    folder_size,
)
from index.columns import LAST_DAY, FacetColumns, date_number
from index.durability import SyncedFiles, fsync_dir
from index.highlight import (
    MarkFormatter,
    PassageFragmenter,
    lead_snippet,
    mark_text,
    match_spec,
)
from index.spelling import one_edit_away
from index.whoosh_postings import SegmentWriter
from index.whoosh_query import compile_query, has_phrase, matched_terms
from index.workers import die_with_parent, usable_cores

DATA_DIR = "whoosh"
# A batch this large is indexed by one process per core (starting them costs ~0.1 s).
PARALLEL_BATCH = 1000
PARALLEL_PROCS = usable_cores()
# Postings each writer process holds in memory (Whoosh's estimate) before it sorts them out to
# temporary files, to merge back at the commit, item by item in Python: with Whoosh's 128 MB a
# worker spilled after ~2,500 articles, and spilling and merging took 40 % of its time.
WRITER_POOL_MB = 512
_SEP = "\x1f"  # joins a document's groups in its column value


def build_schema() -> fields.Schema:
    """Return the schema; field names match the Article attributes and the query fields."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=folded_text_field(field_boost=2.0),
        text=folded_text_field(),
        group=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        outlet=fields.ID(),
        date=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
        date_last=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
        group_values=fields.ID(sortable=True),
        outlet_value=fields.ID(sortable=True),
        digest=fields.ID(sortable=True),
        story=fields.ID(stored=True, sortable=True),
        band=fields.KEYWORD(commas=True, scorable=False),
        meta=fields.STORED(),
    )


class DurableStorage(FileStorage):
    """Whoosh's folder storage, made to survive a power loss: before a commit's table of
    contents (TOC) is renamed into place, every new segment file and the TOC itself are
    fsynced; after the rename, the folder is. Whoosh alone never calls fsync."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._synced = SyncedFiles(path)

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        is_toc = newname.endswith(".toc")
        if is_toc:
            self._synced.sync_changed()
        super().rename_file(oldname, newname, safe)
        if is_toc:
            fsync_dir(self.folder)


class _Subwriter(multiproc.SubWriterTask):
    """Whoosh's indexing worker process, made to die with the ingest that started it (a
    killed ingest would otherwise leave it waiting on its job queue forever)."""

    def run(self) -> None:
        die_with_parent(self._parent_pid)
        super().run()


class _ParallelWriter(multiproc.MpWriter):
    """Whoosh's multi-process writer: each worker indexes part of the batch into a segment of
    its own (`multisegment=True`), which later commits merge."""

    def _new_task(self):
        task = _Subwriter(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task._parent_pid = os.getpid()
        self.tasks.append(task)
        task.start()
        return task


class WhooshEngine(Engine):
    """An index folder on the Whoosh engine."""

    name = "whoosh"

    def __init__(self, index_dir: Path, *, create: bool = False) -> None:
        self.index_dir = index_dir
        data = index_dir / DATA_DIR
        if create and not index.exists_in(str(data)):
            data.mkdir(parents=True, exist_ok=True)
            fsync_dir(index_dir)
            DurableStorage(str(data)).create_index(build_schema())
        try:
            self._ix = DurableStorage(str(data)).open_index()
        except (EmptyIndexError, OSError) as err:
            raise IndexNotReadyError(
                f"the index at {index_dir} cannot be opened ({err}); if an ingest is creating "
                "it, wait for it; otherwise run `dossier ingest` again to rebuild it"
            ) from err
        self._searcher = None
        self._columns: FacetColumns | None = None
        # (generation, digests by id) after this engine's last write: the next write's "known"
        self._known: tuple[int, dict[str, str]] | None = None

    # -- writing -----------------------------------------------------------------

    def write(self, articles: Iterable[Article]) -> WriteReport:
        added = updated = unchanged = 0
        batch = list({article.id: article for article in articles}.values())  # last one wins
        parallel = PARALLEL_PROCS > 1 and len(batch) >= PARALLEL_BATCH
        try:
            if parallel:
                writer = _ParallelWriter(
                    self._ix,
                    procs=PARALLEL_PROCS,
                    multisegment=True,
                    timeout=5.0,
                    limitmb=WRITER_POOL_MB,
                )
            else:
                writer = SegmentWriter(self._ix, timeout=5.0)
        except LockError as err:
            raise IndexLockedError(f"another process is writing to {self.index_dir}") from err
        try:
            # Under the lock, the index is at the generation before the writer's own.
            known = self._known_digests(writer.generation - 1)
            before = len(known)
            self._known = None  # until this write is committed, or cancelled unchanged
            for article in batch:
                digest = article_digest(article)
                previous = known.get(article.id)
                if previous == digest:
                    unchanged += 1
                    continue
                document = self._document(article, digest)
                if previous is None:
                    writer.add_document(**document)  # no older copy to look up and delete
                    added += 1
                else:
                    writer.update_document(**document)
                    updated += 1
                known[article.id] = digest
            if added or updated:
                writer.commit()
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()
            raise
        if parallel and (found := self._ix.doc_count()) != before + added:
            raise RuntimeError(
                f"a Whoosh worker process lost {before + added - found} of {added} new "
                f"articles in {self.index_dir}; run the ingest again to add them"
            )
        self._known = (writer.generation if added or updated else writer.generation - 1, known)
        return WriteReport(added=added, updated=updated, unchanged=unchanged)

    def _known_digests(self, generation: int) -> dict[str, str]:
        """Return the digests of the index at `generation`: the ones this engine's last write
        left when no other writer has committed since, else read from the index (every
        document's, O(index size))."""
        if self._known is not None and self._known[0] == generation:
            return self._known[1]
        return self.digests()

    def digests(self) -> dict[str, str]:
        """Return every stored article's id and content digest (equal digests: equal records)."""
        with self._ix.reader() as reader:
            if not reader.doc_count():
                return {}
            ids = reader.column_reader("id")
            digests = reader.column_reader("digest")
            return {ids[docnum]: digests[docnum] for docnum in reader.all_doc_ids()}

    @staticmethod
    def _document(article: Article, digest: str) -> dict:
        meta = article.to_dict()
        for key in ("title", "text", "id"):
            meta.pop(key)
        meta["fingerprint"] = article.fingerprint
        return {
            "id": article.id,
            "title": article.title,
            "text": article.text,
            "group": ",".join(name.casefold() for name in article.groups),
            "outlet": article.outlet.casefold() if article.outlet else "",
            "date": date_number(article.date),
            "date_last": date_number(article.date, LAST_DAY),
            "group_values": _SEP.join(article.groups),
            "outlet_value": article.outlet or "",
            "digest": digest,
            "story": article.story or article.id,
            "band": ",".join(band_keys(article.fingerprint)),
            "meta": meta,
        }

    # -- reading -----------------------------------------------------------------

    def _current_searcher(self):
        searcher = self._searcher
        if searcher is None or not searcher.up_to_date():
            # A new searcher, not `searcher.refresh()`: after a commit that merged segments,
            # Whoosh-Reloaded 2.7.5's refresh keeps the merged-away segments' readers too, and
            # counts and finds their documents twice. The old searcher goes with its last user.
            searcher = self._open_searcher()
        if searcher is not self._searcher:
            self._searcher = searcher
            self._columns = None
        return searcher

    def _open_searcher(self):
        try:
            return self._ix.searcher(weighting=scoring.BM25F())
        except FileNotFoundError:  # a commit removed a segment as we opened it: once more
            try:
                return self._ix.searcher(weighting=scoring.BM25F())
            except FileNotFoundError as err:
                raise IndexNotReadyError(
                    f"the index at {self.index_dir} changed while it was being opened ({err}); "
                    "try again"
                ) from err

    def _facet_columns(self, searcher) -> FacetColumns:
        if self._columns is None:
            reader = searcher.reader()
            groups = [
                tuple(v.split(_SEP)) if v else () for v in reader.column_reader("group_values")
            ]
            outlets = [v or None for v in reader.column_reader("outlet_value")]
            dates = list(reader.column_reader("date"))
            if "story" in reader.schema:
                stories = list(reader.column_reader("story"))
            else:  # an index made before stories existed: each article is its own story
                stories = [str(docnum) for docnum in range(len(dates))]
            self._columns = FacetColumns.build(groups, outlets, dates, stories)
        return self._columns

    def count(self) -> int:
        return self._current_searcher().doc_count()

    def size_bytes(self) -> int:
        return folder_size(self.index_dir / DATA_DIR)

    def version(self) -> str:
        # every commit writes a new table of contents with the next generation number
        searcher = self._current_searcher()
        return f"{searcher.reader().generation()}-{searcher.doc_count()}"

    def get(self, article_id: str) -> Article | None:
        stored = self._current_searcher().document(id=article_id)
        return self._article(stored) if stored else None

    def iter_articles(self) -> Iterator[Article]:
        for stored in self._current_searcher().documents():
            yield self._article(stored)

    @staticmethod
    def _article(stored: dict) -> Article:
        # The record is split between the searched fields and `meta` (the rest of to_dict).
        record = {**stored["meta"], "id": stored["id"], "title": stored["title"]}
        return Article.from_dict({**record, "text": stored["text"], "story": stored.get("story")})

    def search(self, request: EngineQuery) -> EngineResult:
        searcher = self._current_searcher()
        compiled = compile_query(request.query, searcher.reader())
        columns = self._facet_columns(searcher)
        scored = None
        if request.sort == "relevance" and has_phrase(request.query):
            # A phrase is checked position by position in every document holding its words:
            # one pass that scores each match costs about what finding the matches costs, and
            # saves doing it all again to rank them.
            scored = searcher.search(compiled, limit=None)
            matched = np.array(sorted(scored.docs()), dtype=np.int64)
        else:
            matched = np.fromiter(searcher.docs_for_query(compiled), dtype=np.int64)
        found, facets = columns.filter_and_count(matched, request.filters, request.with_facets)
        allowed = found.tolist()
        stories = columns.story_count(found)
        shown = stories if request.collapse else len(allowed)
        hits: list[EngineHit] = []
        if allowed and request.limit > 0 and request.offset < shown:
            if scored is not None:
                results, ranked = self._rank_scored(scored, allowed, request, columns)
            else:
                results, ranked = self._rank(searcher, compiled, allowed, request, columns)
            hits = self._hits(searcher, compiled, results, ranked, allowed, request)
        return EngineResult(total=len(allowed), hits=hits, facets=facets, stories=stories)

    @staticmethod
    def _rank_scored(scored, allowed: list[int], request: EngineQuery, columns: FacetColumns):
        """Rank from a pass that scored every match: keep the allowed ones (and each story's
        best); the Results then hold the page alone, whose offsets highlighting loads."""
        wanted = set(allowed)
        items = [(score, docnum) for score, docnum in scored.top_n if docnum in wanted]
        if request.collapse:
            items = _best_of_each_story(items, columns.stories, key=lambda item: item[1])
        scored.top_n = items[request.offset : request.offset + request.limit]
        return scored, [scored[n] for n in range(len(scored.top_n))]

    @staticmethod
    def _rank(searcher, compiled, allowed: list[int], request: EngineQuery, columns: FacetColumns):
        """Rank the allowed matches with a search of their own (Whoosh skips whole blocks of
        postings that cannot reach the top when no filter is needed)."""
        sortedby = None
        if request.sort == "newest":
            sortedby = sorting.FieldFacet("date", reverse=True)
        elif request.sort == "oldest":
            sortedby = sorting.FieldFacet("date_last")
        want = request.offset + request.limit
        # Without a facet filter every match is allowed: no filter lets Whoosh skip blocks.
        wanted_set = set(allowed) if request.filters != Filters() else None
        limit = want if not request.collapse else min(len(allowed), want * 3)
        while True:
            results = searcher.search(compiled, filter=wanted_set, limit=limit, sortedby=sortedby)
            # Not list(results): its length hint runs the whole query again to count.
            ranked = [hit for hit in results]
            if request.collapse:
                # Whoosh's own `collapse` ignores `filter`: keep each story's best hit here.
                ranked = _best_of_each_story(ranked, columns.stories, key=lambda hit: hit.docnum)
            if len(ranked) >= want or limit >= len(allowed):
                break
            limit = min(len(allowed), limit * 4)
        return results, ranked[request.offset : want]

    def _hits(self, searcher, compiled, results, page, allowed, request) -> list[EngineHit]:
        results.fragmenter = PassageFragmenter(
            maxchars=240, surround=90, autotrim=True, spec=match_spec(request.query, "text")
        )
        results.formatter = MarkFormatter()
        title_spec = match_spec(request.query, "title")
        if request.with_snippets:
            results.termdocs, results.docterms = matched_terms(
                searcher, compiled, [hit.docnum for hit in page]
            )
        hits = []
        for hit in page:
            stored = hit.fields()
            article = self._article(stored)
            snippets: list[str] = []
            if request.with_snippets:
                found = hit.highlights("text", top=request.snippet_count)
                snippets = list(found or ()) or [lead_snippet(article.text)]
            title_html = mark_text(article.title, title_spec)
            score = hit.score if request.sort == "relevance" and hit.score is not None else 0.0
            copies = self._copies(searcher, article, allowed) if request.collapse else ()
            hits.append(
                EngineHit(article, round(float(score), 4), title_html, tuple(snippets), copies)
            )
        return hits

    def _copies(self, searcher, article: Article, allowed: list[int]) -> tuple[Article, ...]:
        """Return the other matching articles of the article's story, oldest first."""
        story = article.story or article.id
        if "story" not in searcher.schema:
            return ()
        wanted = set(allowed)
        members = [
            self._article(searcher.stored_fields(docnum))
            for docnum in searcher.docs_for_query(query.Term("story", story))
            if docnum in wanted
        ]
        others = [member for member in members if member.id != article.id]
        return tuple(sorted(others, key=lambda a: (a.date or datetime.date.max, a.id)))

    def story_candidates(self, keys: list[str]) -> list[StoryMember]:
        searcher = self._current_searcher()
        if not keys or "band" not in searcher.schema:
            return []
        # Each band's postings read straight from the reader: most keys are in no other article,
        # and an Or query would build arrays as long as each segment for every article.
        reader = searcher.reader()
        found: set[int] = set()
        for key in keys:
            if ("band", key) in reader:
                found.update(reader.postings("band", key).all_ids())
        members = []
        for docnum in sorted(found):
            stored = searcher.stored_fields(docnum)
            members.append(
                StoryMember(
                    stored["id"],
                    stored.get("story") or stored["id"],
                    stored["meta"].get("fingerprint") or "",
                )
            )
        return members

    def suggest_words(self, word: str, limit: int = 3) -> list[str]:
        """Return indexed words one edit away from `word` (folded), most frequent first."""
        folded = fold_word(word)
        if len(folded) < 4 or not folded.isalpha():
            return []
        reader = self._current_searcher().reader()
        # Whoosh's own suggest() measures the distance to every word of the vocabulary (2 s
        # at 10k articles); looking up each spelling one edit away costs a few milliseconds.
        found = [
            (reader.doc_frequency("text", candidate), candidate)
            for candidate in one_edit_away(folded)
            if ("text", candidate) in reader
        ]
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return [candidate for _count, candidate in found[:limit]]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()


def _best_of_each_story(ranked: list, stories: list[str], key) -> list:
    """Keep the first (best ranked) entry of each story."""
    seen: set[str] = set()
    best = []
    for entry in ranked:
        story = stories[key(entry)]
        if story not in seen:
            seen.add(story)
            best.append(entry)
    return best
