import AgendaDelivery
import Foundation
import Testing

@Suite("Webhook retry schedule")
struct WebhookRetryScheduleTests {
    let schedule = WebhookRetrySchedule.standard
    let middle: () -> Double = { 0.5 }   // jitter factor exactly 1

    @Test("Standard Webhooks: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, then dead")
    func standardSchedule() {
        let waits = (1...9).map { schedule.delay(afterAttempt: $0, random: middle) }
        #expect(waits == [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400])
        #expect(schedule.delay(afterAttempt: 10, random: middle) == nil)
        #expect(schedule.delay(afterAttempt: 11, random: middle) == nil)
        #expect(schedule.delay(afterAttempt: 0, random: middle) == nil)
        #expect(schedule.maxAttempts == 10)
        let total = waits.compactMap { $0 }.reduce(0, +)
        #expect(total == 272_105)   // ≈ 75.6 h ≈ 3 days
    }

    @Test("jitter scales each wait within ±10%, from the injected random source")
    func jitter() throws {
        #expect(schedule.delay(afterAttempt: 2, random: { 0 }) == 270)
        let high = try #require(schedule.delay(afterAttempt: 2, random: { 0.999_999 }))
        #expect(high > 329.99 && high < 330)
        #expect(schedule.delay(afterAttempt: 9, random: { 0.25 }) == 86400 * 0.95)
        // The default source stays in bounds (bounded sample).
        for attempt in 1...9 {
            let base = WebhookRetrySchedule.standardDelays[attempt - 1]
            for _ in 0..<200 {
                let wait = try #require(schedule.delay(afterAttempt: attempt))
                #expect(wait >= base * 0.9 && wait < base * 1.1)
            }
        }
        #expect(WebhookRetrySchedule(jitter: 0).delay(afterAttempt: 1, random: { 0 }) == 5)
    }

    @Test("throttled waits the longer of the schedule and Retry-After, capped at 24 h")
    func throttled() {
        #expect(schedule.delay(after: .throttled(status: 429, retryAfter: 1), attempt: 1, random: middle) == 5)
        #expect(schedule.delay(after: .throttled(status: 429, retryAfter: 60), attempt: 1, random: middle) == 60)
        #expect(schedule.delay(after: .throttled(status: 503, retryAfter: nil), attempt: 3, random: middle) == 1800)
        #expect(schedule.delay(after: .throttled(status: 503, retryAfter: 1e12), attempt: 1, random: middle) == 86400)
        #expect(schedule.delay(after: .throttled(status: 429, retryAfter: 60), attempt: 10, random: middle) == nil)
    }

    @Test("delivered and gone stop; failed and refused follow the schedule")
    func outcomes() {
        #expect(schedule.delay(after: .delivered(status: 200), attempt: 1, random: middle) == nil)
        #expect(schedule.delay(after: .gone, attempt: 1, random: middle) == nil)
        #expect(schedule.delay(after: .failed(status: 500, reason: "HTTP 500"), attempt: 5, random: middle) == 18000)
        #expect(schedule.delay(after: .failed(status: nil, reason: "timed out"), attempt: 1, random: middle) == 5)
        #expect(schedule.delay(after: .refused(reason: "loopback"), attempt: 2, random: middle) == 300)
        #expect(schedule.delay(after: .failed(status: 500, reason: "HTTP 500"), attempt: 10, random: middle) == nil)
    }
}
