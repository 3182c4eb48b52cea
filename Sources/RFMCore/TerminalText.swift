/// Text quoted from an input file, made safe to print on a terminal or in a log.
///
/// Error messages quote what they found in the file (a segment name, a colour, a field). A hostile or damaged
/// file can hold an ESC byte (terminal control sequences), a carriage return that overwrites the line, bidi
/// overrides or other invisible characters; every such character is shown as a Swift-style escape instead,
/// e.g. ESC as `\u{1B}`, so the message shows exactly what the file holds and cannot drive the terminal.
public enum TerminalText {
    /// `text` with every non-printable character escaped as `\u{XX}` (hex, as in a Swift string literal):
    /// C0 and C1 controls, DEL, and the Unicode categories Cc, Cf (format: zero-width and bidi controls),
    /// Zl, Zp (line and paragraph separators), Co (private use), Cs and Cn (unassigned).
    /// Ordinary spaces and printable text, including non-ASCII letters, are kept.
    public static func escape<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether the scalar is shown as itself (everything but controls, format and separator characters,
    /// private use, surrogates and unassigned code points).
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return false }
        if scalar.value < 0x7F { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            return false
        default:
            return true
        }
    }

    /// Whether the text has a character that `escape` would change.
    public static func hasNonPrintable<S: StringProtocol>(_ text: S) -> Bool {
        !text.unicodeScalars.allSatisfy(isPrintable)
    }
}

extension StringProtocol {
    /// This text with every non-printable character escaped (`TerminalText.escape`), for error messages.
    public var escapedForTerminal: String { TerminalText.escape(self) }
}
