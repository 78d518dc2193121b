import Foundation
import Testing

/// The config is read before anything is delivered, and by every command: it must not depend on a
/// delivery channel. The checks both need (mailboxes, List-Unsubscribe URLs) live in AgendaCore.
struct ModuleBoundaryTests {
    @Test func agendaConfigDoesNotDependOnAgendaDelivery() throws {
        let root = repositoryRoot()
        let folder = root + "/Sources/AgendaConfig"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("import AgendaDelivery") }, "\(file) imports AgendaDelivery")
        }
        let manifest = try String(contentsOfFile: root + "/Package.swift", encoding: .utf8)
        let target = try #require(manifest.split(separator: "\n").first { $0.contains(".target(name: \"AgendaConfig\"") })
        #expect(!target.contains("\"AgendaDelivery\""), "\(target)")
    }
}
