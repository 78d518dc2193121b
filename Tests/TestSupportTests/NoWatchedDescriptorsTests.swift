import Foundation
import Testing

/// The suite crashed with SIGSEGV in libdispatch's `_dispatch_event_loop_drain` (its manager
/// thread, while other tests ran): a `FileHandle.readabilityHandler` on a `Pipe` of a `Process`
/// was torn down while libdispatch still watched the descriptor (swift-corelibs-libdispatch issue
/// 949). Nothing in this repository may read a program's output that way again: programs are
/// started by `ChildSpawn` with their output in files.
@Suite struct NoWatchedDescriptorsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func noSourceWatchesADescriptorWithLibdispatchOrReadsAPipe() throws {
        let forbidden = ["readabilityHandler", "writeabilityHandler", "Pipe()", "DispatchSource.makeRead",
                         "DispatchSource.makeWrite", "DispatchIO(", "Process()"]
        var found: [String] = []
        var scanned = 0
        for folder in ["Sources", "Tests", "Benchmarks"] {
            let root = Self.repository.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let file as URL in files where file.pathExtension == "swift" && file.path != URL(fileURLWithPath: #filePath).path {
                scanned += 1
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    for word in forbidden where line.contains(word) {
                        found.append("\(file.path.dropFirst(Self.repository.path.count + 1)):\(number + 1): \(word)")
                    }
                }
            }
        }
        #expect(scanned > 100, "scanned only \(scanned) files under \(Self.repository.path)")
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
