import AgendaModel
import ArgumentParser

extension MeetingID: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }

    public static var defaultValueDescription: String { "source/meetingid" }
}
