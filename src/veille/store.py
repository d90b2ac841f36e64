"""The embedded DuckDB store: schema created and migrated by the program, one
transaction per batch so a crash never leaves half a batch behind."""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from .records import Document, Paragraph

DEFAULT_PATH = "veille.duckdb"

# Each entry migrates the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        record VARCHAR,
        url VARCHAR,
        kind VARCHAR NOT NULL,
        title VARCHAR,
        published VARCHAR,
        published_inferred BOOLEAN NOT NULL DEFAULT false,
        outlet VARCHAR,
        language VARCHAR,
        raw VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        para_starts INTEGER[] NOT NULL,
        para_ends INTEGER[] NOT NULL,
        ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE line_counts (
        outlet VARCHAR NOT NULL,
        hash VARCHAR NOT NULL,
        docs INTEGER NOT NULL,
        PRIMARY KEY (outlet, hash)
    );
    """,
]

DOCUMENT_COLUMNS = ("id", "name", "source", "record", "url", "kind", "title", "published",
                    "published_inferred", "outlet", "language", "raw", "text", "body",
                    "para_starts", "para_ends")


def default_path() -> str:
    return os.environ.get("VEILLE_DB") or DEFAULT_PATH


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = str(path or default_path())
        self.con = duckdb.connect(self.path)
        self.migrate()

    def migrate(self) -> int:
        """Bring the schema to the latest version; returns that version."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                         "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        current = self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        for version in range(current, len(MIGRATIONS)):
            self.con.begin()
            self.con.execute(MIGRATIONS[version])
            self.con.execute("INSERT INTO schema_version (version) VALUES (?)", [version + 1])
            self.con.commit()
        return len(MIGRATIONS)

    @property
    def version(self) -> int:
        return self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def write_batch(self, docs: Sequence[Document], line_counts: Counter | None = None) -> int:
        """Store a batch in one transaction; documents already stored are left untouched.
        Returns how many were new."""
        self.con.begin()
        try:
            known = self.known_ids(d.id for d in docs)
            new = list({d.id: d for d in docs if d.id not in known}.values())
            if new:
                placeholders = ", ".join("?" * len(DOCUMENT_COLUMNS))
                self.con.executemany(
                    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({placeholders}) "
                    "ON CONFLICT DO NOTHING",
                    [_document_row(d) for d in new])
            if line_counts:
                self.con.executemany(
                    "INSERT INTO line_counts VALUES (?, ?, ?) "
                    "ON CONFLICT DO UPDATE SET docs = line_counts.docs + excluded.docs",
                    [(outlet, h, n) for (outlet, h), n in line_counts.items()])
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return len(new)

    def line_counts(self, keys: Iterable[tuple[str, str]]) -> Counter:
        """Stored document counts of the given (outlet, line hash) pairs."""
        keys = list(keys)
        if not keys:
            return Counter()
        rows = self.con.execute(
            "SELECT l.outlet, l.hash, l.docs FROM line_counts l "
            "JOIN (SELECT unnest(?) AS outlet, unnest(?) AS hash) k USING (outlet, hash)",
            [[k[0] for k in keys], [k[1] for k in keys]]).fetchall()
        return Counter({(o, h): n for o, h, n in rows})

    def documents(self, *, limit: int | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
        """Stored documents, newest ingest first, without their text."""
        sql = ("SELECT id, name, published, outlet, language, title, length(body) AS chars, source "
               "FROM documents")
        params: list[Any] = []
        if outlet:
            sql += " WHERE lower(outlet) = lower(?)"
            params.append(outlet)
        sql += " ORDER BY ingested_at DESC, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.con.execute(sql, params)
        columns = [c[0] for c in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]

    def get(self, key: str) -> Document | None:
        """A document by id, id prefix or name."""
        row = self.con.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id = ? OR name = ? "
            "OR (length(?) >= 6 AND starts_with(id, ?)) ORDER BY id = ? DESC LIMIT 1",
            [key, key, key, key, key]).fetchone()
        return _row_document(row) if row else None

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _document_row(d: Document) -> tuple:
    return (d.id, d.name, d.uri, d.record, d.url, d.kind, d.title, d.published, d.published_inferred,
            d.outlet, d.language, d.raw, d.text, d.body,
            [p.start for p in d.paragraphs], [p.end for p in d.paragraphs])


def _row_document(row: tuple) -> Document:
    values = dict(zip(DOCUMENT_COLUMNS, row))
    text = values["text"]
    paragraphs = [Paragraph(text[s:e], s, e) for s, e in zip(values["para_starts"], values["para_ends"])]
    return Document(id=values["id"], name=values["name"], uri=values["source"], kind=values["kind"],
                    raw=values["raw"], text=text, paragraphs=paragraphs, record=values["record"],
                    url=values["url"], title=values["title"], published=values["published"],
                    published_inferred=values["published_inferred"], outlet=values["outlet"],
                    language=values["language"])
