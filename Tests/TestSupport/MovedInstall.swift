extension RawServer {
    /// A council install that moved: every page answers `301 Moved Permanently` to the same page
    /// under `newBase` (ending in "/"). It has no robots.txt (404): a robots.txt redirected off the
    /// site would close the host before any page were asked.
    public static func redirecting(to newBase: String) throws -> RawServer {
        try RawServer { connection in
            guard let head = connection.readRequestHead(), let path = head.split(separator: " ").dropFirst().first else { return }
            let response = path == "/robots.txt" ? "HTTP/1.1 404 Not Found\r\n"
                : "HTTP/1.1 301 Moved Permanently\r\nLocation: \(newBase)\(path.dropFirst())\r\n"
            _ = connection.write(response + "Content-Length: 0\r\nConnection: close\r\n\r\n")
        }
    }
}
