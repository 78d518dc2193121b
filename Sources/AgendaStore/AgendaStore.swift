import Foundation
import GRDB

/// The SQLite file that holds every meeting version, the sync log and the outbox.
///
/// WAL, `synchronous=FULL` (a commit that a webhook may already have announced must
/// survive a power cut), a busy timeout so the CLI can read while the daemon writes,
/// write transactions that begin IMMEDIATE (GRDB's default for writes), and a page cache of
/// 256 KiB per connection, so a long-running daemon's memory stays flat.
public final class AgendaStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Each connection's page cache, KiB.
    static let pageCacheKiB = 256

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .unusablePath(path: path, reason: "directory \(directory) does not exist")
            }
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw .unusablePath(path: path, reason: "directory \(directory) is not writable")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "agenda-sync"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // SQLite's default page cache is 2 MiB per connection (a writer and up to five readers):
            // in a daemon that appends to its log every cycle it fills over thousands of cycles, which
            // is memory that only ever grows for hours. The lookups here are indexed and the OS keeps
            // the file in its own cache, so 256 KiB each is plenty (`make soak`: +0.7 MB over 2,000
            // cycles with it, +4.3 MB without).
            try db.execute(sql: "PRAGMA cache_size = \(-Self.pageCacheKiB)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets the writer to synchronous=NORMAL when it turns WAL on, after `prepareDatabase`
            // ran: set FULL again on the one connection that commits (no lock needed).
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrate(pool)
        } catch {
            throw StoreError(error, path: path, opening: true)
        }
    }

    /// Applies the pending migrations, if any.
    ///
    /// Migrating takes the write lock even when there is nothing to do; a database that is up to
    /// date opens without it, so a reader (`status`) never waits behind a writer.
    ///
    /// Another process may be migrating the same file at the same moment (`run` starting on a new
    /// database while `status` or a second `sync` opens it): GRDB reads which migrations are applied
    /// before it takes the write lock for each, so the second one can meet a table the first just
    /// created ("table sources already exists"). Each migration commits on its own, so nothing is
    /// left half done: when a migration fails and more migrations are recorded than before it, the
    /// other process got there first, and this one reads again and carries on from there. Bounded:
    /// every retry needs a migration that another process committed meanwhile.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Schema.migrator
        while try !pool.read(migrator.hasCompletedMigrations) {
            let applied = try pool.read(migrator.appliedIdentifiers)
            do {
                try migrator.migrate(pool)
            } catch {
                guard try pool.read(migrator.appliedIdentifiers).isStrictSuperset(of: applied) else { throw error }
            }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; everything it writes commits together or not at all.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw StoreError(error, path: path) }
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError(error, path: path) }
    }

    /// Takes the write lock and lets it go at once (an empty IMMEDIATE transaction): throws a busy
    /// error when another process holds it past the busy timeout, or read-only when it cannot be had.
    public func checkWritable() throws(StoreError) {
        try write { _ in }
    }

    /// `PRAGMA integrity_check`: "ok" for a healthy file.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    /// Row counts of the content tables, for tests and benchmarks.
    public func tableCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["sources", "meetings", "versions", "changes", "notices", "sync_runs", "fetch_log", "fetch_packs", "fetch_urls",
                          "page_validators", "list_pages",
                          "committee_lists", "source_schedule", "held_versions", "held_notices",
                          "subscription_state", "mail_relay"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    /// Bytes used by each table (from SQLite's dbstat virtual table), for benchmarks.
    public func tableBytes() throws(StoreError) -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name")
            var result: [String: Int] = [:]
            for row in rows { result[row["name"]] = row["bytes"] }
            return result
        }
    }
}
