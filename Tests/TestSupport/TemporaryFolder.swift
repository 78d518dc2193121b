import Foundation

/// A fresh folder under the system's temporary directory, named `PREFIX-UUID`: one per test, so
/// tests running in parallel never share a path.
public func makeTemporaryFolder(_ prefix: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}
