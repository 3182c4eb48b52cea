import RFMPrimitives

/// The `<v>` of a number cell: what `Double(String)` reads after trimming XML whitespace, bit for bit. A decimal
/// number, the usual case, is read by RFMPrimitives' `DecimalText` without making a string; the rest (`INF`, `NaN`,
/// hexadecimal, which no spreadsheet program writes) by `Double(String)` itself.
enum CellNumber {
    /// The number in `p[0..<n]` (surrounding XML whitespace allowed), or nil when it is not a number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if let v = DecimalText.parse(UnsafeRawBufferPointer(start: p, count: n)) { return v }
        return other(p, n)
    }

    /// Surrounded by whitespace, or not a decimal number.
    private static func other(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var s = 0
        var e = n
        while s < e && XMLByteScanner.isSpace(p[s]) { s += 1 }
        while e > s && XMLByteScanner.isSpace(p[e - 1]) { e -= 1 }
        guard s < e else { return nil }
        let trimmed = UnsafeRawBufferPointer(start: p + s, count: e - s)
        if s > 0 || e < n, let v = DecimalText.parse(trimmed) { return v }
        return Double(String(decoding: trimmed, as: UTF8.self))
    }
}
