import AgendaConfig
import Testing

@Suite("TOML syntax errors")
struct SyntaxErrorTests {
    @Test func missingValueHasLineAndColumn() throws {
        let error = try #require(parseError("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        interval =
        mail_from = "alerts@example.org"
        """))
        guard case .syntax(let issue) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(issue.line == 3)
        #expect(issue.column == 11)
        #expect(issue.keyPath == nil)
        #expect(error.description
            == "/etc/agenda-sync/agenda-sync.toml:3:11: TOML syntax error: expected a value, saw the end of the line")
        #expect(error.issues == [issue])
        #expect(error.exitStatus == 2)
    }

    @Test func aKeyDefinedTwiceIsASyntaxError() throws {
        let error = try #require(parseError("""
        [daemon]
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        interval = "30m"
        interval = "15m"
        """))
        #expect(error.description == "/etc/agenda-sync/agenda-sync.toml:4:12: "
            + "TOML syntax error while parsing key-value pair: cannot redefine existing string 'interval'")
    }

    @Test func unterminatedString() throws {
        let error = try #require(parseError("""
        [daemon]

        user_agent = "agenda-sync/1.0
        """))
        #expect(error.description
            == "/etc/agenda-sync/agenda-sync.toml:3:30: TOML syntax error: expected '\"' to close the string, saw the end of the file")
    }

    @Test(arguments: [
        ("a = [1, }\n", 1, 9, "expected a value, saw '}'"),
        ("a = { b = 1 }}\n", 1, 14, "expected the end of the line, saw '}'"),
        ("a = 1 b = 2\n", 1, 7, "expected the end of the line, saw 'b'"),
    ])
    func misplacedCharacters(text: String, line: Int, column: Int, message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.issues == [ConfigIssue(file: configPath, line: line, column: column, keyPath: nil,
                                             message: "TOML syntax error: " + message)])
    }
}
