/// A calendar day without time zone, stored as days since 1970-01-01 (proleptic Gregorian): the one date type of
/// rfm, for the transactions and snapshots (RFMCore) and the dates written into workbooks (RFMWorkbook).
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The date, or `nil` for an impossible one (month outside 1...12, day outside the month).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        dayNumber = CivilDate.daysSince1970(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 of a year, month (1-12) and day (Howard Hinnant's `days_from_civil`), without checking
    /// that the day exists: day 0 is the last day of the month before, day 32 runs into the next month.
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Excel's serial for 1970-01-01 in the 1900 date system (serial 1 = 1900-01-01, with Excel's phantom
    /// 1900-02-29, so serials are right from 1900-03-01 on): a date's serial is `dayNumber + excelSerialOf1970`.
    public static let excelSerialOf1970 = 25_569

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day) of this date (Howard Hinnant's `civil_from_days`).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The first day of the month after this date's month.
    public var firstOfNextMonth: CivilDate {
        let c = components
        return c.month == 12
            ? CivilDate(year: c.year + 1, month: 1, day: 1)! : CivilDate(year: c.year, month: c.month + 1, day: 1)!
    }

    /// ISO 8601 `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, found \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A local date and time without zone, as whole seconds since 1970-01-01 00:00:00.
public struct LocalTimestamp: Sendable, Hashable, Comparable {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The calendar day (the time cut off).
    public var day: CivilDate {
        CivilDate(dayNumber: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    public var description: String {
        let secs = Int(seconds - Int64(day.dayNumber) * 86_400)
        return "\(day) \(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2))"
    }

    public static func < (a: LocalTimestamp, b: LocalTimestamp) -> Bool { a.seconds < b.seconds }
}

@inline(__always)
private func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
