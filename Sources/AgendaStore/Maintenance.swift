import Foundation
import GRDB

/// What `backup` wrote (`agenda-sync backup --json` prints it).
public struct BackupResult: Sendable, Equatable, Codable {
    public var path: String
    public var bytes: Int
    /// `PRAGMA integrity_check` of the copy: "ok" for a good one.
    public var integrity: String
}

/// What `vacuum` did to the file (`agenda-sync vacuum --json` prints it).
public struct VacuumResult: Sendable, Equatable, Codable {
    public var bytesBefore: Int
    public var bytesAfter: Int

    enum CodingKeys: String, CodingKey { case bytesBefore = "bytes_before", bytesAfter = "bytes_after" }
}

extension AgendaStore {
    /// Writes a consistent copy of the live database to `path` with SQLite's online backup: every
    /// page copied in one step inside one read transaction, a snapshot that writers (a running
    /// daemon) neither block nor disturb. The copy is written beside `path`, checked with
    /// `integrity_check`, and renamed to `path` only when it is "ok"; a copy that is not is removed
    /// and its answer returned. `path` must not exist yet, and its directory must.
    public func backup(to path: String) throws(StoreError) -> BackupResult {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path) else {
            throw .unusablePath(path: path, reason: "it exists already; name a new file (a backup never overwrites one)")
        }
        let partial = path + ".partial"
        try? fileManager.removeItem(atPath: partial)
        do {
            let destination = try DatabaseQueue(path: partial)
            try pool.backup(to: destination)
            // A self-contained file: no -wal to carry along with it.
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            let integrity = try destination.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
            try destination.close()
            guard integrity == "ok" else {
                try? fileManager.removeItem(atPath: partial)
                return BackupResult(path: path, bytes: 0, integrity: integrity)
            }
            try fileManager.moveItem(atPath: partial, toPath: path)
            return BackupResult(path: path, bytes: Self.fileSize(path), integrity: integrity)
        } catch let error as StoreError {
            try? fileManager.removeItem(atPath: partial)
            throw error
        } catch {
            try? fileManager.removeItem(atPath: partial)
            throw StoreError(error, path: path)
        }
    }

    /// `VACUUM`, then a checkpoint that truncates the WAL: the file shrinks to what its rows need
    /// (after a retention change removed many). Holds the write lock while it runs; a daemon's
    /// writes wait for it (or give up as busy past the busy timeout, and retry next cycle).
    public func vacuum() throws(StoreError) -> VacuumResult {
        let before = Self.fileSize(path) + Self.fileSize(path + "-wal")
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw StoreError(error, path: path)
        }
        return VacuumResult(bytesBefore: before, bytesAfter: Self.fileSize(path) + Self.fileSize(path + "-wal"))
    }

    /// The database file's size in bytes (0 when it does not exist).
    public static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
