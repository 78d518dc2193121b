import Foundation

/// Drains Maildir spools to an SMTP relay, one pass at a time.
///
/// A pass takes each spool's relay lock (skipping a spool another relay holds), then goes
/// through the regular files in `new/` in name order, dot-files skipped. For each message that
/// is due by the ``RelayJournal``:
///
/// - the envelope comes from its own `From:`/`To:`/`Cc:` header (see ``SMTPEnvelope``); a message
///   without a usable one fails permanently;
/// - `.sent` → the attempt is journaled, then the file moves to `cur/NAME:2,S`;
/// - `.temporary` → it stays in `new/`, journaled with its next attempt time from the
///   ``RelayRetrySchedule``, or fails permanently once retries have given out;
/// - `.permanent` → the attempt is journaled, then the file moves to `failed/NAME`.
///
/// A message the journal records as sent, or that `cur/` already holds, is never sent again: it
/// is only moved to `cur/`. A message's failure never stops the others; but once the relay
/// cannot be reached at all (nothing answered), the rest of the pass is left for the next one,
/// rather than waiting out a connect timeout per message.
///
/// Delivery is at least once: a crash between the relay's acceptance and the journal write
/// sends the message again on the next pass, with the same `Message-ID`.
public struct MailRelay: Sendable {
    public let spools: [String]
    public let sender: SMTPSender
    public let journal: any RelayJournal
    public let schedule: RelayRetrySchedule
    /// The clock for attempt times and due checks (injected so tests can step it).
    public let now: @Sendable () -> Date
    /// A larger file in `new/` fails permanently without being sent.
    public let maxMessageBytes: Int

    public init(
        spools: [String],
        sender: SMTPSender,
        journal: any RelayJournal,
        schedule: RelayRetrySchedule = RelayRetrySchedule(),
        maxMessageBytes: Int = 25 * 1024 * 1024,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.spools = spools
        self.sender = sender
        self.journal = journal
        self.schedule = schedule
        self.maxMessageBytes = maxMessageBytes
        self.now = now
    }

    /// One pass over every spool. Never throws: every problem is a line or a problem in the report.
    /// Cancelling the calling task aborts the session in progress (a temporary failure, unless
    /// the relay had already accepted the message) and leaves the remaining messages untouched.
    public func runPass() async -> RelayReport {
        var pass = Pass(report: RelayReport())
        for spool in spools {
            await relay(spool: spool, pass: &pass)
        }
        return pass.report
    }

    private struct Pass {
        var report: RelayReport
        /// Set once a session got no answer at all: the remaining messages wait for the next pass.
        var relayUnreachable: String?
    }

    private func relay(spool: String, pass: inout Pass) async {
        let directory = RelaySpoolDirectory(path: spool)
        var info = stat()
        guard stat(directory.newPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            pass.report.problems.append("spool \(spool): \(directory.newPath) is missing or not a folder")
            return
        }
        let lock: Int32
        do {
            guard let fd = try directory.lock() else {
                pass.report.problems.append("spool \(spool): another relay is working on it; skipped")
                return
            }
            lock = fd
        } catch {
            pass.report.problems.append("spool \(spool): \(error)")
            return
        }
        defer { close(lock) }

        let files: [String]
        do {
            files = try directory.pendingFiles()
        } catch {
            pass.report.problems.append("spool \(spool): \(error)")
            return
        }
        for (index, file) in files.enumerated() {
            if Task.isCancelled {
                pass.report.problems.append(
                    "spool \(spool): the pass was cancelled; \(files.count - index) messages wait for the next one")
                return
            }
            if let line = await relay(file: file, in: directory, spool: spool, pass: &pass) {
                pass.report.lines.append(line)
            }
        }
    }

    /// Handles one message; nil when there is nothing to report (not due, or gone).
    private func relay(file: String, in directory: RelaySpoolDirectory, spool: String, pass: inout Pass) async
        -> RelayReport.Line?
    {
        func line(_ outcome: RelayReport.Outcome, _ reply: String) -> RelayReport.Line {
            RelayReport.Line(spool: spool, file: file, outcome: outcome, reply: reply)
        }

        let entry: RelayEntry?
        do {
            entry = try journal.entry(spool: spool, file: file)
        } catch {
            return line(.error, "journal: \(error)")
        }
        switch entry?.outcome {
        case .sent?:
            return finishMovedEarlier(file, directory, line(.alreadySent, "sent earlier: \(entry!.reply)"),
                                      move: directory.moveToSent)
        case .failed?:
            return finishMovedEarlier(file, directory, line(.failed, "failed earlier: \(entry!.reply)"),
                                      move: directory.moveToFailed)
        case .retry?, nil:
            break
        }
        if let next = entry?.nextAttemptAt, next > now() {
            pass.report.notDue += 1
            return nil
        }
        if directory.isSent(file) {
            return finishMovedEarlier(file, directory, line(.alreadySent, "cur/ already holds it"),
                                      move: directory.moveToSent)
        }
        if let reason = pass.relayUnreachable {
            return line(.notAttempted, "not tried in this pass: \(reason)")
        }

        let message: [UInt8]
        let envelope: SMTPEnvelope
        do {
            guard let bytes = try directory.readMessage(file, maxBytes: maxMessageBytes) else { return nil }
            message = Self.crlfLineEndings(bytes)
        } catch RelaySpoolError.tooLarge(let path, let size, let limit) {
            let reply = "the message is \(size) bytes, larger than the \(limit)-byte limit (\(path))"
            return conclude(file, spool, directory, entry: entry, envelope: nil, result: .permanent(code: nil, reply: reply))
        } catch {
            return line(.error, "\(error)")
        }
        do {
            envelope = try SMTPEnvelope.parse(message: message)
        } catch {
            let result = SMTPResult.permanent(code: nil, reply: "malformed message: \(error)")
            return conclude(file, spool, directory, entry: entry, envelope: nil, result: result)
        }

        let ending = await sender.deliver(message: message, from: envelope.from, to: envelope.to)
        if !ending.reachedServer, case .temporary = ending.result {
            pass.relayUnreachable = "the relay did not answer (\(ending.result.reply))"
        }
        return conclude(file, spool, directory, entry: entry, envelope: envelope, result: ending.result)
    }

    /// Records the attempt and moves the file as its result says.
    private func conclude(
        _ file: String, _ spool: String, _ directory: RelaySpoolDirectory,
        entry: RelayEntry?, envelope: SMTPEnvelope?, result: SMTPResult
    ) -> RelayReport.Line {
        let attemptedAt = now()
        let attempts = (entry?.attempts ?? 0) + 1
        let firstAttemptAt = entry?.firstAttemptAt ?? attemptedAt

        var outcome: RelayOutcome
        var reply = result.reply
        var nextAttemptAt: Date?
        switch result {
        case .sent:
            outcome = .sent
        case .permanent:
            outcome = .failed
        case .temporary:
            nextAttemptAt = schedule.nextAttempt(afterAttempt: attempts, firstAttemptAt: firstAttemptAt,
                                                 failedAt: attemptedAt)
            if nextAttemptAt == nil {
                outcome = .failed
                reply = "gave up after \(attempts) attempts since \(firstAttemptAt.formatted(.iso8601)): \(reply)"
            } else {
                outcome = .retry
            }
        }

        let attempt = RelayAttempt(
            spool: spool, file: file, messageID: envelope?.messageID, recipients: envelope?.to ?? [],
            outcome: outcome, attempts: attempts, code: result.code, reply: reply,
            firstAttemptAt: firstAttemptAt, attemptedAt: attemptedAt, nextAttemptAt: nextAttemptAt)
        var line = RelayReport.Line(
            spool: spool, file: file, messageID: envelope?.messageID, recipients: envelope?.to ?? [],
            outcome: outcome == .sent ? .sent : outcome == .retry ? .deferred : .failed,
            attempts: attempts, code: result.code, reply: reply, nextAttemptAt: nextAttemptAt)

        // Journal first: if the move then fails, the journal still stops a second send.
        do {
            try journal.record(attempt)
        } catch {
            line.notes.append("journal: \(error)")
        }
        do {
            switch outcome {
            case .sent: try directory.moveToSent(file)
            case .failed: try directory.moveToFailed(file)
            case .retry: break
            }
        } catch {
            line.notes.append("left in new/: \(error)")
        }
        return line
    }

    /// A message whose fate was already decided: only move it.
    private func finishMovedEarlier(
        _ file: String, _ directory: RelaySpoolDirectory, _ line: RelayReport.Line,
        move: (String) throws(RelaySpoolError) -> Void
    ) -> RelayReport.Line {
        var line = line
        do {
            try move(file)
        } catch {
            line.notes.append("left in new/: \(error)")
        }
        return line
    }

    /// SMTP needs CRLF lines: a bare LF becomes CRLF; CRLF and lone CR stay as they are.
    static func crlfLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        var bareLF = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) {
            bareLF += 1
        }
        guard bareLF > 0 else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bareLF)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A, previous != 0x0D { result.append(0x0D) }
            result.append(byte)
            previous = byte
        }
        return result
    }
}
