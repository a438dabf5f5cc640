extension Character {
    /// A line break or another control character (ESC, NUL, …): what may not reach a mail
    /// header, nor a line of Markdown, where it could start a header or a block of its own.
    public var breaksLine: Bool {
        isNewline || unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
