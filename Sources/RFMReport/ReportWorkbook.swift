import Foundation
import RFMCore
import RFMSite
import RFMWorkbook
import Segmentation

/// `segments.xlsx` (SPEC §7, issue 5): the report as data, for a spreadsheet program.
struct ReportWorkbook {
    let analysis: RFMAnalysis
    let options: ReportOptions
    let headerColour: String
    /// "#RRGGBB" of each segment of `analysis.rules.segments`, as the HTML and its charts draw them.
    let segmentColours: [String]
    let checksums: [String: String]
    let ranAt: Date

    var money: ColumnFormat { .money(symbol: options.currency) }

    func spec() -> WorkbookSpec {
        WorkbookSpec(
            // In monthly mode the win-back list, the sheet a campaign starts from, comes right after the Summary.
            sheets: [summary()] + (winBack().map { [$0] } ?? [])
                + [segments(), clusters(), customers(), modelSelection(), dataQuality(), definitions()] + monthly(),
            headerColour: headerColour,
            properties: .init(
                title: "Customer segmentation \(analysis.rfm.snapshot)", author: "\(ToolInfo.name) \(ToolInfo.version)",
                comments: "RFM segments and clusters of \(analysis.rfm.customers.count) customers"))
    }

    /// Writes the workbook; returns the sheets the customer table was split over (Excel's row limit).
    func write(to path: String) throws(WorkbookError) -> [String] {
        let report = try WorkbookWriter.write(
            spec(), to: path, options: WriterOptions(threads: max(1, options.clustering.threads)))
        return report.splitSheets["Customers"] ?? []
    }

    static func date(_ d: CivilDate) -> CellValue { .date(daysSince1970: d.dayNumber) }

    /// After the best model's name: where an applied model came from.
    static func originNote(_ origin: ClusteringOrigin) -> String {
        guard case .applied(let source, let trained) = origin else { return "" }
        return " (saved model of \(source), trained at \(trained), applied unchanged)"
    }

    var customersSplit: Bool { analysis.rfm.customers.count + 1 > 1_048_576 }

    func summary() -> SheetSpec {
        let a = analysis
        let c = a.transactions.cleaning
        let stamp = ranAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        var run: [KeyValue] = [
            KeyValue(
                "Input",
                .text(
                    a.transactions.inputs.map(\.shortName).joined(
                        separator: ", "))),
            KeyValue(
                "Input checksum (CRC-32)",
                .text(a.transactions.inputs.map { checksums[$0.file] ?? "" }.joined(separator: ", "))),
            KeyValue("Snapshot date", Self.date(a.rfm.snapshot), format: .date),
            KeyValue("Snapshot rule", .text(options.snapshot.summary)),
            KeyValue("Segment rules", .text(options.rulesSource)),
            KeyValue("Score cut points", .text(options.scoring.summary)),
            KeyValue("Seed", .integer(Int(options.clustering.seed)), format: .integer),
            KeyValue("Feature transform", .text(options.clustering.transform.rawValue)),
            KeyValue("Tool", .text("\(ToolInfo.name) \(ToolInfo.version)")),
            KeyValue("Ran at", .text(stamp)),
            KeyValue("Customers", .integer(a.rfm.customers.count), format: .integer),
            KeyValue("Revenue", .number(a.segments.reduce(0) { $0 + $1.revenue }), format: money),
            KeyValue("Rows read", .integer(c.rowsRead), format: .integer),
            KeyValue("Rows kept after cleaning", .integer(c.rowsAfter), format: .integer),
            // Rows are line items; orders are distinct invoices (never one for the other).
            KeyValue("Rows used (up to the snapshot)", .integer(a.rfm.rowsUsed), format: .integer),
            KeyValue(
                a.transactions.hasInvoices ? "Orders (distinct invoices)" : "Purchase days",
                .integer(a.rfm.orders), format: .integer),
            KeyValue("First transaction", Self.date(a.rfm.firstTransaction.day), format: .date),
            KeyValue("Last transaction", Self.date(a.rfm.lastTransaction.day), format: .date),
        ]
        if let cl = a.clustering {
            let b = cl.best
            run += [
                KeyValue("Best model", .text("\(algorithmName(b.algorithm)), k = \(b.k)" + Self.originNote(cl.origin))),
                KeyValue("Silhouette", b.silhouette.map(CellValue.number) ?? .empty, format: .decimal(places: 4)),
                KeyValue(
                    "Davies-Bouldin", b.daviesBouldin.map(CellValue.number) ?? .empty, format: .decimal(places: 4)),
                KeyValue(
                    "Calinski-Harabasz", b.calinskiHarabasz.map(CellValue.number) ?? .empty, format: .decimal(places: 1)
                ),
                KeyValue(
                    "Holdout silhouette (20%)", cl.holdout.silhouette.map(CellValue.number) ?? .empty,
                    format: .decimal(places: 4)),
            ]
        } else if let note = a.clusteringNote {
            run.append(KeyValue("Clusters", .text(note)))
        }
        let table = SheetTable(
            id: "SummarySegments", title: "Segments",
            columns: [
                TableColumn("Segment"), TableColumn("Customers", format: .integer),
                TableColumn("Share", format: .percent(places: 1)),
                TableColumn("Revenue", format: money), TableColumn("Revenue share", format: .percent(places: 1)),
            ],
            rows: a.segments.map {
                [
                    .text($0.segment), .integer($0.customers), .number($0.share), .number($0.revenue),
                    .number($0.revenueShare),
                ]
            },
            autofilter: false)
        // One grid: the segment table sets the column widths (its charts beside it); the key figures and the
        // downloads below put their labels in its first column and each value across the others.
        let colours = a.segments.map { colour(of: $0.segment) }
        var blocks: [SheetBlock] = [
            .table(table),
            .chart(
                WorkbookChart(
                    kind: .column, title: "Customers per segment",
                    categories: ColumnReference(table: "SummarySegments", column: "Segment"),
                    series: [
                        .init(
                            ColumnReference(table: "SummarySegments", column: "Customers"), name: "Customers",
                            pointColours: colours)
                    ],
                    valueAxisTitle: "Customers")),
            .chart(
                WorkbookChart(
                    kind: .bar, title: "Revenue per segment",
                    categories: ColumnReference(table: "SummarySegments", column: "Segment"),
                    series: [
                        .init(
                            ColumnReference(table: "SummarySegments", column: "Revenue"), name: "Revenue",
                            pointColours: colours)
                    ],
                    valueAxisTitle: "Revenue")),
        ]
        if customersSplit {
            blocks.append(
                .note(
                    "The customers do not fit on one sheet (Excel's limit is 1,048,576 rows): they continue on the sheets Customers (2), Customers (3), ..."
                ))
        }
        blocks += [
            .heading("Key figures and how they were made"), .keyValues(run),
            .heading("Files in the report folder"), .keyValues(downloads()),
        ]
        // Printed, it fits one or two pages; repeating the segment table's header above the key figures would
        // only mislead.
        return SheetSpec(name: "Summary", blocks: blocks, pageSetup: PageSetup(repeatHeaderRows: false))
    }

    /// The colour of the segment named `name` (grey for a name the rules do not have, such as "New customers").
    func colour(of name: String) -> String {
        analysis.rules.segments.firstIndex { $0.name == name }.map { segmentColours[$0] } ?? "#8C8C8C"
    }

    /// The files of the report folder, one line each saying what it is for.
    func downloads() -> [KeyValue] {
        var files: [(String, String)] = []
        if options.theme != nil {
            files.append(
                options.singleFile
                    ? ("report.html", "The whole report in one file, to open in a browser or send on")
                    : ("index.html", "The report: open it in a browser; every page links the files below"))
        }
        let slugs = ReportSite.segmentSlugs(analysis.rules)
        let examples = slugs.prefix(3).map { $0 + ".csv" }.joined(separator: ", ") + (slugs.count > 3 ? ", ..." : "")
        files += [
            ("segments.xlsx", "This workbook: segments, clusters and every customer, to sort, filter and print"),
            ("customers.csv", "Every customer with scores, segment and cluster, as plain CSV for other programs"),
            ("segments.csv", "The segment table (sizes, revenue, means and medians) as plain CSV"),
            (
                "segments/NAME.csv",
                "One file per segment (\(examples)): its customers by spend, ready for a campaign list"
            ),
            ("result.json", "Every number of the report, as data"),
        ]
        if analysis.migration != nil {
            files.append(
                ("winback.csv", "Valuable customers who slipped to At Risk or Lost since last month: the win-back list")
            )
        }
        files.append(
            (
                "model.json",
                "The scoring model: rfm score --model model.json scores new data; --model keeps months comparable"
            ))
        return files.map { KeyValue($0.0, .text($0.1)) }
    }

    func segments() -> SheetSpec {
        let rows: [[CellValue]] = analysis.segments.map { s in
            func opt(_ v: Double?) -> CellValue { v.map(CellValue.number) ?? .empty }
            return [
                .text(s.segment), .integer(s.customers), .number(s.share), .number(s.revenue), .number(s.revenueShare),
                opt(s.recencyMean), opt(s.recencyMedian), opt(s.frequencyMean), opt(s.frequencyMedian),
                opt(s.monetaryMean),
                opt(s.monetaryMedian), .text(s.description), .text(s.strategy),
            ]
        }
        let columns = [
            TableColumn("Segment"), TableColumn("Customers", format: .integer),
            TableColumn("Share", format: .percent(places: 1)),
            TableColumn("Revenue", format: money), TableColumn("Revenue share", format: .percent(places: 1)),
            // Named as the index's segment table and the segment pages name them.
            TableColumn("Mean recency (days)", format: .decimal(places: 1)),
            TableColumn("Median recency (days)", format: .decimal(places: 1)),
            TableColumn("Mean orders", format: .decimal(places: 2)),
            TableColumn("Median orders", format: .decimal(places: 1)),
            TableColumn("Mean spend", format: money), TableColumn("Median spend", format: money),
            TableColumn("Description", format: .wrappedText, width: 34),
            TableColumn("Strategy", format: .wrappedText, width: 34),
        ]
        return SheetSpec(
            name: "Segments",
            blocks: [.table(SheetTable(id: "Segments", columns: columns, rows: rows, asExcelTable: true))],
            freezeHeader: true)
    }

    func clusters() -> SheetSpec {
        guard let c = analysis.clustering else {
            return SheetSpec(
                name: "Clusters",
                blocks: [.note("No clusters: \(analysis.clusteringNote ?? "clustering was not run").")])
        }
        let names = analysis.rules.segments.map(\.name)
        let profile = SheetTable(
            id: "ClusterProfiles",
            title: "Clusters of the best model (\(algorithmName(c.best.algorithm)), k = \(c.best.k))",
            columns: [
                TableColumn("Cluster", format: .integer), TableColumn("Cluster name"),
                TableColumn("Customers", format: .integer), TableColumn("Share", format: .percent(places: 1)),
                TableColumn("Revenue", format: money), TableColumn("Revenue share", format: .percent(places: 1)),
                // Named as the Segments sheet, the index and the segment pages name them.
                TableColumn("Mean recency (days)", format: .decimal(places: 1)),
                TableColumn("Median recency (days)", format: .decimal(places: 1)),
                TableColumn("Mean orders", format: .decimal(places: 2)),
                TableColumn("Median orders", format: .decimal(places: 1)),
                TableColumn("Mean spend", format: money), TableColumn("Median spend", format: money),
            ],
            rows: c.profiles.map { p in
                [
                    .integer(p.cluster), .text(p.name), .integer(p.customers), .number(p.share), .number(p.revenue),
                    .number(p.revenueShare),
                    .number(p.recencyMean), .number(p.recencyMedian), .number(p.frequencyMean),
                    .number(p.frequencyMedian),
                    .number(p.monetaryMean), .number(p.monetaryMedian),
                ]
            })
        let crosswalk = SheetTable(
            id: "Crosswalk", title: "Customers by cluster and segment",
            columns: [TableColumn("Cluster", format: .integer), TableColumn("Cluster name")]
                + names.map { TableColumn($0, format: .integer) },
            rows: c.profiles.map { p in [.integer(p.cluster), .text(p.name)] + p.segmentCounts.map { .integer($0) } })
        return SheetSpec(name: "Clusters", blocks: [.table(profile), .table(crosswalk)], freezeHeader: true)
    }

    func customers() -> SheetSpec {
        let a = analysis
        let names = a.rules.segments.map(\.name)
        let customers = a.rfm.customers
        let scores = a.scored.scores
        let clustering = a.clustering
        var columns = [
            TableColumn("Customer ID"), TableColumn("Country"), TableColumn("Recency (days)", format: .integer),
            TableColumn("Frequency", format: .integer), TableColumn("Monetary", format: money),
            TableColumn("R", format: .integer, colourScale: true),
            TableColumn("F", format: .integer, colourScale: true),
            TableColumn("M", format: .integer, colourScale: true), TableColumn("RFM cell"),
            TableColumn("RFM score", format: .integer),
            TableColumn("Segment"), TableColumn("First purchase", format: .date),
            TableColumn("Last purchase", format: .date),
        ]
        if clustering != nil {
            columns += [
                TableColumn("Cluster", format: .integer), TableColumn("Cluster name"),
                TableColumn("PC1", format: .decimal(places: 4)),
                TableColumn("PC2", format: .decimal(places: 4)), TableColumn("Holdout", format: .text),
            ]
        }
        let migration = a.migration
        if migration != nil { columns.append(TableColumn("Previous segment")) }
        let rows = TableRows(count: customers.count) { i in
            let c = customers[i]
            let s = scores[i]
            var row: [CellValue] = [
                .text(c.id), .text(c.country), .integer(c.recency), .integer(c.frequency), .number(c.monetary),
                .integer(s.r), .integer(s.f), .integer(s.m), .text(s.cell), .integer(s.total), .text(names[s.segment]),
                ReportWorkbook.date(c.firstPurchase), ReportWorkbook.date(c.lastPurchase),
            ]
            if let cl = clustering {
                row += [
                    .integer(cl.clusters[i]), .text(cl.clusterName(ofCustomer: i)), .number(cl.coordinates[i].0),
                    .number(cl.coordinates[i].1),
                    .text(cl.heldOut[i] ? "yes" : "no"),
                ]
            }
            if let migration { row.append(.text(migration.previousSegment[i] ?? migration.newCustomersLabel)) }
            return row
        }
        return SheetSpec(
            name: "Customers",
            blocks: [.table(SheetTable(id: "Customers", columns: columns, rowSource: rows, asExcelTable: true))],
            freezeHeader: true)
    }

    func modelSelection() -> SheetSpec {
        guard let c = analysis.clustering else {
            return SheetSpec(
                name: "Model Selection",
                blocks: [.note("No clusters: \(analysis.clusteringNote ?? "clustering was not run").")])
        }
        let fits = c.selection.fits
        let bestRow = fits.firstIndex { $0.algorithm == c.best.algorithm && $0.k == c.best.k }
        let table = SheetTable(
            id: "ModelSelection",
            columns: [
                TableColumn("Model"), TableColumn("k", format: .integer),
                TableColumn("Silhouette", format: .decimal(places: 4)),
                TableColumn("Davies-Bouldin", format: .decimal(places: 4)),
                TableColumn("Calinski-Harabasz", format: .decimal(places: 1)),
                TableColumn("Cluster sizes"), TableColumn("Inertia", format: .decimal(places: 2)),
                TableColumn("Mean log-likelihood", format: .decimal(places: 4)),
                TableColumn("BIC", format: .decimal(places: 1)),
                TableColumn("Silhouette method"), TableColumn("Best"),
            ],
            rows: fits.map { f in
                func opt(_ v: Double?) -> CellValue { v.map(CellValue.number) ?? .empty }
                return [
                    .text(algorithmName(f.algorithm)), .integer(f.k), opt(f.silhouette), opt(f.daviesBouldin),
                    opt(f.calinskiHarabasz),
                    .text(f.sizes.sorted(by: >).map(String.init).joined(separator: ", ")), opt(f.inertia),
                    opt(f.meanLogLikelihood), opt(f.bic),
                    .text(f.silhouetteMethod.description),
                    .text(f.algorithm == c.best.algorithm && f.k == c.best.k ? "best" : ""),
                ]
            },
            asExcelTable: true, highlightRows: bestRow.map { [$0] } ?? [])
        let ks = Array(c.settings.ks)
        let algorithms = c.settings.algorithms
        let byK = SheetTable(
            id: "SilhouetteByK", title: "Silhouette by k",
            columns: [TableColumn("k", format: .integer)]
                + algorithms.map { TableColumn(algorithmName($0), format: .decimal(places: 4)) },
            rows: ks.map { k in
                [.integer(k)]
                    + algorithms.map { a in
                        fits.first { $0.algorithm == a && $0.k == k }?.silhouette.map(CellValue.number) ?? .empty
                    }
            },
            autofilter: false)
        let chart = WorkbookChart(
            kind: .line, title: "Silhouette by number of clusters",
            categories: ColumnReference(table: "SilhouetteByK", column: "k"),
            series: algorithms.map {
                .init(ColumnReference(table: "SilhouetteByK", column: algorithmName($0)), name: algorithmName($0))
            },
            categoryAxisTitle: "k", valueAxisTitle: "Silhouette")
        return SheetSpec(
            name: "Model Selection", blocks: [.table(table), .table(byK), .chart(chart)], freezeHeader: true)
    }

    func dataQuality() -> SheetSpec {
        let c = analysis.transactions.cleaning
        var left = c.rowsRead
        let counts = SheetTable(
            id: "Cleaning", title: "Cleaning (rules in order)",
            columns: [
                TableColumn("Rule"), TableColumn("Rows removed", format: .integer),
                TableColumn("Rows left", format: .integer),
            ],
            rows: [[.text("Rows read"), .empty, .integer(c.rowsRead)]]
                + CleaningRule.allCases.map { rule in
                    left -= c.count(rule)
                    return [.text(rule.label), .integer(c.count(rule)), .integer(left)]
                } + [
                    [
                        .text("After the snapshot (ignored)"), .integer(analysis.rfm.rowsAfterCutoff),
                        .integer(analysis.rfm.rowsUsed),
                    ]
                ],
            autofilter: false)
        let malformed = SheetTable(
            id: "Malformed", title: "Malformed rows (the first \(c.malformedExamples.count) of \(c.count(.malformed)))",
            columns: [
                TableColumn("File"), TableColumn("Sheet"), TableColumn("Line or row", format: .integer),
                TableColumn("Column"),
                TableColumn("Expected", format: .wrappedText, width: 40),
                TableColumn("Found", format: .wrappedText, width: 30),
            ],
            rows: c.malformedExamples.map { m in
                [
                    .text(URL(fileURLWithPath: m.location.file).lastPathComponent), .text(m.location.sheet ?? ""),
                    m.location.line.map(CellValue.integer) ?? .empty, .text(m.location.column ?? ""), .text(m.expected),
                    .text(m.found),
                ]
            })
        return SheetSpec(name: "Data Quality", blocks: [.table(counts), .table(malformed)])
    }

    func definitions() -> SheetSpec {
        let cuts = analysis.scored.cutPoints
        func band(_ bands: [ScoreCutPoints.Band], _ s: Int) -> [CellValue] {
            guard let b = bands.first(where: { $0.score == s }) else { return [.empty, .empty] }
            return [.number(b.min), .number(b.max)]
        }
        let cutTable = SheetTable(
            id: "CutPoints", title: "Score cut points (the range of values that received each score)",
            columns: [
                TableColumn("Score", format: .integer), TableColumn("Recency from (days)", format: .integer),
                TableColumn("Recency to (days)", format: .integer),
                TableColumn("Frequency from", format: .integer), TableColumn("Frequency to", format: .integer),
                TableColumn("Monetary from", format: money), TableColumn("Monetary to", format: money),
            ],
            rows: (1...4).map { s in
                [.integer(s)] + band(cuts.recency, s) + band(cuts.frequency, s) + band(cuts.monetary, s)
            },
            autofilter: false)
        let rules = analysis.rules
        let ruleTable = SheetTable(
            id: "Rules", title: "Segment rules (bounds inclusive; the first matching rule wins)",
            columns: [
                TableColumn("Order", format: .integer), TableColumn("Segment"), TableColumn("R"), TableColumn("F"),
                TableColumn("M"),
                TableColumn("Who they are", format: .wrappedText, width: 40),
                TableColumn("Strategy", format: .wrappedText, width: 40),
            ],
            rows: rules.segments.enumerated().map { k, r in
                let fallback = k == rules.rules.count
                return [
                    fallback ? .empty : .integer(k + 1), .text(r.name), .text(fallback ? "any" : r.r.description),
                    .text(fallback ? "any" : r.f.description), .text(fallback ? "any" : r.m.description),
                    .text(r.description), .text(r.strategy),
                ]
            },
            autofilter: false)
        return SheetSpec(
            name: "Definitions",
            blocks: [
                .heading("What the figures mean"),
                .keyValues([
                    KeyValue("Recency", .text("Days from the last purchase day to the snapshot.")),
                    KeyValue("Frequency", .text("Distinct invoices (orders).")),
                    KeyValue("Monetary", .text("Sum of quantity × unit price.")),
                    KeyValue(
                        "Scores",
                        .text(
                            "Scores 1-4 are quartiles of rank (ties broken by customer id order); recency is reversed, so the most recent customers score 4."
                        )),
                ]),
                .table(cutTable), .table(ruleTable),
            ])
    }

    /// The Win-back sheet of a monthly report: who to win back, and who moved up.
    func winBack() -> SheetSpec? {
        guard let m = analysis.migration else { return nil }
        return SheetSpec(
            name: "Win-back",
            blocks: [
                .table(
                    Self.moved(
                        "WinBack", "Newly At Risk or Lost customers who were Champions or Loyal Customers, by revenue",
                        m.winBack, money: money)),
                .table(Self.moved("MovedUp", "Customers who moved up into Champions", m.movedUp, money: money)),
            ], freezeHeader: true)
    }

    /// A list of customers who changed segment.
    static func moved(_ id: String, _ title: String, _ list: [MovedCustomer], money: ColumnFormat) -> SheetTable {
        SheetTable(
            id: id, title: title,
            columns: [
                TableColumn("Customer ID"), TableColumn("Country"), TableColumn("Last purchase", format: .date),
                TableColumn("Revenue", format: money), TableColumn("Previous segment"),
                TableColumn("Current segment"),
            ],
            rows: list.map { c in
                [
                    .text(c.id), .text(c.country),
                    CivilDate(iso: c.lastPurchase).map(Self.date) ?? .text(c.lastPurchase), .number(c.revenue),
                    .text(c.previousSegment), .text(c.segment),
                ]
            }, asExcelTable: !list.isEmpty)
    }

    /// Migration and History sheets of a monthly report.
    func monthly() -> [SheetSpec] {
        guard let m = analysis.migration else { return [] }
        let matrix = SheetTable(
            id: "Migration",
            title: "Customers by previous segment (rows, \(m.previousLabel)) and current segment (columns)",
            columns: [TableColumn("Previous segment")] + m.targets.map { TableColumn($0, format: .integer) } + [
                TableColumn("Total", format: .integer)
            ],
            rows: m.sources.enumerated().map { k, source in
                [.text(source)] + m.counts[k].map { .integer($0) } + [.integer(m.counts[k].reduce(0, +))]
            }, autofilter: false)
        let revenue = SheetTable(
            id: "MigrationRevenue", title: "Revenue (this snapshot) by previous and current segment",
            columns: [TableColumn("Previous segment")] + m.targets.map { TableColumn($0, format: money) },
            rows: m.sources.enumerated().map { k, source in [.text(source)] + m.revenue[k].map { .number($0) } },
            autofilter: false)
        let changes = SheetTable(
            id: "SegmentChanges", title: "Segments now and at the previous snapshot",
            columns: [
                TableColumn("Segment"), TableColumn("Customers now", format: .integer),
                TableColumn("Customers before", format: .integer),
                TableColumn("Change", format: .integer), TableColumn("Revenue now", format: money),
                TableColumn("Revenue before", format: money),
                TableColumn("Revenue change", format: money),
            ],
            rows: m.changes.map { c in
                [
                    .text(c.segment), .integer(c.customersNow), .integer(c.customersBefore),
                    .integer(c.customersNow - c.customersBefore),
                    .number(c.revenueNow), .number(c.revenueBefore), .number(c.revenueNow - c.revenueBefore),
                ]
            }, autofilter: false)
        var sheets = [
            SheetSpec(
                name: "Migration",
                blocks: [
                    .note(m.sentences(currency: options.currency).joined(separator: " ")), .table(matrix),
                    .table(changes), .table(revenue),
                ])
        ]
        if let h = analysis.history, !h.points.isEmpty {
            let table = SheetTable(
                id: "History", title: "Customers per segment at each month-end",
                columns: [TableColumn("Month")] + h.segments.map { TableColumn($0, format: .integer) } + [
                    TableColumn("Days of data before", format: .integer), TableColumn("Look-back"),
                ],
                rows: h.points.map { p in
                    [.text(p.month)] + p.customers.map { .integer($0) } + [
                        .integer(p.lookBackDays), .text(h.isShort(p) ? "short: read with care" : "enough"),
                    ]
                }, autofilter: false)
            let revenue = SheetTable(
                id: "HistoryRevenue", title: "Revenue per segment at each month-end (all purchases up to then)",
                columns: [TableColumn("Month")] + h.segments.map { TableColumn($0, format: money) },
                rows: h.points.map { p in [.text(p.month)] + p.revenue.map { .number($0) } }, autofilter: false)
            let chart = WorkbookChart(
                kind: .line, title: "Customers per segment by month",
                categories: ColumnReference(table: "History", column: "Month"),
                series: h.segments.map {
                    .init(ColumnReference(table: "History", column: $0), name: $0, colour: colour(of: $0))
                },
                categoryAxisTitle: "Month", valueAxisTitle: "Customers", width: 720, height: 360)
            sheets.append(SheetSpec(name: "History", blocks: [.table(table), .chart(chart), .table(revenue)]))
        }
        return sheets
    }
}
