import Foundation
import Testing
import TestSupport

/// The link settings that keep every run's resident memory down (README "Benchmarks"), read from the
/// built `agenda-sync` by binutils' `readelf`: relative relocations packed (DT_RELR) rather than one
/// 24-byte RELA entry each, and no exported symbols.
@Suite struct LinkSettingsTests {
    func readelf(_ arguments: [String]) async throws -> String {
        let result = try await ScriptProcess.run(executable: "/usr/bin/readelf", arguments: arguments + [AgendaSyncBinary.path])
        #expect(result.status == 0, "readelf \(arguments): \(result.stderr)")
        return result.stdout
    }

    @Test func relativeRelocationsArePacked() async throws {
        let dynamic = try await readelf(["--dynamic", "-W"])
        #expect(dynamic.contains("(RELR)"), "no DT_RELR entry in the dynamic section")
        // `readelf --relocs` lists each section under "Relocation section 'NAME' …": none of the
        // relative relocations (~100,000 in a gold-linked release build) may be left in .rela.dyn.
        var section = ""
        var unpacked = 0
        var sections: [String] = []
        for line in try await readelf(["--relocs", "-W"]).split(separator: "\n") {
            if line.hasPrefix("Relocation section '") {
                section = String(line.split(separator: "'")[1])
                sections.append(section)
            } else if section == ".rela.dyn", line.contains("_RELATIVE") {
                unpacked += 1
            }
        }
        #expect(sections.contains(".relr.dyn"), "relocation sections: \(sections)")
        #expect(unpacked == 0, "\(unpacked) relative relocations unpacked in .rela.dyn")
    }

    @Test func noSymbolIsExported() async throws {
        let symbols = try await readelf(["--dyn-syms", "-W"])
        // `Num: Value Size Type Bind Vis Ndx Name`: a defined symbol has a section index, an imported one UND.
        let defined = symbols.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ")
            return fields.count >= 8 && fields[0].hasSuffix(":") && Int(fields[0].dropLast()) != nil && fields[6] != "UND"
        }
        // With the driver's default -export-dynamic there were ~19,700; without, none (a few entry
        // points a toolchain might add are allowed for).
        #expect(defined.count < 100, "\(defined.count) defined dynamic symbols, e.g. \(defined.prefix(3))")
    }
}
