import AgendaConfig
import Testing

@Suite("log_retention, outbox_retention, page_retention")
struct RetentionConfigTests {
    @Test func defaultsKeepThirtyDaysOfLogAndOutboxAndEveryPage() throws {
        let daemon = try parseValid(minimalPrefix).daemon
        #expect(daemon.logRetention == ConfigDuration(seconds: 30 * 86_400)!)
        #expect(daemon.outboxRetention == ConfigDuration(seconds: 30 * 86_400)!)
        #expect(daemon.pageRetention == nil)
    }

    @Test func setValuesAreRead() throws {
        let daemon = try parseValid(minimalPrefix.replacingFirst("[daemon]\n", with: """
            [daemon]
            log_retention = "7d"
            outbox_retention = "90d"
            page_retention = "1d12h"

            """)).daemon
        #expect(daemon.logRetention == ConfigDuration(seconds: 7 * 86_400)!)
        #expect(daemon.outboxRetention == ConfigDuration(seconds: 90 * 86_400)!)
        #expect(daemon.pageRetention == ConfigDuration(seconds: 36 * 3_600)!)
    }

    @Test func badValuesNameTheKeyAndTheMaximum() {
        let lines = errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: """
            [daemon]
            log_retention = "3651d"
            outbox_retention = 30
            page_retention = "keep"

            """))
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains { $0.contains(":2: daemon.log_retention: \"3651d\" is longer than the maximum, \"3650d\"") }, "\(lines)")
        #expect(lines.contains { $0.contains(":3: daemon.outbox_retention:") && $0.contains("\"30m\" or \"30s\"") }, "\(lines)")
        #expect(lines.contains { $0.contains(":4: daemon.page_retention:") }, "\(lines)")
    }
}
