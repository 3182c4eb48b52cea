/// Parses transaction dates in the forms of SPEC §2 from bytes, without time zones.
///
/// Accepted: `M/D/YYYY[ H:MM[:SS][ AM|PM]]` (the UCI CSV form), ISO 8601 `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]]`,
/// and Excel serial numbers (days since 1899-12-30, fraction = time of day). Fractions of a second are
/// rounded to the nearest second. Years outside 1900...9999 are rejected.
public enum DateParser {
    /// What the parser expects, for error messages.
    public static let expectation = "a date such as 12/1/2010 8:26, 2010-12-01 08:26:00 or an Excel date number"

    /// Excel serial (1900 date system, or 1904 when `uses1904` is set) to a local timestamp.
    public static func fromExcelSerial(_ serial: Double, uses1904: Bool = false) -> LocalTimestamp? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // Excel's 1900 system counts a fictitious 1900-02-29 (serial 60); serials from 61 on are days since 1899-12-30.
        let epoch = uses1904 ? CivilDate(year: 1904, month: 1, day: 1)! : CivilDate(year: 1899, month: 12, day: 30)!
        var whole = serial.rounded(.down)
        var seconds = ((serial - whole) * 86_400).rounded()
        if seconds >= 86_400 {
            whole += 1
            seconds -= 86_400
        }
        var days = Int(whole)
        if !uses1904 && days < 61 { days += 1 }
        let date = epoch.adding(days: days)
        guard date.components.year >= 1900 else { return nil }
        return LocalTimestamp(seconds: Int64(date.dayNumber) * 86_400 + Int64(seconds))
    }

    /// Parses text bytes; `nil` when they are not a date of an accepted form.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> LocalTimestamp? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        guard end - start >= 6 else { return nil }
        var cursor = Cursor(bytes: bytes, index: start, end: end)
        guard let first = cursor.number(maxDigits: 4) else { return nil }
        let year: Int
        let month: Int
        let day: Int
        if cursor.take(UInt8(ascii: "-")) {
            guard first.digits == 4, let m = cursor.number(maxDigits: 2), m.digits == 2, cursor.take(UInt8(ascii: "-")),
                let d = cursor.number(maxDigits: 2), d.digits == 2
            else { return nil }
            (year, month, day) = (first.value, m.value, d.value)
            if cursor.atEnd { return make(year, month, day, 0, 0, 0) }
            guard cursor.take(UInt8(ascii: "T")) || cursor.take(UInt8(ascii: " ")) else { return nil }
            while cursor.take(UInt8(ascii: " ")) {}
        } else if cursor.take(UInt8(ascii: "/")) {
            guard first.digits <= 2, let d = cursor.number(maxDigits: 2), cursor.take(UInt8(ascii: "/")),
                let y = cursor.number(maxDigits: 4), y.digits == 4
            else { return nil }
            (year, month, day) = (y.value, first.value, d.value)
            if cursor.atEnd { return make(year, month, day, 0, 0, 0) }
            guard cursor.take(UInt8(ascii: " ")) else { return nil }
            while cursor.take(UInt8(ascii: " ")) {}
        } else {
            return excelSerialText(bytes, start, end)
        }
        guard let h = cursor.number(maxDigits: 2), cursor.take(UInt8(ascii: ":")),
            let mi = cursor.number(maxDigits: 2), mi.digits == 2
        else { return nil }
        var hour = h.value
        var second = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let s = cursor.number(maxDigits: 2), s.digits == 2 else { return nil }
            second = s.value
            if cursor.take(UInt8(ascii: ".")) {
                guard let frac = cursor.number(maxDigits: 9) else { return nil }
                if frac.digits > 0, frac.value * 2 >= pow10(frac.digits) { second += 1 }
            }
        }
        while cursor.take(UInt8(ascii: " ")) {}
        if !cursor.atEnd {
            let pm: Bool
            if cursor.takeCaseInsensitive("a", "m") {
                pm = false
            } else if cursor.takeCaseInsensitive("p", "m") {
                pm = true
            } else {
                return nil
            }
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
            guard cursor.atEnd else { return nil }
        }
        guard hour < 24, mi.value < 60, second <= 60 else { return nil }
        return make(year, month, day, hour, mi.value, second)
    }

    public static func parse(_ text: String) -> LocalTimestamp? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }

    private static func make(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> LocalTimestamp? {
        guard (1900...9999).contains(y), let date = CivilDate(year: y, month: m, day: d) else { return nil }
        return LocalTimestamp(seconds: Int64(date.dayNumber) * 86_400 + Int64(h * 3600 + mi * 60 + s))
    }

    private static func excelSerialText(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> LocalTimestamp? {
        guard let value = NumberParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), value >= 1 else {
            return nil
        }
        return fromExcelSerial(value)
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index: Int
        let end: Int

        var atEnd: Bool { index >= end }

        mutating func take(_ byte: UInt8) -> Bool {
            if index < end, bytes[index] == byte {
                index += 1
                return true
            }
            return false
        }

        /// Takes two letters, ignoring case (`am`, `PM`).
        mutating func takeCaseInsensitive(_ first: Character, _ second: Character) -> Bool {
            guard end - index >= 2, bytes[index] | 0x20 == first.asciiValue!,
                bytes[index + 1] | 0x20 == second.asciiValue!
            else {
                return false
            }
            index += 2
            return true
        }

        mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
            var value = 0
            var digits = 0
            while index < end, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : (value, digits)
        }
    }
}
