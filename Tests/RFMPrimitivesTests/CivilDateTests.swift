import RFMPrimitives
import Testing

/// The one date type: what RFMCore's and RFMWorkbook's two copies each did, now in one place.
@Suite struct CivilDateTests {
    @Test func daysSince1970AndComponentsRoundTrip() {
        #expect(CivilDate.daysSince1970(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.daysSince1970(year: 2011, month: 12, day: 9) == 15_317)
        #expect(CivilDate.daysSince1970(year: 1969, month: 12, day: 31) == -1)
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let c = CivilDate(dayNumber: day).components
            #expect(CivilDate.daysSince1970(year: c.year, month: c.month, day: c.day) == day)
            #expect(CivilDate(year: c.year, month: c.month, day: c.day)?.dayNumber == day)
        }
    }

    @Test func impossibleDatesAreRefusedByTheInitialiserOnly() {
        #expect(CivilDate(year: 2011, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2012, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2011, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2011, month: 4, day: 31) == nil)
        // The unchecked count runs on into the next month (the workbook's `CellValue.date(year:month:day:)`).
        #expect(
            CivilDate.daysSince1970(year: 2011, month: 2, day: 29) == CivilDate(year: 2011, month: 3, day: 1)!.dayNumber
        )
    }

    @Test func excelSerials() {
        // Excel's serial of 2011-12-09 is 40886; of 1900-03-01, 61.
        #expect(CivilDate(year: 2011, month: 12, day: 9)!.dayNumber + CivilDate.excelSerialOf1970 == 40_886)
        #expect(CivilDate(year: 1900, month: 3, day: 1)!.dayNumber + CivilDate.excelSerialOf1970 == 61)
    }

    @Test func textForms() {
        #expect(CivilDate(year: 2011, month: 12, day: 9)!.description == "2011-12-09")
        #expect(CivilDate(iso: "2011-12-09") == CivilDate(year: 2011, month: 12, day: 9))
        #expect(CivilDate(iso: "2011-2-09") == nil)
        #expect(CivilDate(year: 2011, month: 12, day: 9)!.firstOfNextMonth.description == "2012-01-01")
        let t = LocalTimestamp(date: CivilDate(year: 2010, month: 12, day: 1)!, hour: 8, minute: 26, second: 5)
        #expect(t.description == "2010-12-01 08:26:05")
        #expect(LocalTimestamp(seconds: -1).description == "1969-12-31 23:59:59")
    }
}
