import Foundation
import TestSupport

/// What a run of the real `agenda-sync` binary printed, and its exit status.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension AgendaSyncBinary {
    /// Runs the binary to completion without blocking a cooperative thread (the sample site
    /// serving it lives on the same pool). Bounded: killed after `timeout`.
    /// `executable`: another program to run the same way (default: agenda-sync).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120),
                    executable: String = path) async throws -> CommandResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "AGENDA_SYNC_CONFIG")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let collector = OutputCollector()
        out.fileHandleForReading.readabilityHandler = { handle in collector.append(handle.availableData, stderr: false) }
        err.fileHandleForReading.readabilityHandler = { handle in collector.append(handle.availableData, stderr: true) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error); return }
            let pid = process.processIdentifier
            Task.detached {
                try? await Task.sleep(for: timeout)
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        collector.append(out.fileHandleForReading.readDataToEndOfFile(), stderr: false)
        collector.append(err.fileHandleForReading.readDataToEndOfFile(), stderr: true)
        let (stdout, stderr) = collector.texts
        return CommandResult(status: status, stdout: stdout, stderr: stderr)
    }
}

final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func append(_ data: Data, stderr: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if stderr { err.append(data) } else { out.append(data) }
    }

    var texts: (String, String) {
        lock.lock()
        defer { lock.unlock() }
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// A temporary folder for one test.
func makeFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
