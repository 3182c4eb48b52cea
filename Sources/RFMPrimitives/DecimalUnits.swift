/// A decimal number as an exact count of 10^-scale units (`15.30` is 1530 units at scale 2), and back to the double
/// nearest to it. Sums of amounts are kept in units, so a customer's monetary value is the exact decimal sum of its
/// rows rounded once: the same double whatever the order of the rows, and the same as a database's `numeric` sum.
public enum DecimalUnits {
    /// The largest scale `recover` tries: amounts of a transaction log have a few decimals; a double with more was
    /// not read from a short decimal text.
    public static let largestScale = 9

    /// Powers of ten as integers, 10^0 ... 10^18.
    public static let integerPowers: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { a, _ in a * 10 } }

    /// The shortest decimal, with at most `largestScale` places, whose nearest double is `value`: the decimal text
    /// the double was read from when that text had at most that many places (and at most 15 significant digits).
    /// Nil for anything else (more places, too large, not finite).
    ///
    /// Unique: below 2^50 units, decimals of one scale are more than four doubles apart, so no two of them have
    /// the same nearest double.
    @inlinable
    public static func recover(_ value: Double) -> (units: Int64, scale: Int)? {
        guard value.isFinite else { return nil }
        let limit = Double(1 << 50)
        for k in 0...largestScale {
            let power = DecimalText.powers[k]
            let scaled = (value * power).rounded()
            guard abs(scaled) < limit else { return nil }
            if scaled / power == value { return (Int64(scaled), k) }
        }
        return nil
    }

    /// The double nearest to `units` × 10^-scale (correctly rounded, as `Double(String)` of the decimal text).
    public static func double(_ units: Int128, scale: Int) -> Double {
        let magnitude = units.magnitude
        if magnitude <= 1 << 53 && scale <= 22 {
            // Both operands exact: one IEEE division rounds once.
            return Double(units) / DecimalText.powers[scale]
        }
        return Double("\(units)e-\(scale)") ?? .nan
    }

    /// `units` at `scale` expressed at the larger scale `target`, or nil when it does not fit in 64 bits.
    @inlinable
    public static func rescale(_ units: Int64, from scale: Int, to target: Int) -> Int64? {
        guard target >= scale, target - scale <= 18 else { return nil }
        let r = units.multipliedReportingOverflow(by: integerPowers[target - scale])
        return r.overflow ? nil : r.partialValue
    }

    /// The exact decimal text `digits` (`-12.345`, `7`, `0.10`, as PostgreSQL prints a `numeric`) in units at
    /// `scale` places, or nil when it has more places or does not fit in 128 bits.
    public static func parse(_ text: Substring, scale: Int) -> Int128? {
        var negative = false
        var chars = text.utf8[...]
        if chars.first == UInt8(ascii: "-") {
            negative = true
            chars = chars.dropFirst()
        } else if chars.first == UInt8(ascii: "+") {
            chars = chars.dropFirst()
        }
        var value: Int128 = 0
        var places = -1
        var digits = 0
        for c in chars {
            if c == UInt8(ascii: ".") {
                guard places < 0 else { return nil }
                places = 0
                continue
            }
            guard c >= 0x30, c <= 0x39 else { return nil }
            let m = value.multipliedReportingOverflow(by: 10)
            guard !m.overflow else { return nil }
            let a = m.partialValue.addingReportingOverflow(Int128(c - 0x30))
            guard !a.overflow else { return nil }
            value = a.partialValue
            digits += 1
            if places >= 0 { places += 1 }
        }
        guard digits > 0 else { return nil }
        let have = max(places, 0)
        guard have <= scale else { return nil }
        for _ in have..<scale {
            let m = value.multipliedReportingOverflow(by: 10)
            guard !m.overflow else { return nil }
            value = m.partialValue
        }
        return negative ? -value : value
    }
}
