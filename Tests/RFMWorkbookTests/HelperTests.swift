import RFMPrimitives
import Testing

@testable import RFMWorkbook

/// The small pure pieces: text cleaning, sheet names, dates, formats, widths.
@Suite struct HelperTests {
    @Test func xmlCleaningDropsForbiddenCharacters() {
        #expect(XMLText.clean("plain") == "plain")
        #expect(XMLText.clean("a\u{00}b\u{1F}c\u{FFFE}d\u{FFFF}e") == "abcde")
        #expect(XMLText.clean("tab\tLF\nCR\r") == "tab\tLF\nCR\r")
        #expect(XMLText.clean("£€ü日本\u{1F600}") == "£€ü日本\u{1F600}")
        #expect(XMLText.clean(String(repeating: "x", count: 40_000)).count == XMLText.maxCellCharacters)
    }

    @Test func sheetNamesAreCleanedAndContinued() {
        #expect(SheetName.clean("Models: k/means?") == "Models_ k_means_")
        #expect(SheetName.clean("'quoted'") == "quoted")
        #expect(SheetName.clean("") == "Sheet")
        #expect(SheetName.clean(String(repeating: "n", count: 40)).count == 31)
        #expect(SheetName.continuation("Customers", part: 2) == "Customers (2)")
        let long = SheetName.continuation(String(repeating: "n", count: 31), part: 12)
        #expect(long.count == 31 && long.hasSuffix(" (12)"))
    }

    @Test func civilDatesRoundTrip() {
        #expect(CivilDate.daysSince1970(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.daysSince1970(year: 2011, month: 12, day: 9) == 15_317)
        // Excel serial of 2011-12-09 is 40886.
        #expect(CivilDate.daysSince1970(year: 2011, month: 12, day: 9) + CivilDate.excelSerialOf1970 == 40_886)
        for days in stride(from: -30_000, through: 60_000, by: 97) {
            let (y, m, d) = CivilDate(dayNumber: days).components
            #expect(CivilDate.daysSince1970(year: y, month: m, day: d) == days)
        }
    }

    @Test func numberFormats() {
        #expect(ColumnFormat.money(symbol: "£").excelNumberFormat == "£#,##0.00;-£#,##0.00")
        #expect(ColumnFormat.money(symbol: "CHF ").excelNumberFormat == "\"CHF \"#,##0.00;-\"CHF \"#,##0.00")
        #expect(ColumnFormat.percent(places: 1).excelNumberFormat == "0.0%")
        #expect(ColumnFormat.percent(places: 0).excelNumberFormat == "0%")
        #expect(ColumnFormat.decimal(places: 3).excelNumberFormat == "#,##0.000")
        #expect(ColumnFormat.integer.excelNumberFormat == "#,##0")
        #expect(ColumnFormat.date.excelNumberFormat == "d mmm yyyy")
        #expect(ColumnFormat.text.excelNumberFormat == "@")
    }

    @Test func widthsFitAndCap() {
        #expect(ColumnWidth.characters(.number(1_234_567.891), .money(symbol: "£")) == "£1,234,567.89".count)
        #expect(ColumnWidth.characters(.number(0.125), .percent(places: 1)) == "12.5%".count)
        #expect(ColumnWidth.characters(.integer(-1000), .integer) == "-1,000".count)
        #expect(ColumnWidth.fitted(500, header: 5, wrapped: false) == ColumnWidth.maximum)
        #expect(ColumnWidth.fitted(500, header: 5, wrapped: true) == ColumnWidth.maximumWrapped)
        #expect(ColumnWidth.fitted(1, header: 0, wrapped: false) == ColumnWidth.minimum)
    }

    @Test func cellNames() {
        #expect(CellName.a1(row: 0, column: 0) == "A1")
        #expect(CellName.a1(row: 9, column: 25) == "Z10")
        #expect(CellName.a1(row: 0, column: 26) == "AA1")
        #expect(CellName.a1(row: 1_048_575, column: 16_383) == "XFD1048576")
    }

    @Test func tableNamesAvoidCellReferences() {
        #expect(CharacterSetCheck.looksLikeCellReference("A1"))
        #expect(CharacterSetCheck.looksLikeCellReference("R1C1"))
        #expect(CharacterSetCheck.looksLikeCellReference("c"))
        #expect(!CharacterSetCheck.looksLikeCellReference("segments"))
        #expect(!CharacterSetCheck.looksLikeCellReference("Customers2024"))
    }
}
