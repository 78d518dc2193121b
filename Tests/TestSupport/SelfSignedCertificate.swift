import Foundation

/// A self-signed certificate for 127.0.0.1 (`openssl req -x509`, EC P-256, one day), as
/// (certificate path, key path) in `folder`. The certificate is its own CA (e.g. for `caFile`).
public func makeSelfSignedCertificate(in folder: String) async throws -> (certificate: String, key: String) {
    let certificate = folder + "/cert.pem"
    let key = folder + "/key.pem"
    let openssl = try await ScriptProcess.run(executable: "/usr/bin/openssl", arguments: [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1",
    ], timeout: .seconds(30))
    guard openssl.status == 0 else { throw ScriptProcess.NotReady(log: openssl.stdout + openssl.stderr) }
    return (certificate, key)
}
