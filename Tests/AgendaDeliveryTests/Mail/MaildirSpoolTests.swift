import AgendaDelivery
import AgendaModel
import Foundation
import Testing

@Suite("Maildir spool")
struct MaildirSpoolTests {
    let fileManager = FileManager.default

    func message(_ notice: Notice = MailFixtures.plain) throws -> MailMessage {
        NoticeMail.message(for: notice, settings: try MailFixtures.settings(), date: MailFixtures.date)
    }

    func names(_ folder: String) throws -> [String] {
        try fileManager.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func createsTheLayoutPrivately() throws {
        let folder = try MailFixtures.temporaryFolder("layout")
        defer { MailFixtures.remove(folder) }
        let path = folder + "/a/b/spool"
        let spool = try MaildirSpool(path: path)
        for folder in ["", "/tmp", "/new", "/cur"] {
            let attributes = try fileManager.attributesOfItem(atPath: path + folder)
            #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o700)
        }
        _ = try MaildirSpool(path: spool.path)  // an existing spool opens again
    }

    @Test func deliversWholeIntoNewAndLeavesNothingInTmp() throws {
        let folder = try MailFixtures.temporaryFolder("deliver")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let message = try message()
        #expect(try spool.deliver(message) == .written)
        #expect(try names(spool.path + "/new") == [message.fileName])
        #expect(try names(spool.path + "/tmp") == [])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: spool.path + "/new/" + message.fileName))) == message.bytes)
    }

    @Test func aRedeliveryReplacesRatherThanDuplicates() throws {
        let folder = try MailFixtures.temporaryFolder("redeliver")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let first = try message()
        let again = NoticeMail.message(for: MailFixtures.plain, settings: try MailFixtures.settings(),
                                       date: MailFixtures.date.addingTimeInterval(600))
        #expect(try spool.deliver(first) == .written)
        #expect(try spool.deliver(again) == .written)
        #expect(try names(spool.path + "/new") == [first.fileName])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: spool.path + "/new/" + first.fileName))) == again.bytes)
    }

    @Test(arguments: [":2,S", ":2,", ""])
    func aMessageTheRelayMovedToCurIsNotWrittenAgain(suffix: String) throws {
        let folder = try MailFixtures.temporaryFolder("cur")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let message = try message()
        #expect(try spool.deliver(message) == .written)
        try fileManager.moveItem(atPath: spool.path + "/new/" + message.fileName,
                                 toPath: spool.path + "/cur/" + message.fileName + suffix)
        #expect(try spool.deliver(message) == .alreadySent)
        #expect(try names(spool.path + "/new") == [])
        #expect(try names(spool.path + "/tmp") == [])
    }

    @Test func anotherNameSharingThePrefixDoesNotCountAsSent() throws {
        let folder = try MailFixtures.temporaryFolder("prefix")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let message = try message()
        _ = fileManager.createFile(atPath: spool.path + "/cur/" + message.fileName + "x:2,S", contents: Data())
        #expect(try spool.deliver(message) == .written)
    }

    @Test func aPathThatIsAFileIsAClearError() throws {
        let folder = try MailFixtures.temporaryFolder("file")
        defer { MailFixtures.remove(folder) }
        let file = folder + "/spool"
        _ = fileManager.createFile(atPath: file, contents: Data("x".utf8))
        #expect {
            try MaildirSpool(path: file)
        } throws: { error in
            "\(error)" == "the Maildir spool path \(file) cannot be used: it is not a directory"
        }
        #expect {
            try MaildirSpool(path: file + "/below")
        } throws: { error in
            "\(error)" == "stat \(file)/below: Not a directory"
        }
    }

    @Test func aBrokenLayoutIsAClearError() throws {
        let folder = try MailFixtures.temporaryFolder("broken")
        defer { MailFixtures.remove(folder) }
        let path = folder + "/spool"
        try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = fileManager.createFile(atPath: path + "/new", contents: Data())
        #expect {
            try MaildirSpool(path: path)
        } throws: { error in
            "\(error)" == "the Maildir spool path \(path)/new cannot be used: it is not a directory"
        }
    }

    @Test func aFailedDeliveryThrowsAndLeavesNoPartialFile() throws {
        let folder = try MailFixtures.temporaryFolder("fail")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let message = try message()
        // A non-empty directory where the message should go: rename(2) fails.
        try fileManager.createDirectory(atPath: spool.path + "/new/" + message.fileName + "/x", withIntermediateDirectories: true)
        #expect {
            try spool.deliver(message)
        } throws: { error in
            "\(error)".hasPrefix("rename \(spool.path)/tmp/\(message.fileName).P")
                && "\(error)".hasSuffix(" to \(spool.path)/new/\(message.fileName): Is a directory")
        }
        #expect(try names(spool.path + "/tmp") == [])
        #expect(try names(spool.path + "/new") == [message.fileName])
        #expect(try names(spool.path + "/new/" + message.fileName) == ["x"])
    }

    @Test func aSpoolRemovedAfterOpeningIsAClearError() throws {
        let folder = try MailFixtures.temporaryFolder("gone")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        try fileManager.removeItem(atPath: spool.path)
        #expect {
            try spool.deliver(try message())
        } throws: { error in
            "\(error)" == "read directory \(spool.path)/cur: No such file or directory"
        }
    }

    @Test func staleTemporaryFilesAreRemovedAfter36Hours() throws {
        let folder = try MailFixtures.temporaryFolder("stale")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        let now = Date(timeIntervalSince1970: 1_795_935_248)
        for (name, age) in [("old", 37.0 * 3600), ("young", 35.0 * 3600), ("fresh", 0)] {
            let file = spool.path + "/tmp/" + name
            _ = fileManager.createFile(atPath: file, contents: Data("partial".utf8))
            try fileManager.setAttributes([.modificationDate: now.addingTimeInterval(-age)], ofItemAtPath: file)
        }
        #expect(try spool.removeStaleTemporaryFiles(now: now) == 1)
        #expect(try names(spool.path + "/tmp") == ["fresh", "young"])
        #expect(try spool.removeStaleTemporaryFiles(olderThan: .seconds(3600), now: now) == 1)
        #expect(try names(spool.path + "/tmp") == ["fresh"])
    }

    @Test func leftoversOfAWriterThatNoLongerRunsAreRemoved() throws {
        let folder = try MailFixtures.temporaryFolder("orphan")
        defer { MailFixtures.remove(folder) }
        let spool = try MaildirSpool(path: folder + "/spool")
        // A pid above the kernel's pid_max can never run; our own pid runs.
        let names = ["ntc_a.agenda-sync.P4194305R1f", "ntc_b.agenda-sync.P\(getpid())R2e", "ntc_c.agenda-sync"]
        for name in names {
            _ = fileManager.createFile(atPath: spool.path + "/tmp/" + name, contents: Data("partial".utf8))
        }
        #expect(try spool.removeStaleTemporaryFiles() == 1)
        #expect(try self.names(spool.path + "/tmp") == names.dropFirst().sorted())
    }
}
