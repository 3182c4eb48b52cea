import RFMWorkbook

/// A workbook spec using every block kind, format and chart type.
enum Fixture {
    static let customerColumns: [TableColumn] = [
        TableColumn("Customer ID", format: .text),
        TableColumn("First purchase", format: .date),
        TableColumn("Orders", format: .integer),
        TableColumn("Monetary", format: .money(symbol: "£"), colourScale: true),
        TableColumn("Share", format: .percent(places: 1)),
        TableColumn("Distance", format: .decimal(places: 2)),
        TableColumn("Active", format: .text),
        TableColumn("Notes", format: .wrappedText, width: 30),
    ]

    static let customerRows: [[CellValue]] = [
        [
            .text("012345"), .date(year: 2010, month: 12, day: 1), .integer(12), .number(1234.5), .number(0.125),
            .number(3.14159), .bool(true), .text("plain note"),
        ],
        [
            .text("000007"), .date(year: 2011, month: 2, day: 28), .integer(1), .number(-20.25), .number(0.5),
            .number(.nan), .bool(false), .text("bell\u{07}and\u{0B}tab\tkept"),
        ],
        [
            .text("12346"), .date(daysSince1970: 0), .integer(1_000_000), .number(99_999.99), .number(1),
            .empty, .text("yes"), .text(String(repeating: "long text ", count: 20)),
        ],
    ]

    static let segmentRows: [[CellValue]] = [
        [.text("Champions"), .integer(120), .number(45_000)],
        [.text("Loyal"), .integer(300), .number(30_000)],
        [.text("At risk"), .integer(80), .number(4_000)],
    ]

    static let spec = WorkbookSpec(
        sheets: [
            SheetSpec(
                name: "Summary",
                blocks: [
                    .keyValues([
                        KeyValue("Customers", .integer(500), format: .integer),
                        KeyValue("Revenue", .number(79_000), format: .money(symbol: "£")),
                        KeyValue("Snapshot", .date(year: 2011, month: 12, day: 10), format: .date),
                        KeyValue("Best model", .text("KMeans k=4")),
                    ]),
                    .note("Figures exclude returns.\u{01}"),
                    .table(
                        SheetTable(
                            id: "segments", title: "Segments",
                            columns: [
                                TableColumn("Segment"), TableColumn("Customers", format: .integer),
                                TableColumn("Revenue", format: .money(symbol: "£")),
                            ], rows: segmentRows, asExcelTable: true)),
                    .chart(
                        WorkbookChart(
                            kind: .column, title: "Customers per segment",
                            categories: ColumnReference(table: "segments", column: "Segment"),
                            series: [.init(ColumnReference(table: "segments", column: "Customers"))],
                            categoryAxisTitle: "Segment", valueAxisTitle: "Customers")),
                    .chart(
                        WorkbookChart(
                            kind: .bar, title: "Revenue per segment",
                            categories: ColumnReference(table: "segments", column: "Segment"),
                            series: [.init(ColumnReference(table: "segments", column: "Revenue"), name: "Revenue (£)")],
                            categoryAxisTitle: "Segment", valueAxisTitle: "Revenue")),
                ]),
            SheetSpec(
                name: "Customers",
                blocks: [
                    .table(
                        SheetTable(id: "customers", columns: customerColumns, rows: customerRows, highlightRows: [1]))
                ], freezeHeader: true),
            SheetSpec(
                name: "Models: k/means?",
                blocks: [
                    .table(
                        SheetTable(
                            id: "models", title: "Model comparison",
                            columns: [
                                TableColumn("k", format: .integer),
                                TableColumn("Silhouette", format: .decimal(places: 3)),
                            ], rows: (2...6).map { [.integer($0), .number(0.2 + Double($0) / 50)] }, highlightRows: [2])
                    ),
                    .chart(
                        WorkbookChart(
                            kind: .line, title: "Silhouette",
                            categories: ColumnReference(table: "models", column: "k"),
                            series: [.init(ColumnReference(table: "models", column: "Silhouette"))])),
                ]),
        ], headerColour: "#2E6B8A", properties: .init(title: "Test workbook", author: "tests", comments: "fixture"))
}
