import Testing

@testable import RFMCore

/// Feeds rows of text to a collector, as the CSV reader does.
func collect(header: [String], rows: [[String]], strict: Bool = false, overrides: [ColumnRole: String] = [:]) throws
    -> TransactionTable
{
    var collector = TransactionCollector(strict: strict)
    let mapping = try ColumnMapping.resolve(header: header, overrides: overrides, file: "t.csv")
    collector.begin(file: "t.csv", sheet: nil, mapping: mapping)
    for (k, row) in rows.enumerated() {
        let bytes = row.map { Array($0.utf8) }
        var storage: [[UInt8]] = bytes
        try withCells(&storage, 0, []) { cells in try collector.add(cells, line: k + 2) }
    }
    return collector.finish()
}

private func withCells(
    _ storage: inout [[UInt8]], _ i: Int, _ acc: [RawCell], _ body: (UnsafeBufferPointer<RawCell>) throws -> Void
) throws {
    if i == storage.count {
        try acc.withUnsafeBufferPointer { try body($0) }
        return
    }
    let copy = storage[i]
    try copy.withUnsafeBytes { raw in
        try withCells(&storage, i + 1, acc + [raw.isEmpty ? .empty : .text(raw)], body)
    }
}

let uciHeader = [
    "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country",
]

@Suite struct TransactionCollectorTests {
    @Test("every rule's removals land under that rule, amount files included")
    func removalsByRule() throws {
        #expect(
            CleaningRule.allCases == [
                .malformed, .missingCustomerID, .cancelledInvoice, .quantityNonPositive,
                .priceNonPositive, .amountNonPositive, .duplicateRows,
            ])
        let rows: [[String]] = [
            ["A1", "2010-12-01", "10", "17850"],
            ["A1", "2010-12-01", "10", "17850"],  // duplicate
            ["A2", "2010-12-01", "0", "17850"],  // amount 0
            ["A3", "2010-12-01", "-4", "17850"],  // amount < 0
            ["A4", "2010-12-01", "x", "17850"],  // malformed
            ["A5", "2010-12-01", "5", ""],  // missing id
        ]
        let t = try collect(header: ["InvoiceNo", "InvoiceDate", "Amount", "CustomerID"], rows: rows)
        #expect(
            t.cleaning.removed == [
                .malformed: 1, .missingCustomerID: 1, .cancelledInvoice: 0,
                .quantityNonPositive: 0, .priceNonPositive: 0, .amountNonPositive: 2,
                .duplicateRows: 1,
            ])
        #expect(t.cleaning.rowsAfter == 1)
    }

    @Test("the interner gives one id per distinct string, repeated or not, and keeps its bytes")
    func internerIDs() {
        var interner = ByteInterner(capacity: 2)
        func id(_ s: String) -> Int32 { Array(s.utf8).withUnsafeBytes { interner.intern($0) } }
        let ids = ["17850", "17850", "13047", "17850", "", "", "13047", "1785", "178500"].map(id)
        #expect(ids == [0, 0, 1, 0, 2, 2, 1, 3, 4])
        #expect(interner.count == 5)
        #expect((0..<5).map { interner.string(Int32($0)) } == ["17850", "13047", "", "1785", "178500"])
        // Past several rehashes the ids stay the same.
        let many = (0..<5000).map { id("c\($0)") }
        #expect(many == (0..<5000).map { Int32(5 + $0) })
        #expect(id("17850") == 0 && id("c42") == 47)
    }

    @Test("numeric ids from a workbook intern as their plain text, the same as the text ids of a CSV")
    func numericIDs() throws {
        var collector = TransactionCollector(strict: false)
        let mapping = try ColumnMapping.resolve(header: uciHeader, overrides: [:], file: "t.xlsx")
        collector.begin(file: "t.xlsx", sheet: "S", mapping: mapping)
        let customers: [Double] = [17850, 17850, -12, 1e15, 12.5, 0]
        for (k, customer) in customers.enumerated() {
            let text = Array("X".utf8)
            try text.withUnsafeBytes { x in
                let cells: [RawCell] = [
                    .number(Double(536365 + k)), .text(x), .text(x), .number(1),
                    .number(40513.5 + Double(k)), .number(2), .number(customer), .text(x),
                ]
                try cells.withUnsafeBufferPointer { try collector.add($0, line: k + 2) }
            }
        }
        let t = collector.finish()
        #expect(
            (0..<t.customers.count).map { t.customers.string(Int32($0)) } == [
                "17850", "-12", NumberFormatting.plain(1e15), "12.5", "0",
            ])
        #expect(t.invoices.string(0) == "536365")
    }

    @Test func appliesEveryCleaningRuleInOrderAndCountsIt() throws {
        let rows: [[String]] = [
            ["536365", "85123A", "HEART", "6", "12/1/2010 8:26", "2.55", "17850", "United Kingdom"],
            // A duplicate (the same id):
            ["536365", "85123A", "HEART", "6", "12/1/2010 8:26", "2.55", "17850.0", "United Kingdom"],
            ["536366", "22633", "HAND WARMER", "6", "12/1/2010 8:28", "1.85", "", "United Kingdom"],  // missing id
            ["C536379", "D", "Discount", "-1", "12/1/2010 9:41", "27.5", "14527", "United Kingdom"],  // cancelled
            // Cancelled, in lower case:
            ["c536380", "D", "Discount", "1", "12/1/2010 9:41", "27.5", "14527", "United Kingdom"],
            ["536381", "22", "X", "0", "12/1/2010 9:41", "2.5", "14527", "United Kingdom"],  // quantity 0
            ["536382", "22", "X", "2", "12/1/2010 9:41", "0", "14527", "United Kingdom"],  // price 0
            ["536383", "22", "X", "two", "12/1/2010 9:41", "1", "14527", "United Kingdom"],  // malformed quantity
            ["536384", "22", "X", "2", "31/12/2010", "1", "14527", "United Kingdom"],  // malformed date
            ["536385", "22", "X", "2", "12/2/2010 10:00", "1.5", " 14527 ", "France"],  // kept
        ]
        let t = try collect(header: uciHeader, rows: rows)
        let c = t.cleaning
        #expect(c.rowsRead == 10)
        #expect(c.count(.malformed) == 2)
        #expect(c.count(.missingCustomerID) == 1)
        #expect(c.count(.cancelledInvoice) == 2)
        #expect(c.count(.quantityNonPositive) == 1)
        #expect(c.count(.priceNonPositive) == 1)
        #expect(c.count(.duplicateRows) == 1)
        #expect(c.rowsAfter == 2)
        #expect(t.customers.count == 2)
        #expect(c.malformedExamples.map(\.location.column) == ["Quantity", "InvoiceDate"])
        #expect(c.malformedExamples[0].location.line == 9)
        #expect(c.malformedExamples[0].found == "\"two\"")
        #expect(t.preview.count == 2)
    }

    @Test func strictModeFailsOnTheFirstMalformedRow() {
        #expect(
            throws: InputError.malformedRow(
                location: SourceLocation(file: "t.csv", line: 2, column: "UnitPrice"), expected: "a number",
                found: "\"1,5\"")
        ) {
            _ = try collect(
                header: uciHeader, rows: [["1", "s", "d", "2", "2011-01-01", "1,5", "7", "UK"]], strict: true)
        }
    }

    @Test func amountColumnInsteadOfQuantityAndPrice() throws {
        let t = try collect(
            header: ["Invoice", "Customer ID", "Date", "Amount"],
            rows: [["1", "a", "2011-01-01", "10.5"], ["2", "a", "2011-01-02", "-3"], ["3", "b", "2011-01-03", "2"]])
        #expect(t.cleaning.count(.amountNonPositive) == 1)
        #expect(t.amount == [10.5, 2])
    }

    @Test func withoutInvoiceColumnEachCustomerDayIsOnePurchase() throws {
        let t = try collect(
            header: ["customer_id", "invoice_date", "quantity", "price"],
            rows: [
                ["a", "2011-01-01 10:00", "1", "2"], ["a", "2011-01-01 15:00", "1", "3"],
                ["a", "2011-01-02", "1", "1"],
            ])
        let rfm = try RFMCalculator.compute(t, snapshot: .dayAfterLastInvoice)
        #expect(rfm.customers.map(\.frequency) == [2])
        #expect(rfm.customers.map(\.monetary) == [6])
        #expect(rfm.customers.map(\.recency) == [1])
    }

    @Test func missingRequiredColumnNamesTheFileAndTheHeader() {
        #expect {
            _ = try collect(header: ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "Country"], rows: [])
        } throws: { error in
            let text = (error as? InputError)?.description ?? ""
            return text.contains("t.csv") && text.contains("no customer column") && text.contains("\"Country\"")
        }
    }

    @Test func columnOverrideMapsAnotherHeader() throws {
        let t = try collect(
            header: ["client_id", "when", "qty", "price"], rows: [["42", "2011-01-01", "1", "2"]],
            overrides: [.customer: "client_id", .date: "when"])
        #expect(t.customers.string(0) == "42")
    }
}

@Suite struct RFMCalculatorTests {
    let rows: [[String]] = [
        ["1", "s", "d", "1", "2011-01-05 10:00", "10", "17850", "UK"],
        ["2", "s", "d", "1", "2011-01-20 10:00", "5", "17850", "UK"],
        ["3", "s", "d", "2", "2011-02-03 10:00", "1", "12346", "Norway"],
        ["3", "s", "e", "1", "2011-02-03 10:00", "4", "12346", "Norway"],
    ]

    @Test func anInvoiceSharedByTwoCustomersCountsForEach() throws {
        // Invoice 7 belongs to both customers (the array fast path must give way to the set); invoice 8 repeats.
        let shared: [[String]] = [
            ["7", "s", "d", "1", "2011-01-05 10:00", "10", "17850", "UK"],
            ["8", "s", "d", "1", "2011-01-06 10:00", "10", "17850", "UK"],
            ["7", "s", "e", "1", "2011-01-05 10:00", "4", "12346", "UK"],
            ["8", "s", "e", "1", "2011-01-06 11:00", "3", "17850", "UK"],
            ["9", "s", "e", "1", "2011-01-07 11:00", "3", "12346", "UK"],
        ]
        let table = try collect(header: uciHeader, rows: shared)
        let rfm = try RFMCalculator.compute(table, snapshot: .dayAfterLastInvoice)
        #expect(rfm.customers.map(\.id) == ["12346", "17850"])
        #expect(rfm.customers.map(\.frequency) == [2, 2])
        // Without the shared invoice the fast path counts the same.
        let single = try RFMCalculator.compute(
            try collect(header: uciHeader, rows: shared.filter { !($0[0] == "7" && $0[6] == "12346") }),
            snapshot: .dayAfterLastInvoice)
        #expect(single.customers.map(\.frequency) == [1, 2])
    }

    @Test func snapshotIsTheDayAfterTheLastInvoice() throws {
        let rfm = try RFMCalculator.compute(try collect(header: uciHeader, rows: rows), snapshot: .dayAfterLastInvoice)
        #expect(rfm.snapshot.description == "2011-02-04")
        #expect(rfm.customers.map(\.id) == ["12346", "17850"])
        #expect(rfm.customers.map(\.recency) == [1, 15])
        #expect(rfm.customers.map(\.frequency) == [1, 2])
        #expect(rfm.customers.map(\.monetary) == [6, 15])
    }

    @Test func asOfAndMonthIgnoreLaterTransactions() throws {
        let table = try collect(header: uciHeader, rows: rows)
        let asOf = try RFMCalculator.compute(table, snapshot: .asOf(CivilDate(year: 2011, month: 1, day: 20)!))
        #expect(asOf.snapshot.description == "2011-01-21")
        #expect(asOf.customers.map(\.id) == ["17850"])
        #expect(asOf.customers[0].recency == 1)
        #expect(asOf.rowsAfterCutoff == 2)
        let month = try RFMCalculator.compute(table, snapshot: .month(year: 2011, month: 1))
        #expect(month.snapshot.description == "2011-02-01")
        #expect(month.customers.map(\.frequency) == [2])
        #expect(throws: InputError.self) {
            _ = try RFMCalculator.compute(table, snapshot: .month(year: 2010, month: 11))
        }
    }
}

/// The Latin-1 count of a table: distinct customer ids and countries that are not valid UTF-8.
@Suite struct Latin1CountTests {
    @Test func countsDistinctValuesThatAreNotUTF8() {
        var t = TransactionTable()
        for id in [Array("17850".utf8), [0x41, 0xE9], [0x41, 0xE9], Array("Zoë".utf8), [0xFF]] {
            _ = id.withUnsafeBytes { t.customers.intern($0) }
        }
        for country in [Array("España".utf8), [0x45, 0x73, 0x70, 0x61, 0xF1, 0x61], Array("UK".utf8)] {
            _ = country.withUnsafeBytes { t.countries.intern($0) }
        }
        #expect(t.latin1Values == Latin1Values(customerIDs: 2, countries: 1))
        #expect(t.latin1Values.total == 3)
        #expect(t.customers.string(1) == "Aé")
        #expect(TransactionTable().latin1Values.total == 0)
    }
}
