/// Why a value is invalid, as the message that follows its key in an error line.
struct Problem: Error {
    let text: String

    init(_ text: String) {
        self.text = text
    }
}
