/// Text made safe to print on a terminal or in a log: every character that is not printable (C0 and C1 controls,
/// DEL, line and paragraph separators, bidirectional overrides) becomes a visible escape, so a value from the
/// input can never move the cursor, clear the screen or start a second line of a one-line message.
public enum PrintableText {
    /// `text` with every non-printable scalar written as `\u{XX}` (tab, line feed and carriage return as `\t`, `\n`, `\r`).
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether a scalar would act on a terminal instead of showing as a character.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        switch v {
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional marks and overrides
        case 0xFEFF: return true
        default: return false
        }
    }
}
