-- The schema of claimdiff's store at version 1 (before the store/ package), for the migration test.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, mode TEXT, status TEXT,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS articles (
  article_id TEXT PRIMARY KEY, url TEXT NOT NULL, canonical_url TEXT NOT NULL, outlet TEXT NOT NULL,
  role TEXT NOT NULL, lang TEXT NOT NULL, title TEXT, published_at TEXT, text TEXT NOT NULL,
  text_hash TEXT NOT NULL, source TEXT, lang_detected INTEGER, lang_confidence REAL, raw_text TEXT,
  duplicate_of TEXT, metadata TEXT, first_run_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (text_hash);
CREATE INDEX IF NOT EXISTS articles_canonical_url ON articles (canonical_url);
CREATE TABLE IF NOT EXISTS statements (
  statement_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(article_id),
  idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
  lang TEXT NOT NULL, role TEXT NOT NULL, text_en TEXT, translation_model TEXT,
  translation_truncated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS statements_article ON statements (article_id);
CREATE TABLE IF NOT EXISTS translations (
  model_id TEXT NOT NULL, source_hash TEXT NOT NULL, text_en TEXT NOT NULL, truncated INTEGER NOT NULL,
  PRIMARY KEY (model_id, source_hash)
);
CREATE TABLE IF NOT EXISTS nli_cache (
  model_id TEXT NOT NULL, premise_hash TEXT NOT NULL, hypothesis_hash TEXT NOT NULL,
  entailment REAL NOT NULL, neutral REAL NOT NULL, contradiction REAL NOT NULL, truncated INTEGER NOT NULL,
  PRIMARY KEY (model_id, premise_hash, hypothesis_hash)
);
CREATE TABLE IF NOT EXISTS stories (story_id TEXT PRIMARY KEY, article_ids TEXT NOT NULL, keys TEXT);
CREATE TABLE IF NOT EXISTS pairs (
  pair_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, original_id TEXT NOT NULL, report_id TEXT NOT NULL,
  similarity REAL NOT NULL, basis TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
  finding_id TEXT PRIMARY KEY, first_run_id TEXT NOT NULL, last_run_id TEXT NOT NULL,
  created_at TEXT NOT NULL, pair_id TEXT NOT NULL, story_id TEXT NOT NULL, severity TEXT NOT NULL,
  kind TEXT NOT NULL, label TEXT NOT NULL, p_entailment REAL, p_neutral REAL, p_contradiction REAL,
  reasons TEXT NOT NULL, original_id TEXT NOT NULL, report_id TEXT NOT NULL, nli_model TEXT,
  translation_model TEXT, content_hash TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
  finding_id TEXT PRIMARY KEY REFERENCES findings(finding_id), status TEXT NOT NULL, note TEXT,
  content_hash TEXT, reviewed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS http_cache (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (
  run_id TEXT NOT NULL, stage TEXT NOT NULL, location TEXT NOT NULL, message TEXT NOT NULL,
  item_id TEXT, PRIMARY KEY (run_id, stage, location, message)
);
