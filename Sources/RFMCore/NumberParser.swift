import RFMPrimitives

/// Numbers in text cells (CSV fields, text cells of a workbook, rules files): a decimal number of RFMPrimitives'
/// `DecimalText` form, finite only, no thousands separators.
public enum NumberParser {
    /// The value of `bytes` (spaces and tabs allowed around it, and a carriage return after it), or `nil` when it is
    /// not a finite decimal number. Accepts `-12`, `+3.5`, `.5`, `2.`, `1e3`, `1.5E-2`; correctly rounded, bit for
    /// bit `Double(String)` of the same text.
    @inline(__always)
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        guard let value = DecimalText.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), value.isFinite else {
            return nil
        }
        return value
    }

    /// Parses a Swift string (for command-line and test use).
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
