import AgendaConfig
import AgendaCore
@testable import AgendaDaemon
import Testing

/// The listener's socket lives as long as the process: a reload cannot move it.
struct ReloadCheckTests {
    @Test func httpListenNeedsARestart() {
        let old = DaemonConfiguration(userAgent: "agenda-sync/1.0 (+mailto:admin@example.org)")
        var new = old
        new.httpListen = HTTPListenAddress(address: IPAddress("127.0.0.1")!, port: 9465)
        #expect(ReloadCheck.restartOnlyChanges(from: old, to: new) == ["daemon.http_listen"])
        var later = new
        later.interval = ConfigDuration(seconds: 60)!
        #expect(ReloadCheck.restartOnlyChanges(from: new, to: later).isEmpty)
    }
}
