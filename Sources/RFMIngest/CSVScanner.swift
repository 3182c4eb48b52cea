/// Splits RFC 4180 records out of a byte buffer: quoted fields with embedded delimiters, doubled quotes and
/// line breaks; LF or CRLF line ends. It never copies bytes; `CSVField` marks fields that need unescaping.
struct CSVScanner {
    let delimiter: UInt8
    /// A quoted field longer than this many bytes is a runaway quote (set by the reader from the records seen).
    var maxQuotedBytes = CSVTransactionReader.minQuotedBytesLimit

    /// A quoted field with more line breaks than this is a runaway quote (an unclosed quote, not a description).
    static let maxQuotedLines = 100

    struct Field {
        var start: Int
        var end: Int
        /// The field contains quote characters to remove.
        var quoted: Bool
    }

    enum Outcome {
        /// A complete record; `next` is where the next record starts, `lines` the line breaks consumed.
        case record(next: Int, lines: Int)
        /// The buffer ends inside the record: read more bytes (or, at the end of the input, `unterminated`).
        /// `openQuote` is where the quoted field left open starts, or -1 when the buffer ends outside quotes.
        case needMore(openQuote: Int)
        /// At the end of the input, a quoted field is never closed.
        case unterminatedQuote(next: Int, lines: Int)
        /// The quoted field starting at `quoteStart` (field `field` of the record) ran over more than
        /// `maxQuotedLines` line breaks or `maxQuotedBytes` bytes; scanning stopped at `stop`.
        case runawayQuote(quoteStart: Int, field: Int, stop: Int)
    }

    /// Scans the record starting at `from`. Fields go into `fields` (cleared first).
    @inline(__always)
    func scan(_ p: UnsafeRawPointer, from: Int, end: Int, atEOF: Bool, fields: CSVFieldList) -> Outcome {
        fields.removeAll()
        var i = from
        var lines = 0
        let quote = UInt8(ascii: "\"")
        let delim = delimiter
        while true {
            // One field.
            let fieldStart = i
            var quoted = false
            var inQuotes = false
            // The line breaks counted when the field's quote opened (only read inside quotes: the runaway check
            // costs nothing on unquoted bytes).
            var linesAtQuote = 0
            while i < end {
                let c = p.load(fromByteOffset: i, as: UInt8.self)
                if inQuotes {
                    if c == quote {
                        if i + 1 < end {
                            if p.load(fromByteOffset: i + 1, as: UInt8.self) == quote {
                                i += 2
                                continue
                            }
                            inQuotes = false
                            i += 1
                            continue
                        }
                        if !atEOF { return .needMore(openQuote: fieldStart) }
                        inQuotes = false
                        i += 1
                        continue
                    }
                    if c == 0x0A {
                        lines += 1
                        if lines &- linesAtQuote > Self.maxQuotedLines {
                            return .runawayQuote(quoteStart: fieldStart, field: fields.count, stop: i &+ 1)
                        }
                    }
                    i += 1
                } else {
                    if c == delim || c == 0x0A || c == 0x0D { break }
                    if c == quote && i == fieldStart {
                        quoted = true
                        inQuotes = true
                        linesAtQuote = lines
                    }
                    i += 1
                }
            }
            if inQuotes {
                if !atEOF { return .needMore(openQuote: fieldStart) }
                fields.append(Field(start: fieldStart, end: end, quoted: quoted))
                return .unterminatedQuote(next: end, lines: lines)
            }
            if quoted && i &- fieldStart > maxQuotedBytes {
                return .runawayQuote(quoteStart: fieldStart, field: fields.count, stop: i)
            }
            if i >= end {
                if !atEOF { return .needMore(openQuote: -1) }
                fields.append(Field(start: fieldStart, end: i, quoted: quoted))
                return .record(next: end, lines: lines)
            }
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            fields.append(Field(start: fieldStart, end: i, quoted: quoted))
            if c == delim {
                i += 1
                continue
            }
            // Line end: LF, CRLF, or a lone CR.
            if c == 0x0D {
                if i + 1 < end {
                    i += p.load(fromByteOffset: i + 1, as: UInt8.self) == 0x0A ? 2 : 1
                } else if !atEOF {
                    return .needMore(openQuote: -1)
                } else {
                    i += 1
                }
            } else {
                i += 1
            }
            return .record(next: i, lines: lines + 1)
        }
    }

    /// Copies a quoted field's content without its quotes (`"a ""b"""` → `a "b"`) to `out`; returns the length.
    /// Only a quote at the start of a field opens quoting; quotes elsewhere are literal, as in pandas.
    static func unescape(_ p: UnsafeRawPointer, _ field: Field, into out: UnsafeMutableRawPointer) -> Int {
        var n = 0
        var i = field.start
        var inQuotes = false
        let quote = UInt8(ascii: "\"")
        while i < field.end {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == quote && (i == field.start || inQuotes) {
                if i == field.start {
                    inQuotes = true
                } else if i + 1 < field.end, p.load(fromByteOffset: i + 1, as: UInt8.self) == quote {
                    out.storeBytes(of: quote, toByteOffset: n, as: UInt8.self)
                    n += 1
                    i += 1
                } else {
                    inQuotes = false
                }
                i += 1
                continue
            }
            out.storeBytes(of: c, toByteOffset: n, as: UInt8.self)
            n += 1
            i += 1
        }
        return n
    }

    /// Picks the delimiter of a header line: the most frequent of `,` `;` TAB `|` outside quotes (comma on a tie).
    static func detectDelimiter(_ p: UnsafeRawPointer, _ start: Int, _ end: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0, UInt8(ascii: "|"): 0]
        var inQuotes = false
        var i = start
        while i < end {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if c == 0x0A || c == 0x0D { break }
                if counts[c] != nil { counts[c]! += 1 }
            }
            i += 1
        }
        let comma = UInt8(ascii: ",")
        var best = comma
        for c in [UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")] where counts[c]! > counts[best]! { best = c }
        return best
    }
}
