/// Decimal digits of integers appended to a byte buffer without making a `String`: the CSV writers
/// (customers.csv, generated logs) format millions of them.
public enum DecimalBytes {
    /// Appends the digits of `value` (the same text as `String(value)`).
    public static func append(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        buffer[start...].reverse()
    }
}
