"""Our Whoosh segment writer writes what Whoosh's own writes: every segment file (terms, postings,
stored fields, lengths, columns) byte for byte when every postings block is compressed, and the
same terms, term statistics and postings (documents, weights, positions, character offsets)
when small blocks are stored uncompressed."""

from __future__ import annotations

import dataclasses
import datetime
import random
from pathlib import Path

import pytest
from whoosh import writing
from whoosh.filedb.filestore import FileStorage

from corpus.article import Article, make_article_id
from index import whoosh_postings
from index.whoosh_engine import WhooshEngine, build_schema
from tests.conftest import ARTICLES

_WORDS = [f"w{n}" for n in range(600)] + ["Qa'ida", "Zürich", "naïve", "2014", "don’t"]


def _synthetic_articles(count: int) -> list[Article]:
    """Articles whose words follow a steep power law: a few in every article (several postings
    blocks of 128), most in one or two; lengths from 1 word (a length byte of 0) to 600."""
    rng = random.Random(7)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(_WORDS))]
    found = []
    for n in range(count):
        size = rng.choice([1, 2, 5, 40, 200, 600])
        text = " ".join(rng.choices(_WORDS, weights, k=size))
        title = " ".join(rng.choices(_WORDS, weights, k=rng.choice([1, 3, 9])))
        url = f"https://synthetic.example/{n}"
        found.append(
            Article(
                id=make_article_id(url, text),
                url=url,
                title=title,
                text=text,
                date=datetime.date(2014, 1, 1) + datetime.timedelta(days=n % 400),
                date_source="page metadata",
                outlet=rng.choice(["Ledger", "Herald", None]),
                outlet_source="page metadata",
                groups=tuple(sorted(rng.sample(["Islamic State", "TTP", "al-Qaeda"], n % 3))),
                fingerprint=None,
            )
        )
    return found + list(ARTICLES)


ARTICLES_300 = _synthetic_articles(300)


class _EveryBlockCompressed(whoosh_postings.SegmentWriter):
    compress_min_bytes = 0


def _segment_files(
    folder: Path, writer_class, articles: list[Article], limitmb: float = 128
) -> dict[str, bytes]:
    """Write the articles as one segment of separate files; return each file (terms, postings,
    stored fields, lengths, columns) by its name after the segment's random id."""
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    writer = writer_class(ix, compound=False, limitmb=limitmb)
    for article in articles:
        writer.add_document(**WhooshEngine._document(article, "digest"))
    writer.commit()
    ix.close()
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }


@pytest.mark.parametrize("limitmb", [128, 0.1])  # 0.1: the pool spills sorted runs to disk
def test_every_block_compressed_gives_whooshs_own_bytes(tmp_path: Path, limitmb: float) -> None:
    ours = _segment_files(tmp_path / "ours", _EveryBlockCompressed, ARTICLES_300, limitmb)
    whoosh = _segment_files(tmp_path / "whoosh", writing.SegmentWriter, ARTICLES_300, limitmb)
    assert {"trm", "pst", "_stored.col", "_text_len.col", "id.col"} <= set(ours)
    assert ours == whoosh


def _postings(index_dir: Path) -> dict:
    """Every term of the index with its statistics and its postings as Whoosh reads them."""
    ix = FileStorage(str(index_dir)).open_index()
    found = {}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            stats += (info.max_weight(), info.min_id(), info.max_id())
            matcher = reader.postings(fieldname, text)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, text] = (stats, items)
    ix.close()
    return found


def _small_blocks_compressed(index_dir: Path) -> set[bool]:
    """Whether each single-document postings block of the `id` field is compressed."""
    ix = FileStorage(str(index_dir)).open_index()
    with ix.reader() as reader:
        flags = {
            bool(leaf.postings("id", text)._compression)
            for leaf, _offset in reader.leaf_readers()
            for text in leaf.lexicon("id")
        }
    ix.close()
    return flags


@pytest.mark.parametrize("batch", [300, 40])
def test_engine_writes_whooshs_postings_with_small_blocks_uncompressed(
    tmp_path: Path, batch: int
) -> None:
    ours = tmp_path / "ours"
    whoosh = tmp_path / "whoosh"
    for folder, writer_class in ((ours, whoosh_postings.SegmentWriter), (whoosh, None)):
        engine = WhooshEngine(folder, create=True)
        for first in range(0, len(ARTICLES_300), batch):
            chunk = ARTICLES_300[first : first + batch]
            if writer_class is None:  # Whoosh's own writer, for comparison
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr("index.whoosh_engine.SegmentWriter", writing.SegmentWriter)
                    engine.write(chunk)
            else:
                engine.write(chunk)
        engine.close()
    assert _postings(ours / "whoosh") == _postings(whoosh / "whoosh")
    assert _small_blocks_compressed(ours / "whoosh") == {False}
    assert _small_blocks_compressed(whoosh / "whoosh") == {True}


def test_updated_articles_keep_whooshs_postings(tmp_path: Path) -> None:
    changed = [dataclasses.replace(a, title=a.title + " update") for a in ARTICLES_300[:50]]
    results = []
    for name, writer_class in (("ours", whoosh_postings.SegmentWriter), ("whoosh", None)):
        engine = WhooshEngine(tmp_path / name, create=True)
        with pytest.MonkeyPatch.context() as patch:
            if writer_class is None:
                patch.setattr("index.whoosh_engine.SegmentWriter", writing.SegmentWriter)
            engine.write(ARTICLES_300)
            engine.write(changed)
        engine.close()
        results.append(_postings(tmp_path / name / "whoosh"))
    assert results[0] == results[1]


def test_another_whoosh_release_gets_whooshs_own_writer(tmp_path: Path, monkeypatch) -> None:
    # small blocks left uncompressed would tell our writer's files from Whoosh's
    ours = _segment_files(tmp_path / "ours", whoosh_postings.SegmentWriter, ARTICLES_300)
    monkeypatch.setattr(whoosh_postings.whoosh, "__version__", (2, 7, 6))
    other = _segment_files(tmp_path / "other", whoosh_postings.SegmentWriter, ARTICLES_300)
    whooshs = _segment_files(tmp_path / "whoosh", writing.SegmentWriter, ARTICLES_300)
    assert other == whooshs
    assert ours != whooshs
