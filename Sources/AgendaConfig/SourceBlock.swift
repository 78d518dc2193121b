/// A `[[source]]` table written for the config, as `agenda-sync committees --toml` prints it:
/// ready to paste, and accepted by `check-config` as it is. Council text (names, group headings)
/// goes only into TOML basic strings, escaped, or into comments, with every control or
/// line-breaking character replaced by a space, so no name can end a comment or a string early.
public struct SourceBlock: Sendable {
    public struct Committee: Sendable {
        public var id: Int
        public var name: String
        /// The heading the council lists it under; a comment line before the first of each group.
        public var group: String?

        public init(id: Int, name: String, group: String?) {
            self.id = id
            self.name = name
            self.group = group
        }
    }

    public var id: String
    public var name: String
    /// A comment after the name, e.g. that it is only a stand-in for the council's name.
    public var nameNote: String?
    public var baseURL: String
    /// Each written with its name as a comment; none writes no `committees` key (every committee).
    public var committees: [Committee]
    /// Comment lines above the table (e.g. where the committees were read).
    public var notes: [String]

    public init(id: String, name: String, nameNote: String? = nil, baseURL: String, committees: [Committee], notes: [String] = []) {
        self.id = id
        self.name = name
        self.nameNote = nameNote
        self.baseURL = baseURL
        self.committees = committees
        self.notes = notes
    }

    public var toml: String {
        var lines = notes.map { "# " + Self.comment($0) }
        lines += ["[[source]]", "id = \(Self.string(id))", "name = \(Self.string(name))" + (nameNote.map { "  # " + Self.comment($0) } ?? ""),
                  "base_url = \(Self.string(baseURL))"]
        if committees.isEmpty {
            lines.append("# no committees listed: without a committees key every committee is watched")
        } else {
            lines.append("committees = [")
            var group: String?
            for committee in committees {
                if let heading = committee.group, heading != group { lines.append("    # " + Self.comment(heading)) }
                group = committee.group
                lines.append("    \(committee.id),  # " + Self.comment(committee.name))
            }
            lines.append("]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string: `"`, `\` and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Text safe inside a TOML comment and on one line: control characters (tab included) and
    /// Unicode's line and paragraph separators become spaces.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x00 ... 0x1F, 0x7F ... 0x9F, 0x2028, 0x2029: " "
            default: scalar
            }
        }))
    }
}
