import RFMWorkbook

/// A synthetic rfm-shaped workbook: deterministic values, no randomness between runs.
enum BenchSpec {
    static let segments = [
        "Champions", "Loyal", "Potential loyalists", "New", "Promising", "Need attention",
        "About to sleep", "At risk", "Cannot lose them", "Hibernating", "Lost",
    ]

    /// The spec for `customers` rows.
    static func make(customers: Int, generated: Bool = false) -> WorkbookSpec {
        let columns: [TableColumn] = [
            TableColumn("Customer ID", format: .text), TableColumn("Country", format: .text),
            TableColumn("First purchase", format: .date), TableColumn("Last purchase", format: .date),
            TableColumn("Recency (days)", format: .integer), TableColumn("Frequency", format: .integer),
            TableColumn("Monetary", format: .money(symbol: "£"), colourScale: true),
            TableColumn("Average order", format: .money(symbol: "£")),
            TableColumn("R", format: .integer), TableColumn("F", format: .integer), TableColumn("M", format: .integer),
            TableColumn("RFM score", format: .text), TableColumn("Segment", format: .text),
            TableColumn("Cluster", format: .integer), TableColumn("Distance", format: .decimal(places: 3)),
            TableColumn("Share of revenue", format: .percent(places: 2)),
            TableColumn("Returns", format: .integer), TableColumn("Churn risk", format: .percent(places: 1)),
        ]
        let rows =
            generated
            ? TableRows(count: customers, row: customerRow)
            : TableRows((0..<customers).map(customerRow))
        let segmentRows: [[CellValue]] = segments.enumerated().map { index, name in
            [
                .text(name), .integer(100 + index * 37), .number(Double(index + 1) / 66),
                .number(1234.5 * Double(11 - index)),
            ]
        }
        let segmentTable = SheetTable(
            id: "segments", title: "Segments",
            columns: [
                TableColumn("Segment"), TableColumn("Customers", format: .integer),
                TableColumn("Share", format: .percent(places: 1)), TableColumn("Revenue", format: .money(symbol: "£")),
            ], rows: segmentRows, asExcelTable: true)
        let modelTable = SheetTable(
            id: "models", title: "Model comparison",
            columns: [
                TableColumn("Model"), TableColumn("k", format: .integer),
                TableColumn("Silhouette", format: .decimal(places: 3)),
                TableColumn("Davies-Bouldin", format: .decimal(places: 3)),
            ],
            rows: (2...8).map { k in
                [.text("KMeans k=\(k)"), .integer(k), .number(0.3 + Double(k % 4) / 20), .number(1.2 - Double(k) / 20)]
            },
            highlightRows: [2])
        let monthly = SheetTable(
            id: "monthly", title: "Revenue by month",
            columns: [
                TableColumn("Month", format: .date), TableColumn("Revenue", format: .money(symbol: "£")),
            ],
            rows: (0..<13).map { m in
                [
                    .date(year: 2010 + (11 + m) / 12, month: (11 + m) % 12 + 1, day: 1),
                    .number(500_000 + Double(m) * 21_000),
                ]
            })
        return WorkbookSpec(
            sheets: [
                SheetSpec(
                    name: "Summary",
                    blocks: [
                        .keyValues([
                            KeyValue("Customers", .integer(customers), format: .integer),
                            KeyValue("Revenue", .number(8_900_000), format: .money(symbol: "£")),
                            KeyValue("Snapshot", .date(year: 2011, month: 12, day: 10), format: .date),
                        ]),
                        .note("Synthetic data written by WorkbookBench."),
                    ]),
                SheetSpec(
                    name: "Segments",
                    blocks: [
                        .table(segmentTable),
                        .chart(
                            WorkbookChart(
                                kind: .bar, title: "Customers per segment",
                                categories: ColumnReference(table: "segments", column: "Segment"),
                                series: [.init(ColumnReference(table: "segments", column: "Customers"))],
                                categoryAxisTitle: "Segment", valueAxisTitle: "Customers")),
                    ], freezeHeader: true),
                SheetSpec(
                    name: "Models",
                    blocks: [
                        .table(modelTable),
                        .chart(
                            WorkbookChart(
                                kind: .column, title: "Silhouette by k",
                                categories: ColumnReference(table: "models", column: "k"),
                                series: [.init(ColumnReference(table: "models", column: "Silhouette"))],
                                categoryAxisTitle: "k", valueAxisTitle: "Silhouette")),
                    ]),
                SheetSpec(
                    name: "Monthly",
                    blocks: [
                        .table(monthly),
                        .chart(
                            WorkbookChart(
                                kind: .line, title: "Revenue by month",
                                categories: ColumnReference(table: "monthly", column: "Month"),
                                series: [.init(ColumnReference(table: "monthly", column: "Revenue"))],
                                categoryAxisTitle: "Month", valueAxisTitle: "Revenue (£)")),
                    ]),
                SheetSpec(
                    name: "Rules",
                    blocks: [
                        .note("Segment rules: see the report."),
                        .keyValues([KeyValue("Champions", .text("R≥4, F≥4, M≥4"))]),
                    ]),
                SheetSpec(
                    name: "About",
                    blocks: [
                        .keyValues([
                            KeyValue("Tool", .text("rfm")),
                            KeyValue("libxlsxwriter", .text(WorkbookError.libraryVersion)),
                        ])
                    ]),
                SheetSpec(
                    name: "Customers",
                    blocks: [
                        .table(
                            SheetTable(
                                id: "customers", columns: columns, rowSource: rows,
                                asExcelTable: customers <= 100_000))
                    ],
                    freezeHeader: true),
            ], headerColour: "#1F4E79",
            properties: .init(title: "RFM segments", author: "rfm", comments: "WorkbookBench"))
    }
}

extension BenchSpec {
    static let countries = ["United Kingdom", "France", "Germany", "EIRE", "Spain", "Netherlands"]

    /// Customer `index`'s row: a pure function of the index (splitmix64 stream seeded by it).
    @Sendable static func customerRow(_ index: Int) -> [CellValue] {
        var state = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 ^ 0xD1B5_4A32_D192_ED03
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let r = Int(next() % 5) + 1
        let f = Int(next() % 5) + 1
        let m = Int(next() % 5) + 1
        let monetary = Double(next() % 1_000_000) / 100
        let frequency = Int(next() % 60) + 1
        let first = 14_975 + Int(next() % 300)
        return [
            .text(String(format6: 12_346 + index)), .text(countries[Int(next() % 6)]),
            .date(daysSince1970: first), .date(daysSince1970: first + Int(next() % 80)),
            .integer(Int(next() % 374)), .integer(frequency), .number(monetary),
            .number(monetary / Double(frequency)), .integer(r), .integer(f), .integer(m),
            .text("\(r)\(f)\(m)"), .text(segments[Int(next() % 11)]), .integer(Int(next() % 4)),
            .number(Double(next() % 10_000) / 1000), .number(monetary / 8_900_000),
            .integer(Int(next() % 5)), .number(Double(next() % 1000) / 1000),
        ]
    }
}

extension String {
    /// A zero-padded six-digit id ("012346"), like the product's text customer ids.
    init(format6 value: Int) {
        let digits = String(value)
        self = digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
    }
}
