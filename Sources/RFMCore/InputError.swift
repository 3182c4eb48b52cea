/// Where a value came from: the file, the worksheet (for XLSX), the line or row, and the column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var sheet: String?
    /// 1-based line (CSV: the physical line where the record starts) or row number (XLSX).
    public var line: Int?
    public var column: String?

    public init(file: String, sheet: String? = nil, line: Int? = nil, column: String? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
    }

    public var description: String {
        var parts = [file]
        if let sheet { parts.append("sheet \"\(sheet)\"") }
        if let line { parts.append(sheet == nil ? "line \(line)" : "row \(line)") }
        if let column { parts.append("column \"\(column)\"") }
        return TerminalText.escape(parts.joined(separator: ", "))
    }
}

/// A problem with the user's input files; the CLI prints it as one line and exits with status 1.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is empty, or has a header and no data rows.
    case empty(file: String, reason: String)
    /// A column the pipeline needs is not in the header.
    case missingColumn(file: String, sheet: String?, role: String, expected: String, header: [String])
    /// A `--column role=header` override names a header that is not in the file.
    case unknownColumnOverride(file: String, role: String, header: String, available: [String])
    /// A row could not be parsed (only raised as an error with `--strict`; otherwise counted).
    case malformedRow(location: SourceLocation, expected: String, found: String)
    /// The file is not in a format the reader understands.
    case unsupportedFormat(file: String, reason: String)
    /// The compressed container (gzip, zip) is damaged.
    case corrupt(file: String, reason: String)
    /// After cleaning (and the snapshot cut-off) no customers remain.
    case noCustomers(reason: String)
    /// A date given on the command line or in the data is out of range.
    case badDate(file: String, value: String, expected: String)

    /// One line for the terminal: file names, headers and values from the input are quoted as they are, except that
    /// control and other invisible characters (ESC, line breaks, C1 controls, bidirectional overrides) are written
    /// as `\u{1B}`, so an input cannot move the cursor, recolour or rewrite the terminal through a message.
    public var description: String { TerminalText.escape(rawDescription) }

    private var rawDescription: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .empty(let file, let reason):
            return "\(file): \(reason)"
        case .missingColumn(let file, let sheet, let role, let expected, let header):
            let place = sheet.map { "\(file), sheet \"\($0)\"" } ?? file
            let shown = header.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(place), line 1: no \(role) column: expected a header named \(expected), found \(shown)"
                + " (map another header with --column \(role)=HEADER)"
        case .unknownColumnOverride(let file, let role, let header, let available):
            let shown = available.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file), line 1: --column \(role)=\(header): no such header; the header has \(shown)"
        case .malformedRow(let location, let expected, let found):
            return "\(location): expected \(expected), found \(found)"
        case .unsupportedFormat(let file, let reason):
            return "\(file): \(reason)"
        case .corrupt(let file, let reason):
            return "\(file): the file is damaged: \(reason)"
        case .noCustomers(let reason):
            return reason
        case .badDate(let file, let value, let expected):
            return "\(file): \(value): expected \(expected)"
        }
    }
}
