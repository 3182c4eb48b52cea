import Foundation
import Testing

@testable import RFMCore

@Suite struct DateParserTests {
    func ts(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> LocalTimestamp {
        LocalTimestamp(date: CivilDate(year: y, month: mo, day: d)!, hour: h, minute: mi, second: s)
    }

    @Test func ukExportForm() {
        #expect(DateParser.parse("12/1/2010 8:26") == ts(2010, 12, 1, 8, 26))
        #expect(DateParser.parse("1/10/2011 17:05") == ts(2011, 1, 10, 17, 5))
        #expect(DateParser.parse("01/10/2011 17:05:09") == ts(2011, 1, 10, 17, 5, 9))
        #expect(DateParser.parse("12/9/2011") == ts(2011, 12, 9))
        #expect(DateParser.parse("12/9/2011 12:50 PM") == ts(2011, 12, 9, 12, 50))
        #expect(DateParser.parse("12/9/2011 12:50 am") == ts(2011, 12, 9, 0, 50))
        #expect(DateParser.parse("12/9/2011 1:05 pm") == ts(2011, 12, 9, 13, 5))
    }

    @Test func iso8601Forms() {
        #expect(DateParser.parse("2010-12-01") == ts(2010, 12, 1))
        #expect(DateParser.parse("2010-12-01 08:26") == ts(2010, 12, 1, 8, 26))
        #expect(DateParser.parse("2010-12-01 08:26:59") == ts(2010, 12, 1, 8, 26, 59))
        #expect(DateParser.parse("2010-12-01T08:26:00") == ts(2010, 12, 1, 8, 26))
        #expect(DateParser.parse(" 2010-12-01T08:26:00.600 ") == ts(2010, 12, 1, 8, 26, 1))
    }

    @Test func excelSerials() {
        // 40513.35 is 2010-12-01 08:24 in Excel's 1900 system.
        #expect(DateParser.fromExcelSerial(40513.35) == ts(2010, 12, 1, 8, 24))
        #expect(DateParser.parse("40513.35") == ts(2010, 12, 1, 8, 24))
        #expect(DateParser.fromExcelSerial(61) == ts(1900, 3, 1))
        #expect(DateParser.fromExcelSerial(1) == ts(1900, 1, 1))
        #expect(DateParser.fromExcelSerial(39051.35, uses1904: true) == ts(2010, 12, 1, 8, 24))
        #expect(DateParser.fromExcelSerial(.nan) == nil)
        #expect(DateParser.fromExcelSerial(-3) == nil)
    }

    @Test(arguments: [
        "13/1/2010 8:26", "2011-02-30", "2011-2-3", "yesterday", "", "12/1/10 8:26", "2010-12-01 25:00",
        "2010-12-01 08:26+02:00", "0999-01-01", "12/1/2010 8:6", "1e309",
    ])
    func rejects(_ text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    @Test func civilDateRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let d = CivilDate(dayNumber: day)
            let c = d.components
            #expect(CivilDate(year: c.year, month: c.month, day: c.day) == d)
        }
        #expect(CivilDate(year: 2011, month: 12, day: 9)!.description == "2011-12-09")
        #expect(CivilDate(year: 2011, month: 12, day: 9)!.firstOfNextMonth.description == "2012-01-01")
    }
}

@Suite struct NumberParserTests {
    @Test func agreesWithSwiftDoubleParsingBitForBit() {
        var rng = SystemRandomNumberGenerator()
        var texts = [
            "2.55", "0.1", "-80995", "1e3", "1.5E-2", ".5", "2.", "+3.25", "123456789012345678901234", "0.000001",
            "4.2949672950000000001", "9007199254740993", "1e22", "1e23", "3.141592653589793238",
        ]
        for _ in 0..<2000 {
            let mantissa = UInt64.random(in: 0...999_999_999_999, using: &rng)
            let decimals = Int.random(in: 0...8, using: &rng)
            var s = String(mantissa)
            if decimals > 0 && decimals < s.count { s.insert(".", at: s.index(s.endIndex, offsetBy: -decimals)) }
            texts.append(s)
        }
        for t in texts {
            #expect(NumberParser.parse(t)?.bitPattern == Double(t)?.bitPattern, "\(t)")
        }
    }

    /// The CSV cell's rules around the shared parser: spaces and tabs on either side and a carriage return after.
    @Test func surroundingBlanks() {
        #expect(NumberParser.parse(" 12 ") == 12)
        #expect(NumberParser.parse("\t-2.5\t") == -2.5)
        #expect(NumberParser.parse("3.25\r") == 3.25)
        #expect(NumberParser.parse("  +1e3 \r") == 1000)
        #expect(NumberParser.parse("\r12") == nil)
        #expect(NumberParser.parse("12\n") == nil)
        #expect(NumberParser.parse("1 2") == nil)
    }

    @Test(arguments: [
        "", " ", "1,234.5", "NaN", "nan", "inf", "-inf", "1e309", "--1", "1.2.3", "12abc", "0x1F", "1e", ".",
    ])
    func rejects(_ text: String) {
        #expect(NumberParser.parse(text) == nil)
    }

    @Test func fixedDecimals() {
        #expect(NumberFormatting.fixed(1797.24, decimals: 2) == "1797.24")
        #expect(NumberFormatting.fixed(0.005, decimals: 2) == "0.01")
        #expect(NumberFormatting.fixed(-2.5, decimals: 0) == "-3")
        #expect(NumberFormatting.fixed(0.0001, decimals: 2) == "0.00")
        #expect(NumberFormatting.plain(17850) == "17850")
        #expect(NumberFormatting.plain(2.55) == "2.55")
    }
}
