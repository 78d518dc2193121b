@testable import AgendaDelivery
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Atomic file replacement")
struct AtomicFileTests {
    func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func replacesTheWholeFileReadableByAll() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = AtomicFile(path: folder + "/meetings.ics")
        #expect(try file.contents() == nil)
        let previous = umask(0o077)
        defer { umask(previous) }
        try file.replace(with: Array("first\r\n".utf8))
        #expect(try file.contents() == Array("first\r\n".utf8))
        #expect(mode(file.path) == 0o644, "published files are readable whatever the umask")
        try file.replace(with: Array("second".utf8))
        #expect(try file.contents() == Array("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["meetings.ics"], "no temporary file left")
    }

    @Test func refusesALinkADirectoryAndAMissingFolder() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/database.sqlite"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.ics", withDestinationPath: target)
        #expect(throws: DeliveryError.refused(path: folder + "/link.ics",
                                              reason: "it is a symbolic link; set `path` to the file itself")) {
            try AtomicFile(path: folder + "/link.ics").replace(with: [1])
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        try FileManager.default.createDirectory(atPath: folder + "/dir.ics", withIntermediateDirectories: false)
        #expect(throws: DeliveryError.refused(path: folder + "/dir.ics", reason: "it is a directory; set `path` to a file in it")) {
            try AtomicFile(path: folder + "/dir.ics").replace(with: [1])
        }
        #expect(throws: DeliveryError.refused(path: folder + "/missing/feed.atom",
                                              reason: "its directory \(folder)/missing does not exist; create it (only the file is created)")) {
            try AtomicFile(path: folder + "/missing/feed.atom").replace(with: [1])
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/missing"))
    }

    @Test func leftoversOfADeadWriterAreRemovedOthersKept() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = AtomicFile(path: folder + "/feed.atom")
        // A writer that no longer runs (pid 2^22+1 is above Linux's pid_max default), and this process's own.
        let dead = folder + "/.feed.atom.tmp.P4194305R1f"
        let live = folder + "/.feed.atom.tmp.P\(getpid())R2f"
        let other = folder + "/.other.atom.tmp.P4194305R3f"
        for path in [dead, live, other] { try Data("partial".utf8).write(to: URL(fileURLWithPath: path)) }
        try file.replace(with: Array("whole".utf8))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other), "another file's temporaries are not ours")
        #expect(try file.contents() == Array("whole".utf8))
    }
}
