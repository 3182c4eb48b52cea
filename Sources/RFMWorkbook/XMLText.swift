/// Makes strings safe for XML 1.0 and within Excel's cell limit.
enum XMLText {
    /// Excel's maximum characters in a cell (libxlsxwriter's `LXW_STR_MAX`).
    static let maxCellCharacters = 32_767

    /// Drops characters XML 1.0 forbids (C0 controls except tab, LF, CR; U+FFFE, U+FFFF)
    /// and truncates to `limit` Unicode scalars. Returns the input unchanged in the common case.
    static func clean(_ text: String, limit: Int = maxCellCharacters) -> String {
        var suspicious = false
        var bytes = 0
        for byte in text.utf8 {
            bytes += 1
            // 0xEF leads U+F000...U+FFFF, which holds U+FFFE and U+FFFF.
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0xEF {
                suspicious = true
                break
            }
        }
        if !suspicious && bytes <= limit { return text }
        var scalars = String.UnicodeScalarView()
        var kept = 0
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            if kept == limit { break }
            scalars.append(scalar)
            kept += 1
        }
        return String(scalars)
    }

    /// XML 1.0 `Char` production, minus what Swift strings cannot hold anyway (surrogates).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
