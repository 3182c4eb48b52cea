import Foundation
import Testing

@testable import XLSXReader

@Suite("The UCI Online Retail workbook")
struct OnlineRetailTests {
    @Test(
        "every row reads with the values openpyxl and calamine give, parsed on a second thread or not",
        .enabled(
            if: Fixture.onlineRetail != nil,
            "needs ../shared/data/online_retail/Online Retail.xlsx (or RFM_ONLINE_RETAIL_XLSX)"),
        arguments: [true, false])
    func fullWorkbook(onSecondThread: Bool) throws {
        let wb = try XLSXWorkbook(url: Fixture.onlineRetail!)
        wb.parsesOnSecondThread = onSecondThread
        #expect(wb.sheets.map(\.name) == ["Online Retail"])
        var count = 0
        var samples: [Int: [XLSXCell]] = [:]
        var lastNumber = 0
        var widths = Set<Int>()
        try wb.readRows(of: wb.sheets[0]) { row in
            count += 1
            lastNumber = row.number
            widths.insert(row.cells.count)
            if [1, 2, 3, 1001, 100_001, 541_909, 541_910].contains(row.number) { samples[row.number] = row.cells }
            return true
        }
        #expect(count == 541_910)
        #expect(lastNumber == 541_910)
        #expect(widths == [8])
        #expect(
            samples[1]
                == [
                    "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                    "CustomerID", "Country",
                ].map { .text($0) })
        // 2010-12-01 08:26 is serial 40513 + 8h26m/24h.
        #expect(
            samples[2] == [
                .number(536365), .text("85123A"), .text("WHITE HANGING HEART T-LIGHT HOLDER"),
                .number(6), .number(40513.35138888889), .number(2.55), .number(17850),
                .text("United Kingdom"),
            ])
        #expect(samples[3]?[1] == .number(71053))
        #expect(samples[3]?[2] == .text("WHITE METAL LANTERN"))
        #expect(samples[1001]?[2] == .text("TOAST ITS - HAPPY BIRTHDAY"))
        #expect(samples[100_001]?[1] == .text("85086A"))
        #expect(samples[541_909]?[0] == .number(581587))
        #expect(samples[541_909]?[2] == .text("CHILDRENS CUTLERY CIRCUS PARADE"))
        #expect(samples[541_909]?[5] == .number(4.15))
        #expect(samples[541_909]?[7] == .text("France"))
        if case .number(let serial)? = samples[2]?[4] {
            #expect(abs(serial - (40513 + (8 * 60 + 26) / 1440.0)) < 1e-9)
        }
    }
}
