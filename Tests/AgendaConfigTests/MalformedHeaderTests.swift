import AgendaConfig
import Testing

/// toml++ 3.4.0, under TOMLKit 0.6.0, aborts the process on these headers (marzer/tomlplusplus#301)
/// and on `}` where an array element belongs (SyntaxErrorTests). The loader must report them as
/// syntax errors instead. A regression here crashes the test run.
@Suite("Malformed table headers")
struct MalformedHeaderTests {
    @Test(arguments: [
        ("[daemon]\nuser_agent = \"a (+mailto:a@example.org)\"\n[{source]]\nid = \"x\"\n", 3, 2, "'[', saw '{'"),
        ("[[[source]]]\n", 1, 3, "'[[', saw '['"),
        ("# a comment\n[=x]\n", 2, 2, "'[', saw '='"),
        ("[\n", 1, 2, "'[', saw the end of the line"),
        ("[\r\nx = 1\r\n", 1, 2, "'[', saw the end of the line"),
        ("x = 1\n  [ # comment\n", 2, 5, "'[', saw a comment"),
        ("[[ é]]\n", 1, 4, "'[[', saw 'é'"),
    ])
    func reportedNotCrashed(text: String, line: Int, column: Int, after: String) throws {
        let error = try #require(parseError(text))
        #expect(error.issues == [ConfigIssue(
            file: configPath, line: line, column: column, keyPath: nil,
            message: "TOML syntax error: expected a table name after \(after)")])
    }

    @Test func anEarlierErrorFoundByTOMLKitIsTheOneReported() throws {
        let error = try #require(parseError("a = 1\na = 2\n[{x]\n"))
        #expect(error.description == "/etc/agenda-sync/agenda-sync.toml:2:5: "
            + "TOML syntax error while parsing key-value pair: cannot redefine existing integer 'a'")
    }

    @Test func aBracketLineInsideAnArrayIsAnElement() throws {
        let error = try #require(parseError("[daemon]\nx = [1,\n[{y]\n"))
        #expect(error.description
            == "/etc/agenda-sync/agenda-sync.toml:3:4: TOML syntax error: expected '=' after the key, saw ']'")
    }

    @Test func bracketsInsideValuesAreNotHeaders() {
        #expect(errorLines(minimalPrefix + """
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "/var/lib/agenda-sync/notices.jsonl"
        keywords = [
        ["nested"],
        ]
        note = \"\"\"
        [{not a header]
        [
        \"\"\"
        """) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].keywords[0]: must be a string, not an array",
            "/etc/agenda-sync/agenda-sync.toml:15: subscription[0].note: unknown key `note` in [[subscription]]",
        ])
    }
}
