import Foundation
import GRDB

/// Why the store could not do what was asked. SQLite's refusals keep its result code, because
/// they call for different things: a busy or full database passes (wait, free space; a restart or
/// the next cycle succeeds), a read-only, corrupt or unopenable one needs an admin.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The path cannot hold a database (its directory is missing or not writable): a configuration problem.
    case unusablePath(path: String, reason: String)
    /// SQLite refused an operation on the database at `path`.
    case sqlite(SQLiteFailure)
    case corruptRecord(String)
    case notFound(String)
    /// A write that does not fit what is stored (e.g. a version number out of sequence).
    case conflict(String)

    init(_ error: any Error, path: String, opening: Bool = false) {
        if let error = error as? StoreError {
            self = error
        } else if let error = error as? DatabaseError {
            self = .sqlite(SQLiteFailure(path: path, extendedCode: error.extendedResultCode.rawValue,
                                         message: error.message ?? "\(error.resultCode)", opening: opening))
        } else {
            self = .sqlite(SQLiteFailure(path: path, extendedCode: ResultCode.SQLITE_ERROR.rawValue,
                                         message: "\(error)", opening: opening))
        }
    }

    /// The kind of SQLite refusal, if this is one.
    public var sqliteKind: SQLiteFailure.Kind? {
        if case .sqlite(let failure) = self { return failure.kind }
        return nil
    }

    /// True when the problem can pass by itself: another process holds the database, or the disk
    /// is full. The CLI exits 1 (not 2, "fix the config") for these, and `run` retries.
    public var isTransient: Bool {
        switch sqliteKind {
        case .busy?, .full?: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .unusablePath(let path, let reason): "cannot open database \(path): \(reason)"
        case .sqlite(let failure): failure.description
        case .corruptRecord(let message): "corrupt stored record: \(message)"
        case .notFound(let message): message
        case .conflict(let message): "database error: \(message)"
        }
    }
}

/// A refusal from SQLite: its extended result code, its message, and what it means for the admin.
public struct SQLiteFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock past the busy timeout.
        case busy
        /// SQLITE_FULL: the file system has no room for the write.
        case full
        /// SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged or is not a database.
        case corrupt
        /// SQLITE_READONLY / SQLITE_PERM: the file or its directory cannot be written.
        case readOnly
        /// SQLITE_CANTOPEN: the file cannot be opened or created.
        case cannotOpen
        case other
    }

    public var path: String
    /// SQLite's extended result code (the primary code is its low byte).
    public var extendedCode: Int32
    public var message: String
    /// True when it happened while opening the database (and applying migrations).
    public var opening: Bool

    public var primaryCode: Int32 { extendedCode & 0xFF }

    public var kind: Kind {
        switch ResultCode(rawValue: primaryCode) {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
        case .SQLITE_FULL: .full
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: .corrupt
        case .SQLITE_READONLY, .SQLITE_PERM: .readOnly
        case .SQLITE_CANTOPEN: .cannotOpen
        default: .other
        }
    }

    public var description: String {
        let sqlite = "(SQLite \(extendedCode): \(message))"
        let verb = opening ? "cannot open database \(path)" : "database \(path)"
        switch kind {
        case .busy:
            return "\(verb): it is locked: another sync/run holds the database \(sqlite); "
                + "it passes when that process is done — try again"
        case .full:
            return "\(verb): the disk is full \(sqlite); free space on its file system — nothing committed is lost, "
                + "and what failed is retried"
        case .corrupt:
            return "\(verb): the file is damaged or not an agenda-sync database \(sqlite); stop agenda-sync, keep a "
                + "copy, then restore a backup or rebuild it with `sqlite3 \(path) .recover`"
        case .readOnly:
            return "\(verb): it is read-only \(sqlite); the user running agenda-sync must own the file and be able to "
                + "write its directory (for the -wal and -shm files)"
        case .cannotOpen:
            return "\(verb) \(sqlite); check that the path is a file the user running agenda-sync can read and write"
        case .other:
            return "\(verb): \(sqlite)"
        }
    }
}
