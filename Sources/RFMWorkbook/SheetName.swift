/// Excel worksheet names: cleaning and continuation names.
enum SheetName {
    /// Excel's limit on sheet-name length (`LXW_SHEETNAME_MAX`).
    static let maxLength = 31

    /// Replaces `[]:*?/\` with "_", drops control characters and edge apostrophes, truncates to 31.
    static func clean(_ name: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var cleaned = String(XMLText.clean(name).map { forbidden.contains($0) || $0.isNewline ? "_" : $0 })
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        cleaned = truncate(cleaned, to: maxLength)
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        return cleaned.isEmpty ? "Sheet" : cleaned
    }

    /// "NAME (n)", with NAME shortened so the whole fits in 31 characters.
    static func continuation(_ base: String, part: Int) -> String {
        let suffix = " (\(part))"
        return truncate(base, to: maxLength - suffix.count) + suffix
    }

    private static func truncate(_ text: String, to length: Int) -> String {
        text.unicodeScalars.count <= length
            ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(length)))
    }
}
