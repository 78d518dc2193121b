#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and validates an agenda-sync config (docs/configuration.md).
///
/// ```swift
/// let path = ConfigPath.resolve(explicit: options.config, environment: ProcessInfo.processInfo.environment)
/// do {
///     let config = try ConfigLoader.load(path: path)
/// } catch {
///     print(error)            // one line per problem: FILE:LINE: KEY: MESSAGE
///     exit(error.exitStatus)  // 2
/// }
/// ```
public enum ConfigLoader {
    /// Reads the file at `path` and validates it. Relative paths inside the config are resolved
    /// against the file's directory (made absolute with the working directory if `path` is relative).
    public static func load(path: String) throws(ConfigError) -> AgendaConfiguration {
        let text = try readFile(path)
        return try decode(text: text, file: path, configFile: absolute(path))
    }

    /// Validates config text; `path` names the file in messages and anchors relative paths
    /// in the config. Does no I/O: files the config names need not exist yet.
    public static func parse(text: String, path: String) throws(ConfigError) -> AgendaConfiguration {
        try decode(text: text, file: path, configFile: path)
    }

    private static func decode(text: String, file: String, configFile: String) throws(ConfigError) -> AgendaConfiguration {
        let scan = TOMLScanner.scan(text)
        let root: [String: TOMLNode]
        do {
            root = try SyntaxGate.parse(text, scan: scan)
        } catch {
            throw .syntax(syntaxIssue(error, file: file))
        }
        var diagnostics = Diagnostics(file: file, locations: KeyLocations(scan))
        guard let configuration = ConfigDecoder.decode(root, configFile: configFile, &diagnostics) else {
            throw .invalid(diagnostics.sortedIssues)
        }
        return configuration
    }

    private static func syntaxIssue(_ error: TOMLSyntaxError, file: String) -> ConfigIssue {
        ConfigIssue(file: file, line: max(1, error.line), column: max(1, error.column), keyPath: nil, message: error.message)
    }

    // MARK: Files

    /// A config is a few kilobytes; this stops `--config /dev/zero` and the like.
    static let maximumFileSize = 1024 * 1024

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    /// The file's text, or `fileNotFound` / `unreadable` with the reason from the OS.
    private static func readFile(_ path: String) throws(ConfigError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .fileNotFound(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }

        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .unreadable(path: path, reason: "it is a directory, not a file")
        }

        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumFileSize {
                throw .unreadable(path: path, reason: "it is larger than 1 MiB, too large for a config file")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return text
    }
}
