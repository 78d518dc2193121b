/// Source and subscription ids: `[a-z0-9][a-z0-9_-]*`, at most 64 characters. They appear in
/// meeting ids (`leics/7892`), notice ids, command lines and file names, so they stay plain.
enum Identifier {
    static let maximumLength = 64

    /// Nil when valid, else why not.
    static func problem(_ id: String) -> String? {
        guard !id.isEmpty else { return "must not be empty" }
        guard id.utf8.count <= maximumLength else { return "\"\(id)\" is longer than \(maximumLength) characters" }
        let scalars = Array(id.unicodeScalars)
        let valid = Self.isLowerAlphanumeric(scalars[0])
            && scalars.dropFirst().allSatisfy { Self.isLowerAlphanumeric($0) || $0 == "_" || $0 == "-" }
        guard valid else {
            let lowered = id.lowercased()
            let hint = lowered != id && problem(lowered) == nil ? " (e.g. \"\(lowered)\")" : ""
            return "\"\(id)\" is not a valid id: use lower-case letters, digits, \"_\" and \"-\", starting with a letter or digit\(hint)"
        }
        return nil
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
