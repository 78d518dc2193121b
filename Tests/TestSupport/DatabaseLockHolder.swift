/// Another process holding an SQLite database's write lock (`BEGIN IMMEDIATE`, Python's sqlite3
/// module) until `stop()`: what a concurrent `agenda-sync sync` or `run` looks like to the one that
/// loses the race.
public final class DatabaseLockHolder: @unchecked Sendable {
    private let process: ScriptProcess

    /// Starts the holder and returns once it has the lock. It first commits a no-op write, as a
    /// working agenda-sync leaves the database: the WAL is not empty, so another process opens the
    /// database without the write lock and meets the lock at its first write.
    public init(database: String, logPath: String) async throws {
        process = try ScriptProcess(executable: ScriptProcess.python, arguments: ["-u", "-c", """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            connection.execute("PRAGMA user_version = %d" % version)
            connection.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(300)
            """, database], logPath: logPath)
        do {
            _ = try await process.waitForLine("locked")
        } catch {
            process.stop()
            throw error
        }
    }

    /// Ends the holder (and so releases the lock) and waits for it to be gone.
    public func stop() async {
        process.stop()
        _ = await process.waitForExit(timeout: .seconds(20))
    }

    deinit { process.stop() }
}
