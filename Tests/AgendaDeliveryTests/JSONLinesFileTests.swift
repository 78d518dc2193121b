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
