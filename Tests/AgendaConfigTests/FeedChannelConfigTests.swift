import AgendaConfig
import AgendaModel
import Testing

@Suite("Calendar and Atom subscriptions, and calendar_duration")
struct FeedChannelConfigTests {
    /// `minimalPrefix` and one subscription starting on line 9; its own keys from line 12.
    func subscription(_ channel: String, _ keys: String) -> String {
        """
        \(minimalPrefix)
        [[subscription]]
        id = "feed"
        channel = "\(channel)"
        \(keys)
        """
    }

    @Test func calendarSettings() throws {
        let config = try parseValid(subscription("calendar", """
            path = "feeds/leics.ics"
            title = "  Leicestershire: scrutiny  "
            committees = ["leics/1043"]
            keywords = ["SEND"]
            """))
        #expect(config.subscriptions[0] == SubscriptionConfiguration(
            id: "feed", channel: .calendar(CalendarChannelSettings(path: "/etc/agenda-sync/feeds/leics.ics",
                                                                   title: "Leicestershire: scrutiny")),
            filter: SubscriptionFilter(committees: ["leics/1043"], keywords: ["SEND"])))
        let untitled = try parseValid(subscription("calendar", "path = \"/srv/feeds/all.ics\""))
        #expect(untitled.subscriptions[0].channel == .calendar(CalendarChannelSettings(path: "/srv/feeds/all.ics")))
        #expect(untitled.subscriptions[0].channel.name == "calendar")
    }

    @Test func atomSettings() throws {
        let config = try parseValid(subscription("atom", """
            path = "/srv/feeds/leics.atom"
            title = "Leicestershire: what changed"
            feed_url = "https://alerts.example.org/feeds/leics.atom"
            entries = 20
            events = ["meeting.cancelled"]
            """))
        #expect(config.subscriptions[0] == SubscriptionConfiguration(
            id: "feed", channel: .atom(AtomChannelSettings(path: "/srv/feeds/leics.atom", title: "Leicestershire: what changed",
                                                           feedURL: "https://alerts.example.org/feeds/leics.atom", entries: 20)),
            filter: SubscriptionFilter(events: [.meetingCancelled])))
        let plain = try parseValid(subscription("atom", "path = \"/srv/a.atom\"\ntitle = \"All\""))
        #expect(plain.subscriptions[0].channel == .atom(AtomChannelSettings(path: "/srv/a.atom", title: "All", entries: 100)))
    }

    @Test func calendarDuration() throws {
        #expect(try parseValid(minimalPrefix).daemon.calendarDuration == ConfigDuration(seconds: 7_200)!)
        let config = try parseValid(minimalPrefix.replacingOccurrences(of: "[[source]]", with: "calendar_duration = \"1h30m\"\n\n[[source]]"))
        #expect(config.daemon.calendarDuration == ConfigDuration(seconds: 5_400)!)
        #expect(errorLines(minimalPrefix.replacingOccurrences(of: "[[source]]", with: "calendar_duration = \"25h\"\n\n[[source]]")) == [
            "/etc/agenda-sync/agenda-sync.toml:4: daemon.calendar_duration: \"25h\" is longer than the maximum, \"1d\"; "
                + "a council meeting is over within the day it starts",
        ])
    }

    @Test func badCalendarSettings() {
        #expect(errorLines(subscription("calendar", """
            path = "/srv/feeds/"
            title = ""
            events = ["meeting.new"]
            feed_url = "https://alerts.example.org/x.atom"
            """)) == [
            "/etc/agenda-sync/agenda-sync.toml:12: subscription[0].path: must name a file, not a directory (it ends with \"/\")",
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].title: is empty; give the name readers see, "
                + "e.g. \"Leicestershire: Children and Families scrutiny\"",
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].events: does not apply to a calendar, which lists every "
                + "meeting the other filters (sources, committees, keywords) admit, whatever changed; remove `events`",
            "/etc/agenda-sync/agenda-sync.toml:15: subscription[0].feed_url: `feed_url` is a setting of atom subscriptions, "
                + "not of channel \"calendar\"",
        ])
        #expect(errorLines(subscription("calendar", "title = \"Cal\"")) == [
            "/etc/agenda-sync/agenda-sync.toml:9: subscription[0].path: missing required key `path` in [[subscription]]",
        ])
    }

    @Test func badAtomSettings() {
        #expect(errorLines(subscription("atom", """
            path = "/srv/feeds/a.atom"
            feed_url = "feeds.example.org/a.atom"
            entries = 0
            """)) == [
            "/etc/agenda-sync/agenda-sync.toml:9: subscription[0].title: missing required key `title` in [[subscription]]",
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].feed_url: must be an http or https URL: "
                + "\"feeds.example.org/a.atom\" has no scheme; write \"https://feeds.example.org/a.atom\"",
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].entries: 0 is out of range; a feed lists 1 to 1000 "
                + "of the newest notices (default 100)",
        ])
        #expect(errorLines(subscription("atom", """
            path = "/srv/feeds/a.atom"
            title = "Line one\\nBcc: x@example.org"
            entries = 1001
            """)) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].title: must be one line, without control characters",
            "/etc/agenda-sync/agenda-sync.toml:14: subscription[0].entries: 1001 is out of range; a feed lists 1 to 1000 "
                + "of the newest notices (default 100)",
        ])
        // A key of another channel says where it belongs.
        #expect(errorLines(subscription("file", "path = \"/srv/n.jsonl\"\ntitle = \"x\"")) == [
            "/etc/agenda-sync/agenda-sync.toml:13: subscription[0].title: `title` is a setting of calendar and atom "
                + "subscriptions, not of channel \"file\"",
        ])
    }

    @Test func feedPathsMayNotClash() {
        let text = """
            \(minimalPrefix)
            [[subscription]]
            id = "log"
            channel = "file"
            path = "/srv/feeds/all.ics"

            [[subscription]]
            id = "cal"
            channel = "calendar"
            path = "/srv/feeds/all.ics"

            [[subscription]]
            id = "feed"
            channel = "atom"
            title = "Feed"
            path = "/etc/agenda-sync/agenda-sync.toml"
            """
        #expect(errorLines(text) == [
            "/etc/agenda-sync/agenda-sync.toml:17: subscription[1].path: the calendar file \"/srv/feeds/all.ics\" is also "
                + "the path of subscription \"log\" (line 12); each subscription needs a path of its own",
            "/etc/agenda-sync/agenda-sync.toml:23: subscription[2].path: the feed file \"/etc/agenda-sync/agenda-sync.toml\" "
                + "is this config file (/etc/agenda-sync/agenda-sync.toml); notices must go to a file of their own",
        ])
    }
}
