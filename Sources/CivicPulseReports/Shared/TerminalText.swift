/// Text from payloads as a terminal may be given it: every control character shown, none obeyed.
///
/// A handle, a topic, a permalink or a quarantined record's excerpt comes from a resident or a
/// platform, and a terminal acts on what it is sent: `ESC [` recolours or clears the screen,
/// `ESC ] 8` makes a hyperlink whose target the operator never sees, BEL rings, CR moves back
/// over what was printed so a line can read as something else. Every text report puts each such
/// value through `safe(_:)`, so the report shows that the value held one, and the terminal
/// does nothing.
public enum TerminalText {
    /// `text` with each C0 or C1 control character, DEL, and each bidirectional embedding,
    /// override or isolate (which reorder what follows on the line) written as `\u{1B}`.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
