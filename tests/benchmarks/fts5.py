"""The SQLite FTS5 baseline (stdlib sqlite3, as Datasette-style tools use it): the same articles
and queries, ranked by bm25 on the FTS table alone, the ten winners joined, facets by GROUP BY
over every match, snippets by FTS5's snippet()."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from corpus.article import Article

_PHRASE = re.compile(r'"([^"]*)"|(\S+)')


def build(articles: Iterable[Article], path: Path) -> int:
    """Write the articles into a new FTS5 database; return how many."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE article (id INTEGER PRIMARY KEY, key TEXT, title TEXT, outlet TEXT,
                              day TEXT, month TEXT);
        CREATE TABLE article_group (id INTEGER, name TEXT);
        CREATE INDEX article_group_name ON article_group (name, id);
        """
    )
    count = 0
    for rowid, article in enumerate(articles, start=1):
        day = article.date.isoformat() if article.date else None
        db.execute("INSERT INTO fts (rowid, title, text) VALUES (?, ?, ?)",
                   (rowid, article.title, article.text))  # fmt: skip
        db.execute(
            "INSERT INTO article VALUES (?, ?, ?, ?, ?, ?)",
            (rowid, article.id, article.title, article.outlet, day, day[:7] if day else None),
        )
        db.executemany(
            "INSERT INTO article_group VALUES (?, ?)", [(rowid, g) for g in article.groups]
        )
        count += 1
    db.commit()
    db.close()
    return count


def match_expression(q: str) -> str | None:
    """Return the FTS5 MATCH expression for a benchmark query (words AND-ed, phrases kept)."""
    parts = []
    for phrase, word in _PHRASE.findall(q):
        text = phrase or word
        words = re.findall(r"\w+", text)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " AND ".join(parts) or None


class Baseline:
    """One open FTS5 database answering benchmark queries."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)

    def search(self, query: dict, facets: bool, snippets: bool) -> int:
        """Run one query; return the number of matches."""
        match = match_expression(query.get("q", ""))
        where, params = [], []
        if match:
            where.append("a.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(match)
        if query.get("group"):
            marks = ",".join("?" * len(query["group"]))
            where.append(f"a.id IN (SELECT id FROM article_group WHERE name IN ({marks}))")
            params += query["group"]
        if query.get("date_from"):
            where.append("a.day >= ? AND a.day <= ?")
            params += [query["date_from"], query["date_to"] + "-31"]
        clause = " AND ".join(where) or "1"
        total = self.db.execute(
            f"SELECT count(*) FROM article a WHERE {clause}", params
        ).fetchone()[0]
        if match:
            top = self.db.execute(
                f"SELECT fts.rowid FROM fts JOIN article a ON a.id = fts.rowid "
                f"WHERE fts MATCH ? AND {clause} ORDER BY fts.rank LIMIT 10",
                [match, *params],
            ).fetchall()
        else:
            top = self.db.execute(
                f"SELECT a.id FROM article a WHERE {clause} LIMIT 10", params
            ).fetchall()
        ids = [row[0] for row in top]
        if ids:
            marks = ",".join("?" * len(ids))
            self.db.execute(f"SELECT * FROM article WHERE id IN ({marks})", ids).fetchall()
            if snippets and match:
                self.db.execute(
                    "SELECT snippet(fts, 1, '<mark>', '</mark>', '…', 40) FROM fts "
                    f"WHERE fts MATCH ? AND rowid IN ({marks})",
                    [match, *ids],
                ).fetchall()
        if facets:
            self.db.execute(
                "SELECT g.name, count(*) FROM article_group g JOIN article a ON a.id = g.id "
                f"WHERE {clause} GROUP BY g.name",
                params,
            ).fetchall()
            self.db.execute(
                f"SELECT outlet, count(*) FROM article a WHERE {clause} GROUP BY outlet", params
            ).fetchall()
            self.db.execute(
                f"SELECT month, count(*) FROM article a WHERE {clause} GROUP BY month", params
            ).fetchall()
        return total
