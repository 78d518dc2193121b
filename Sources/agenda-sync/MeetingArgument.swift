import AgendaModel
import ArgumentParser

extension MeetingID: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
