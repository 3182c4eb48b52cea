/// Builds RFC 4180 CSV text (LF line ends, fields quoted only when needed).
struct CSVText {
    private(set) var text = ""

    init(header: [String]) {
        text.reserveCapacity(1 << 16)
        append(header)
    }

    mutating func append(_ fields: [String]) {
        var first = true
        for f in fields {
            if !first { text.append(",") }
            first = false
            // Bytes, not Characters: grapheme breaking made this test most of the time of writing customers.csv.
            if f.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                text.append("\"")
                text.append(f.replacingOccurrences(of: "\"", with: "\"\""))
                text.append("\"")
            } else {
                text.append(f)
            }
        }
        text.append("\n")
    }
}
