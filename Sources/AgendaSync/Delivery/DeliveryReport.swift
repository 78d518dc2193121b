import Foundation

/// What one delivery round did, over every subscription.
public struct DeliveryReport: Sendable, Codable {
    public var delivered: Int = 0
    /// Notices whose attempt failed this round (they are retried, or dead once the schedule ends).
    public var failed: Int = 0
    /// Of those, notices that became dead this round.
    public var dead: Int = 0
    /// Notices not attempted this round: waiting for their retry time, a throttled or disabled
    /// endpoint, or the next digest.
    public var deferred: Int = 0
    public var errors: [String] = []
    /// The earliest time something is due again (a retry, the end of a throttle, a digest), if any.
    public var nextDueAt: Date?

    public init() {}

    mutating func merge(_ other: DeliveryReport) {
        delivered += other.delivered
        failed += other.failed
        dead += other.dead
        deferred += other.deferred
        errors += other.errors
        nextDueAt = [nextDueAt, other.nextDueAt].compactMap { $0 }.min()
    }

    mutating func due(at date: Date) {
        nextDueAt = min(nextDueAt ?? date, date)
    }

    enum CodingKeys: String, CodingKey {
        case delivered, failed, dead, deferred, errors, nextDueAt = "next_due_at"
    }
}
