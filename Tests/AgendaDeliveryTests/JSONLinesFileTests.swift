import AgendaDelivery
import Foundation
import Testing
import TestSupport

@Suite struct JSONLinesFileTests {
    func temporaryPath() throws -> String {
        try makeTemporaryFolder("jsonl") + "/notices.jsonl"
    }

    @Test func appendsWholeLinesInOrder() throws {
        let path = try temporaryPath()
        let file = JSONLinesFile(path: path)
        try file.append([Array(#"{"id":"a"}"#.utf8), Array(#"{"id":"b"}"#.utf8)])
        try file.append([Array(#"{"id":"c"}"#.utf8)])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n")
    }

    @Test func aPartialLineLeftByACrashIsCutBeforeTheNextAppend() throws {
        let path = try temporaryPath()
        try Data("{\"id\":\"a\"}\n{\"id\":\"b\",\"ty".utf8).write(to: URL(fileURLWithPath: path))
        try JSONLinesFile(path: path).append([Array(#"{"id":"c"}"#.utf8)])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"a\"}\n{\"id\":\"c\"}\n")
    }

    @Test func aFileHoldingOnlyAPartialLineIsEmptiedFirst() throws {
        let path = try temporaryPath()
        try Data("{\"id\":".utf8).write(to: URL(fileURLWithPath: path))
        try JSONLinesFile(path: path).append([Array(#"{"id":"c"}"#.utf8)])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"c\"}\n")
    }

    @Test func aLineWithANewlineIsRefusedAndNothingIsWritten() throws {
        let path = try temporaryPath()
        #expect(throws: DeliveryError.self) {
            try JSONLinesFile(path: path).append([Array("{}".utf8), Array("{\n}".utf8)])
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anUnwritableFolderIsAClearError() {
        #expect {
            try JSONLinesFile(path: "/nonexistent-agenda-dir/notices.jsonl").append([Array("{}".utf8)])
        } throws: { error in
            "\(error)" == "open /nonexistent-agenda-dir/notices.jsonl: No such file or directory"
        }
    }

    // MARK: What the channel refuses to write to

    /// A file whose last line is not whole: an append to it (or through a link to it) would cut it.
    private func victim(beside path: String) throws -> (path: String, content: Data) {
        let victim = (path as NSString).deletingLastPathComponent + "/victim.bin"
        let content = Data("SQLite format 3\0 pages\nwithout a final newline".utf8)
        try content.write(to: URL(fileURLWithPath: victim))
        return (victim, content)
    }

    @Test func aSymbolicLinkIsRefusedAndItsTargetIsNotTouched() throws {
        let path = try temporaryPath()
        let victim = try victim(beside: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim.path)
        #expect {
            try JSONLinesFile(path: path).append([Array("{}".utf8)])
        } throws: { error in
            "\(error)" == "refusing to write notices to \(path): it is a symbolic link; set `path` to the file itself"
        }
        #expect(FileManager.default.contents(atPath: victim.path) == victim.content)
    }

    @Test func aDeviceOrAFIFOIsRefusedWithoutWaiting() throws {
        #expect {
            try JSONLinesFile(path: "/dev/full").append([Array("{}".utf8)])
        } throws: { error in
            "\(error)" == "refusing to write notices to /dev/full: it is a character device; "
                + "the file channel appends only to a regular file"
        }
        let fifo = try temporaryPath()
        #expect(mkfifo(fifo, 0o600) == 0)
        // No reader: a blocking open would hang here forever.
        #expect(throws: DeliveryError.self) { try JSONLinesFile(path: fifo).append([Array("{}".utf8)]) }
        let directory = (try temporaryPath() as NSString).deletingLastPathComponent
        #expect(throws: DeliveryError.self) { try JSONLinesFile(path: directory).append([Array("{}".utf8)]) }
    }

    @Test func aProtectedFileReachedByAnotherNameIsRefusedUncut() throws {
        let path = try temporaryPath()
        let victim = try victim(beside: path)
        #expect(link(victim.path, path) == 0)
        #expect {
            try JSONLinesFile(path: path, protectedFiles: [victim.path]).append([Array("{}".utf8)])
        } throws: { error in
            "\(error)" == "refusing to write notices to \(path): it is \(victim.path), which notices must never be written into"
        }
        #expect(FileManager.default.contents(atPath: victim.path) == victim.content)
        // Any other file next to it is still written.
        let other = (path as NSString).deletingLastPathComponent + "/other.jsonl"
        try JSONLinesFile(path: other, protectedFiles: [victim.path]).append([Array("{}".utf8)])
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "{}\n")
    }

    @Test func concurrentWritersNeverInterleave() async throws {
        let path = try temporaryPath()
        let line = Array(("{\"pad\":\"" + String(repeating: "x", count: 9000) + "\"}").utf8)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<25 { try? JSONLinesFile(path: path).append([line]) }
                }
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 201)  // 200 lines + the empty string after the final newline
        #expect(lines.dropLast().allSatisfy { $0.utf8.count == line.count })
    }
}
