import RFMPrimitives

/// Encodes table rows as SpreadsheetML `<row>` elements, cell for cell what libxlsxwriter writes in
/// constant-memory mode: a cell reference and style index on every cell, strings inline
/// (`t="inlineStr"`), booleans as `t="b"`, blanks only for numbers Excel cannot store.
///
/// Used for the rows `RowSplice` writes itself. Numbers are written in the shortest form that reads
/// back as the same `Double` (libxlsxwriter's `%.16G` can lose the last bit); integers and
/// integral values as plain digits.
struct SheetRowEncoder: Sendable {
    /// Style (xf) index of each column's format, and of the boolean format.
    let styles: [Int32]
    let booleanStyle: Int32

    /// Appends row `values` as Excel row `excelRow` (1-based) to `out`.
    ///
    /// Written with static strings and stack buffers: at a million rows, retain and release of
    /// constant byte arrays took a fifth of the time (perf).
    func append(_ values: [CellValue], excelRow: Int, to out: inout [UInt8]) {
        var row = DecimalDigits(excelRow)
        Self.append("<row r=\"", to: &out)
        row.append(to: &out)
        Self.append("\">", to: &out)
        styles.withUnsafeBufferPointer { styles in
            for column in 0..<min(values.count, styles.count) {
                let value = values[column]
                if case .empty = value { continue }
                if value.isBlankInExcel {
                    // A formatted blank, as libxlsxwriter writes it (nothing without a format).
                    if styles[column] != 0 {
                        openCell(column, &row, style: styles[column], to: &out)
                        Self.append("/>", to: &out)
                    }
                    continue
                }
                switch value {
                case .text(let raw):
                    var text = XMLText.clean(raw)
                    openCell(column, &row, style: styles[column], to: &out)
                    text.withUTF8 { bytes in
                        let preserve = bytes.first.map(Self.isSpace) == true || bytes.last.map(Self.isSpace) == true
                        Self.append(
                            preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>",
                            to: &out)
                        Self.appendEscaped(bytes, to: &out)
                    }
                    Self.append("</t></is></c>", to: &out)
                case .number(let x):
                    openCell(column, &row, style: styles[column], to: &out)
                    Self.append("><v>", to: &out)
                    Self.appendNumber(x, to: &out)
                    Self.append("</v></c>", to: &out)
                case .integer(let n):
                    openCell(column, &row, style: styles[column], to: &out)
                    Self.append("><v>", to: &out)
                    Self.appendInteger(n, to: &out)
                    Self.append("</v></c>", to: &out)
                case .date(let days):
                    openCell(column, &row, style: styles[column], to: &out)
                    Self.append("><v>", to: &out)
                    Self.appendInteger(days + CivilDate.excelSerialOf1970, to: &out)
                    Self.append("</v></c>", to: &out)
                case .bool(let flag):
                    openCell(column, &row, style: booleanStyle, to: &out)
                    Self.append(flag ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>", to: &out)
                case .empty:
                    break
                }
            }
        }
        Self.append("</row>", to: &out)
    }

    /// `<c r="B12" s="3"` (no `s` for style 0); the caller closes the tag.
    @inline(__always)
    private func openCell(_ column: Int, _ row: inout DecimalDigits, style: Int32, to out: inout [UInt8]) {
        Self.append("<c r=\"", to: &out)
        if column >= 26 {
            if column >= 702 { out.append(UInt8(64 + (column / 26 - 1) / 26)) }
            out.append(UInt8(65 + (column / 26 - 1) % 26))
        }
        out.append(UInt8(65 + column % 26))
        row.append(to: &out)
        if style != 0 {
            Self.append("\" s=\"", to: &out)
            Self.appendInteger(Int(style), to: &out)
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Element text with `&`, `<` and `>` escaped.
    @inline(__always)
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for (i, byte) in bytes.enumerated()
        where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            switch byte {
            case UInt8(ascii: "&"): append("&amp;", to: &out)
            case UInt8(ascii: "<"): append("&lt;", to: &out)
            default: append("&gt;", to: &out)
            }
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// Decimal digits of `n`.
    static func appendInteger(_ n: Int, to out: inout [UInt8]) {
        var digits = DecimalDigits(n)
        digits.append(to: &out)
    }

    /// The shortest decimal that reads back as `x` ("1234.5", "0.1", "1.5E-07"); integral values
    /// below 2^53 as plain digits.
    static func appendNumber(_ x: Double, to out: inout [UInt8]) {
        if x == x.rounded(.towardZero), x.magnitude < 9_007_199_254_740_992 {
            appendInteger(Int(x), to: &out)
            return
        }
        for byte in x.description.utf8 {
            out.append(byte == UInt8(ascii: "e") ? UInt8(ascii: "E") : byte)
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}

/// The decimal digits of an integer in a stack buffer (no allocation).
private struct DecimalDigits {
    private var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: a sign and up to 20 digits
    private var count = 0

    @inline(__always)
    init(_ n: Int) {
        var magnitude = n.magnitude
        withUnsafeMutableBytes(of: &storage) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            if n < 0 {
                buffer[23 - count] = UInt8(ascii: "-")
                count += 1
            }
        }
    }

    @inline(__always)
    mutating func append(to out: inout [UInt8]) {
        let count = self.count
        withUnsafeBytes(of: &storage) { buffer in
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]).bindMemory(to: UInt8.self))
        }
    }
}

extension CellValue {
    /// Values libxlsxwriter stores as a blank cell: non-finite numbers and empty strings.
    var isBlankInExcel: Bool {
        switch self {
        case .number(let x): return !x.isFinite
        case .text(let text): return text.isEmpty
        default: return false
        }
    }
}
