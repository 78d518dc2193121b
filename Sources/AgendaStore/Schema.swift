import GRDB

/// The database schema, as an ordered list of migrations. Never edit a shipped
/// migration: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    base_url TEXT NOT NULL,
                    baseline_at TEXT            -- when the silent baseline completed; NULL until then
                );

                -- One row per meeting ever listed. version 0 = listed but no page stored yet.
                CREATE TABLE meetings (
                    id TEXT PRIMARY KEY,        -- "source/number"
                    source_id TEXT NOT NULL REFERENCES sources(id),
                    number INTEGER NOT NULL,
                    committee_id INTEGER NOT NULL,
                    committee_name TEXT NOT NULL,
                    title TEXT NOT NULL,
                    start TEXT,
                    status TEXT NOT NULL,
                    url TEXT NOT NULL,
                    current_version INTEGER NOT NULL DEFAULT 0,
                    content_hash TEXT,
                    announce_new INTEGER NOT NULL,   -- 0 when first listed during the baseline
                    first_seen_at TEXT NOT NULL,
                    missing_since TEXT               -- set while absent from its committee's list
                );
                CREATE INDEX meetings_by_source ON meetings(source_id, committee_id);

                CREATE TABLE versions (
                    meeting_id TEXT NOT NULL REFERENCES meetings(id),
                    number INTEGER NOT NULL,
                    content_hash TEXT NOT NULL,
                    record BLOB NOT NULL,            -- zlib(JSON of the Meeting)
                    record_size INTEGER NOT NULL,
                    raw_page BLOB NOT NULL,          -- zlib(the page as fetched)
                    raw_size INTEGER NOT NULL,
                    fetched_at TEXT NOT NULL,
                    PRIMARY KEY (meeting_id, number)
                ) WITHOUT ROWID;

                CREATE TABLE changes (
                    meeting_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    item TEXT,
                    title TEXT,
                    url TEXT,
                    before TEXT,
                    after TEXT,
                    PRIMARY KEY (meeting_id, version, position),
                    FOREIGN KEY (meeting_id, version) REFERENCES versions(meeting_id, number)
                ) WITHOUT ROWID;

                -- The outbox: a notice is written in the same transaction as its version.
                CREATE TABLE notices (
                    id TEXT PRIMARY KEY,             -- deterministic ntc_… id
                    subscription_id TEXT NOT NULL,
                    meeting_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    payload BLOB NOT NULL,           -- the notice as one JSON line, without the newline
                    created_at TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',   -- pending | delivered | failed | dead
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at TEXT,
                    delivered_at TEXT
                );
                CREATE INDEX notices_due ON notices(state, subscription_id, meeting_id, version);

                -- The sync log: one row per cycle of a source …
                CREATE TABLE sync_runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    outcome TEXT,                    -- ok | partial | failed
                    fetches INTEGER NOT NULL DEFAULT 0,
                    failures INTEGER NOT NULL DEFAULT 0,
                    bytes INTEGER NOT NULL DEFAULT 0,
                    meetings_seen INTEGER NOT NULL DEFAULT 0,
                    versions_written INTEGER NOT NULL DEFAULT 0,
                    notices_written INTEGER NOT NULL DEFAULT 0,
                    error TEXT
                );
                CREATE INDEX sync_runs_by_source ON sync_runs(source_id, id);

                -- … and one row per fetch.
                CREATE TABLE fetch_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES sync_runs(id),
                    source_id TEXT NOT NULL,
                    at TEXT NOT NULL,
                    url TEXT NOT NULL,
                    status INTEGER,                  -- HTTP status; NULL when the transfer failed
                    bytes INTEGER NOT NULL,
                    ms INTEGER NOT NULL,
                    validators TEXT,                 -- e.g. "etag,last-modified" when a conditional GET was sent
                    outcome TEXT NOT NULL,           -- see FetchOutcome
                    error TEXT
                );
                CREATE INDEX fetch_log_by_run ON fetch_log(run_id);

                -- What we know of each page URL's last good response: validators for a
                -- conditional GET, and the body's digest so an identical body costs no parse.
                CREATE TABLE page_validators (
                    url TEXT PRIMARY KEY,
                    etag TEXT,
                    last_modified TEXT,
                    body_digest TEXT
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-committee-lists") { db in
            // Which committees' meetings lists have been read at least once: meetings first seen in
            // a committee's first good list are the baseline of that committee, never "new".
            try db.execute(sql: """
                CREATE TABLE committee_lists (
                    source_id TEXT NOT NULL,
                    committee_id INTEGER NOT NULL,
                    first_read_at TEXT NOT NULL,
                    PRIMARY KEY (source_id, committee_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-schedule") { db in
            // The daemon's schedule survives restarts: when each source is next due, its health, and
            // when each meeting page is next re-checked.
            try db.execute(sql: """
                CREATE TABLE source_schedule (
                    source_id TEXT PRIMARY KEY,
                    next_due_at TEXT NOT NULL,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    healthy INTEGER NOT NULL DEFAULT 1,
                    last_success_at TEXT
                ) WITHOUT ROWID;
                ALTER TABLE meetings ADD COLUMN next_check_at TEXT;
                """)
        }
        migrator.registerMigration("v4-delivery") { db in
            // Delivery state beside the outbox: a subscription disabled by its endpoint (410 Gone) or
            // throttled (429/502/503/504), when its last email digest went out, and the SMTP relay's
            // attempts per spooled message.
            try db.execute(sql: """
                CREATE TABLE subscription_state (
                    subscription_id TEXT PRIMARY KEY,
                    disabled_at TEXT,
                    disabled_reason TEXT,
                    throttled_until TEXT,
                    last_digest_at TEXT
                ) WITHOUT ROWID;

                CREATE TABLE mail_relay (
                    spool TEXT NOT NULL,
                    file TEXT NOT NULL,              -- the Maildir base name
                    message_id TEXT,
                    recipients TEXT NOT NULL,        -- envelope recipients, comma-separated
                    state TEXT NOT NULL,             -- retry | sent | failed
                    attempts INTEGER NOT NULL,
                    code INTEGER,                    -- the SMTP reply code, when there was one
                    last_reply TEXT NOT NULL,
                    first_attempt_at TEXT NOT NULL,
                    last_attempt_at TEXT NOT NULL,
                    next_attempt_at TEXT,
                    PRIMARY KEY (spool, file)
                ) WITHOUT ROWID;

                CREATE INDEX notices_by_subscription ON notices(subscription_id, state, created_at);
                """)
        }
        migrator.registerMigration("v5-held") { db in
            // The source-level guard: a cycle whose changes look like a page-template change is stored
            // here, not delivered, until the admin releases it (the notices go out as they are) or
            // re-baselines (the versions are stored, the notices dropped). One row per meeting: a later
            // cycle replaces it with its own comparison against the meeting's current version.
            try db.execute(sql: """
                ALTER TABLE sources ADD COLUMN held_since TEXT;   -- set while the source's changes are held
                ALTER TABLE sources ADD COLUMN held_reason TEXT;

                CREATE TABLE held_versions (
                    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
                    source_id TEXT NOT NULL,
                    number INTEGER NOT NULL,         -- the version it becomes: current_version + 1 when held
                    content_hash TEXT NOT NULL,
                    record BLOB NOT NULL,            -- as in versions
                    record_size INTEGER NOT NULL,
                    raw_page BLOB NOT NULL,
                    raw_size INTEGER NOT NULL,
                    fetched_at TEXT NOT NULL,
                    changes BLOB NOT NULL            -- the version's changes, a JSON array
                ) WITHOUT ROWID;
                CREATE INDEX held_versions_by_source ON held_versions(source_id);

                -- The notices the held versions would have written, with the ids they would have had.
                CREATE TABLE held_notices (
                    id TEXT PRIMARY KEY,
                    subscription_id TEXT NOT NULL,
                    meeting_id TEXT NOT NULL REFERENCES held_versions(meeting_id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX held_notices_by_meeting ON held_notices(meeting_id);

                -- What a cycle noticed besides its errors ("site moved from … to …", "held: …"), one per line.
                ALTER TABLE sync_runs ADD COLUMN notes TEXT;
                """)
        }
        migrator.registerMigration("v6-feeds") { db in
            // What a calendar file was last written from (its meetings and their versions), so a
            // delivery round rewrites it only after one of them changed.
            try db.execute(sql: "ALTER TABLE subscription_state ADD COLUMN feed_fingerprint TEXT")
        }
        migrator.registerMigration("v7-reading") { db in
            // How each meeting's current version was read (`[[source]] via`: "html" or "webservice";
            // NULL for versions stored before, all read from the HTML pages). A meeting read the
            // other way next is re-baselined: that version is stored without notices.
            try db.execute(sql: "ALTER TABLE meetings ADD COLUMN read_via TEXT")
        }
        migrator.registerMigration("v8-compact-log") { db in
            // The sync log, compact: a cycle's successful fetches go into one packed row (FetchPack),
            // their URLs interned; failures keep a full fetch_log row, now with its place in the cycle
            // (NULL for rows written before, which are ordered by id).
            try db.execute(sql: """
                ALTER TABLE fetch_log ADD COLUMN position INTEGER;

                CREATE TABLE fetch_urls (
                    id INTEGER PRIMARY KEY,
                    url TEXT NOT NULL UNIQUE
                );

                CREATE TABLE fetch_packs (
                    run_id INTEGER PRIMARY KEY REFERENCES sync_runs(id),
                    fetches BLOB NOT NULL            -- see FetchPack
                );
                """)
        }
        migrator.registerMigration("v9-retention") { db in
            // Retention. How each stored raw page is kept (see PageFormat): NULL for zlib, as every row before;
            // "dropped" once page_retention removed the body of a superseded version (its typed record stays).
            try db.execute(sql: """
                ALTER TABLE versions ADD COLUMN raw_format TEXT;
                ALTER TABLE held_versions ADD COLUMN raw_format TEXT;
                -- outbox_retention finds the oldest delivered notices without sorting the outbox.
                CREATE INDEX notices_delivered ON notices(delivered_at) WHERE state = 'delivered';
                """)
        }
        migrator.registerMigration("v10-quiet-runs") { db in
            // log_retention collapses a source's consecutive quiet cycles (Retention.swift) into one
            // summary row: `cycles` says how many it stands for, `first_started_at` when the first of
            // them started (NULL for a row of one cycle, whose start is `started_at`).
            try db.execute(sql: """
                ALTER TABLE sync_runs ADD COLUMN cycles INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE sync_runs ADD COLUMN first_started_at TEXT;
                """)
        }
        migrator.registerMigration("v11-zstd-pages") { db in
            // Raw pages move from zlib level 9 to zstd with a ModernGov dictionary (see PageFormat): the
            // stored zlib pages are re-encoded here, so a database is in one format after the upgrade.
            try PageFormat.reencodeZlibPages(db)
        }
        migrator.registerMigration("v12-versions-rowid") { db in
            // `versions` becomes an ordinary (rowid) table, and records gain a format like raw pages.
            // A WITHOUT ROWID table is an index b-tree, which keeps at most ~1 KB of a row on its leaf page
            // (4 KB pages) and leaves the rest of the row's last overflow page unused: with rows of a record
            // and a raw page (~11 KB) that was ~1.7 KB per row, 1.74 MB of the 14 MB a 1,000-meeting
            // baseline stored. SQLite's own advice: WITHOUT ROWID suits small rows. The key stays unique
            // (the constraint's index serves the lookups and the `changes` foreign key). GRDB runs a
            // migration with foreign keys off (checked before commit), as SQLite's table-rebuild recipe needs.
            // `record_format`: how `record` is kept, as `raw_format` is for `raw_page` (PageFormat); NULL
            // is zlib, as every record before.
            try db.execute(sql: """
                CREATE TABLE versions_rebuilt (
                    meeting_id TEXT NOT NULL REFERENCES meetings(id),
                    number INTEGER NOT NULL,
                    content_hash TEXT NOT NULL,
                    fetched_at TEXT NOT NULL,
                    record_size INTEGER NOT NULL,
                    record_format TEXT,
                    raw_size INTEGER NOT NULL,
                    raw_format TEXT,
                    record BLOB NOT NULL,
                    raw_page BLOB NOT NULL,
                    UNIQUE (meeting_id, number)
                );
                INSERT INTO versions_rebuilt (meeting_id, number, content_hash, fetched_at, record_size, raw_size, raw_format,
                                              record, raw_page)
                    SELECT meeting_id, number, content_hash, fetched_at, record_size, raw_size, raw_format, record, raw_page
                    FROM versions ORDER BY meeting_id, number;
                DROP TABLE versions;
                ALTER TABLE versions_rebuilt RENAME TO versions;
                ALTER TABLE held_versions ADD COLUMN record_format TEXT;
                """)
        }
        migrator.registerMigration("v13-list-pages") { db in
            // List pages as last parsed (ParsedListPage): an unchanged list is not parsed again. Keyed by
            // source as well as URL, since the parsed meetings carry the source's id. A rowid table: a
            // listing of a long-lived committee runs to kilobytes.
            try db.execute(sql: """
                CREATE TABLE list_pages (
                    source_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    body_digest TEXT,
                    format INTEGER NOT NULL,         -- the shape of `listing` (AgendaSync's ListPageCache.format)
                    listing_size INTEGER NOT NULL,
                    listing_format TEXT,             -- how `listing` is kept, as `raw_format` (PageFormat)
                    listing BLOB NOT NULL,           -- the parsed list (JSON), compressed
                    UNIQUE (source_id, url)
                );
                """)
        }
        migrator.registerMigration("v14-change-external") { db in
            // Change.external (a document on another web site than the council's): kept with the change,
            // so `history` shows what the notice said. Rows written before say false, as their notices did
            // not know it either way.
            try db.execute(sql: "ALTER TABLE changes ADD COLUMN external INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v15-sync-runs-by-end") { db in
            // Retention finds the cycles past `log_retention` by when they ended (a cycle that never
            // finished, by its start): without this index each pass read every summary row and every
            // pack — at 300 councils every 30 minutes, ~430,000 rows under the default 30 days.
            try db.execute(sql: "CREATE INDEX sync_runs_by_end ON sync_runs(COALESCE(finished_at, started_at))")
        }
        return migrator
    }
}
