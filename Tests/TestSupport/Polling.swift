import Foundation

/// Polls `condition` every `interval` until it holds or `timeout` passes; true when it held. The
/// condition is asked once more at the deadline, so a slow machine never loses a last chance.
/// For waits whose bound only separates "prompt" from "hung".
public func eventually(timeout: Duration = .seconds(40), every interval: Duration = .milliseconds(20),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// `eventually`, throwing `WaitTimedOut` (which names `what`) when the condition never held.
public func waitFor(timeout: Duration, _ what: String = "condition", every interval: Duration = .milliseconds(5),
                    _ condition: () async -> Bool) async throws {
    guard await eventually(timeout: timeout, every: interval, condition) else {
        throw WaitTimedOut(description: "timed out after \(timeout) waiting for \(what)")
    }
}

public struct WaitTimedOut: Error, CustomStringConvertible {
    public var description: String
}

/// `waitFor` for a plain thread (a raw server's handler), blocking it: polls every 5 ms.
public func waitUntil(timeout: Duration, _ what: String = "condition", _ condition: () -> Bool) throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(description: "timed out after \(timeout) waiting for \(what)") }
        usleep(5_000)
    }
}
