import AgendaModel

/// The notice id: "ntc_" + the first 24 hex digits (96 bits) of
/// SHA-256("<subscription id>\0<SOURCE/MEETINGID>\0<version>").
///
/// Deterministic, so a redelivery or a rebuilt outbox row carries the same id (it is the
/// `webhook-id`, the mail `Message-ID` and the file key). NUL separators keep the fields
/// apart: ids and versions cannot contain it.
public enum NoticeID {
    public static func make(subscriptionID: String, meetingID: MeetingID, version: Int) -> String {
        let hex = SHA256Digest.hex(of: "\(subscriptionID)\u{0}\(meetingID)\u{0}\(version)")
        return "ntc_" + hex.prefix(24)
    }
}
