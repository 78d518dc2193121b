import Foundation

/// Where ``MailRelay`` keeps each spooled message's delivery history, so retries back off across
/// passes and restarts, and a sent message is never sent again.
///
/// Messages are keyed by spool path (as given to the relay) and file name in `new/`. The relay
/// calls ``entry(spool:file:)`` before each message and ``record(_:)`` after each attempt; an
/// error from either is reported on that message's line and the pass goes on.
public protocol RelayJournal: Sendable {
    /// The latest state of the message, or nil if the relay never tried it.
    func entry(spool: String, file: String) throws -> RelayEntry?
    /// Stores one attempt; the entry for its spool and file becomes ``RelayAttempt/entry``.
    func record(_ attempt: RelayAttempt) throws
}

/// How the last attempt at a message ended.
public enum RelayOutcome: String, Sendable, Hashable, CaseIterable {
    /// The relay accepted it; it is (or is about to be) in `cur/`.
    case sent
    /// A temporary failure; it waits in `new/` until ``RelayEntry/nextAttemptAt``.
    case retry
    /// A permanent failure, or retries gave out; it is (or is about to be) in `failed/`.
    case failed
}

/// A message's state in the journal.
public struct RelayEntry: Sendable, Hashable {
    public var outcome: RelayOutcome
    /// Attempts made so far (the first attempt is 1).
    public var attempts: Int
    public var firstAttemptAt: Date
    public var lastAttemptAt: Date
    /// When a `.retry` message is due again; nil otherwise.
    public var nextAttemptAt: Date?
    /// The last server reply or failure description.
    public var reply: String

    public init(outcome: RelayOutcome, attempts: Int, firstAttemptAt: Date, lastAttemptAt: Date,
                nextAttemptAt: Date?, reply: String) {
        self.outcome = outcome
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.reply = reply
    }
}

/// One attempt at one spooled message, as ``MailRelay`` records it.
public struct RelayAttempt: Sendable, Hashable {
    /// The spool's path, as given to ``MailRelay``.
    public var spool: String
    /// The file name in `new/` (also the name under `cur/` before `:2,S`, and under `failed/`).
    public var file: String
    /// The message's `Message-ID:` value, if it has one.
    public var messageID: String?
    /// Envelope recipients (empty when the message could not be parsed).
    public var recipients: [String]
    public var outcome: RelayOutcome
    /// This attempt's number (the first is 1).
    public var attempts: Int
    /// The server's reply code, when there was one.
    public var code: Int?
    /// The server's reply (`250 …`, `451 …`, `550 …`) or the failure's description.
    public var reply: String
    public var firstAttemptAt: Date
    public var attemptedAt: Date
    /// When to try again (`.retry` only).
    public var nextAttemptAt: Date?

    public init(spool: String, file: String, messageID: String?, recipients: [String], outcome: RelayOutcome,
                attempts: Int, code: Int?, reply: String, firstAttemptAt: Date, attemptedAt: Date,
                nextAttemptAt: Date?) {
        self.spool = spool
        self.file = file
        self.messageID = messageID
        self.recipients = recipients
        self.outcome = outcome
        self.attempts = attempts
        self.code = code
        self.reply = reply
        self.firstAttemptAt = firstAttemptAt
        self.attemptedAt = attemptedAt
        self.nextAttemptAt = nextAttemptAt
    }

    /// The journal entry this attempt leaves.
    public var entry: RelayEntry {
        RelayEntry(outcome: outcome, attempts: attempts, firstAttemptAt: firstAttemptAt, lastAttemptAt: attemptedAt,
                   nextAttemptAt: nextAttemptAt, reply: reply)
    }
}

/// When to try a temporarily failed message again, and when to give up.
///
/// The default waits 1 min, 5 min, 15 min, 1 h and 4 h after attempts 1 to 5, then every 4 h,
/// and gives up (the message fails permanently) when an attempt fails 5 days or more after the
/// first one — about 34 attempts.
public struct RelayRetrySchedule: Sendable, Hashable {
    /// The wait after attempt 1, 2, …; the last one repeats.
    public var delays: [Duration]
    /// A temporary failure this long after the first attempt is final.
    public var giveUpAfter: Duration

    public init(delays: [Duration] = [.seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(14_400)],
                giveUpAfter: Duration = .seconds(5 * 24 * 3600)) {
        precondition(!delays.isEmpty && delays.allSatisfy { $0 > .zero }, "retry delays must be positive")
        self.delays = delays
        self.giveUpAfter = giveUpAfter
    }

    /// The wait after the given attempt (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        delays[min(max(attempt, 1), delays.count) - 1]
    }

    /// When to try again after attempt number `attempt` failed at `failedAt`, or nil to give up.
    public func nextAttempt(afterAttempt attempt: Int, firstAttemptAt: Date, failedAt: Date) -> Date? {
        if failedAt.timeIntervalSince(firstAttemptAt) >= giveUpAfter.relayTimeInterval { return nil }
        return failedAt.addingTimeInterval(delay(afterAttempt: attempt).relayTimeInterval)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    fileprivate var relayTimeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
