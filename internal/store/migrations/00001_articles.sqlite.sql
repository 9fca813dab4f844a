-- +goose Up
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL,
    category_slug   TEXT NOT NULL,
    tags            TEXT NOT NULL DEFAULT '[]',
    author          TEXT NOT NULL DEFAULT '',
    reviewed_by     TEXT NOT NULL DEFAULT '',
    reviewed_at     TIMESTAMP,
    published_at    TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    status          TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
    revision        INTEGER NOT NULL,
    source          TEXT NOT NULL,
    body_text       TEXT NOT NULL DEFAULT '',
    content_hash    TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    modified_at     TIMESTAMP NOT NULL
);
CREATE INDEX articles_category ON articles (category_slug, published_at);

CREATE TABLE article_revisions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    source       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (article_id, revision)
);

CREATE TABLE votes (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    voter_key   TEXT NOT NULL,
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    revision    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, voter_key)
);

CREATE TABLE rating_totals (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    votes       INTEGER NOT NULL DEFAULT 0,
    star_sum    INTEGER NOT NULL DEFAULT 0,
    s1          INTEGER NOT NULL DEFAULT 0,
    s2          INTEGER NOT NULL DEFAULT 0,
    s3          INTEGER NOT NULL DEFAULT 0,
    s4          INTEGER NOT NULL DEFAULT 0,
    s5          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL,
    stars       INTEGER CHECK (stars IS NULL OR stars BETWEEN 1 AND 5),
    section     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'read', 'resolved', 'spam')),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX feedback_article ON feedback (article_id, created_at);

-- Full-text index of published articles, kept in step by the store.
CREATE VIRTUAL TABLE article_search USING fts5 (
    slug UNINDEXED,
    title,
    description,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE article_search;
DROP TABLE feedback;
DROP TABLE rating_totals;
DROP TABLE votes;
DROP TABLE article_revisions;
DROP TABLE articles;
DROP TABLE settings;
