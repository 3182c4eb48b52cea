import Foundation
import Logging
import RFMCore
import RFMDatabase
import RFMIngest
import RFMSite
import RFMWorkbook

/// The steps of `rfm report`, in the order they run: read → clean → rfm → score → segment → compare_months →
/// cluster → charts → pages → files → workbook. Each is one value; `ReportRun` runs the whole list, `ArchiveRun`
/// reads once and runs the analysis and output steps per month. To add a step, write it here and put it in a list.
public enum ReportSteps {
    /// Reading and cleaning the inputs.
    public static var reading: [RunStep<ReportState>] { [read, clean] }

    /// From the cleaned transactions to the clusters; `compare_months` only in a monthly report.
    public static func analysis(_ options: ReportOptions) -> [RunStep<ReportState>] {
        [rfm, score, segment] + (options.snapshot.isMonthly ? [compareMonths] : []) + [cluster]
    }

    /// Writing the report: the charts and pages (with a theme), the tables and JSON, the workbook. They run side by
    /// side: the pages need a chart's size, not its drawing, except in a one-file report that inlines them.
    public static func output(_ options: ReportOptions) -> [RunStep<ReportState>] {
        let site: [RunStep<ReportState>] =
            options.theme == nil ? [] : options.singleFile ? [inlineCharts, singleFilePage] : [charts, pages]
        return site + [files, workbook] + (options.database?.writeBack == nil ? [] : [writeBack])
    }

    /// Every step of one report.
    public static func all(_ options: ReportOptions) -> [RunStep<ReportState>] {
        reading + analysis(options) + output(options)
    }

    // MARK: Reading

    /// Parses every input, keeping or counting out each row by the row rules as it streams by; or takes the
    /// finished, cleaned table from the parse cache when it matches (`--cache`).
    static let read = RunStep<ReportState>.transform("read", label: inputsLabel) { state in
        let options = state.options
        let progress = state.progress
        let logger = state.log.logger()
        if let database = options.database {
            let read = try database.reader(overrides: options.columnOverrides).read(
                snapshot: options.snapshot, historyMonths: options.historyMonths,
                months: database.months.map { ($0.year, $0.month) })
            for timed in read.statements {
                let s = timed.statement
                let parameters = s.parameters.enumerated().map { "$\($0.offset + 1) = '\($0.element)'" }
                let line =
                    "sql: \(s.purpose), \(String(format: "%.3f", timed.seconds)) s: \(s.sql)"
                    + (parameters.isEmpty ? "" : " -- \(parameters.joined(separator: ", "))")
                logger.info("\(line)")
            }
            state.table = read.ledger
            return
        }
        var loader = TransactionLoader(overrides: options.columnOverrides, strict: options.strict)
        loader.progress = { _, consumed, total in
            if total > 0 { progress.update(fraction: Double(consumed) / Double(total)) }
        }
        if let directory = options.cacheDirectory {
            (state.table, state.inputChecksums) = try loadThroughCache(
                loader, options: options, directory: directory, logger: logger)
        } else {
            state.collected = try loader.read(paths: options.inputs)
        }
    }

    /// What the progress line says while reading: the input, or how many.
    @Sendable static func inputsLabel(_ state: ReportState) -> String {
        if let database = state.options.database { return "\(database.source) on \(database.target.display)" }
        return state.options.inputs.count == 1 ? state.options.inputs[0] : "\(state.options.inputs.count) files"
    }

    /// The whole-table cleaning rule (a row repeating an earlier one is removed), and the cleaning counts in the log.
    static let clean = RunStep<ReportState>.transform("clean") { state in
        if var collected = state.collected {
            state.collected = nil
            state.table = collected.finish()
        }
        let table = try state.need(state.table, "the transactions", from: "clean")
        let logger = state.log.logger()
        let c = table.cleaning
        logger.info("read \(c.rowsRead) rows in \(String(format: "%.3f", Date().timeIntervalSince(state.started))) s")
        for rule in CleaningRule.allCases where c.count(rule) > 0 {
            logger.info("cleaning: \(rule.label): \(c.count(rule)) rows removed")
        }
        for m in c.malformedExamples {
            logger.warning("malformed: \(m.location): expected \(m.expected), found \(m.found)")
        }
        logger.info("cleaning: \(c.rowsAfter) rows kept")
    }

    /// Reads the inputs through the parse cache: its cleaned transactions when it matches, and the inputs' CRC-32 it
    /// computed for its key (so they are not read whole a second time for the workbook).
    static func loadThroughCache(
        _ loader: TransactionLoader, options: ReportOptions, directory: String,
        logger: Logger
    ) throws(InputError) -> (TransactionTable, [String: String]) {
        let loaded = try TransactionCache(directory: directory).load(
            paths: options.inputs, overrides: options.columnOverrides, strict: options.strict,
            tool: "\(ToolInfo.name) \(ToolInfo.version)"
        ) { () throws(InputError) in try loader.load(paths: options.inputs) }
        switch loaded.outcome {
        case .hit: logger.info("parse cache: hit (\(directory)); the inputs were not read again")
        case .miss:
            logger.info(
                "parse cache: miss\(loaded.warning == nil ? "; the cleaned transactions are now cached in \(directory)" : "")"
            )
        case .rebuilt(let reason): logger.warning("parse cache: not used (\(reason)); read again and rebuilt")
        }
        if let warning = loaded.warning { logger.warning("\(warning)") }
        return (loaded.table, loaded.checksums.mapValues { String(format: "%08x", $0) })
    }

    // MARK: Analysis

    /// Recency, frequency and monetary value per customer at the snapshot. With `--month latest` and an --out
    /// naming `{month}`, the report folder is made here, once the data has given the month.
    static let rfm = RunStep<ReportState>.transform("rfm") { state in
        let table = try state.need(state.table, "the transactions", from: "rfm")
        let rfm = try table.rfm(at: state.options.snapshot)
        state.rfm = rfm
        state.log.logger().info(
            "snapshot \(rfm.snapshot); \(rfm.customers.count) customers; \(rfm.rowsAfterCutoff) rows after the snapshot ignored"
        )
        if state.folder == nil {
            let month = rfm.snapshot.adding(days: -1).components
            state.folder = try ReportFolder(
                target: URL(
                    fileURLWithPath: state.options.outputFolder
                        .replacingOccurrences(of: "{month}", with: MonthCalendar.label(month.year, month.month))))
        }
    }

    /// R, F and M scores 1-4 (quartiles, or the applied model's cut points) and each customer's segment.
    static let score = RunStep<ReportState>.transform("score") { state in
        let rfm = try state.need(state.rfm, "the RFM table", from: "score")
        state.scored = state.options.scoring.score(rfm, rules: state.options.rules)
    }

    /// The segments' summaries; from here on the state holds the analysis.
    static let segment = RunStep<ReportState>.transform("segment") { state in
        let table = try state.need(state.table, "the transactions", from: "segment")
        let rfm = try state.need(state.rfm, "the RFM table", from: "segment")
        let scored = try state.need(state.scored, "the scores", from: "segment")
        let rules = state.options.rules
        let analysis = RFMAnalysis(
            transactions: table, rfm: rfm, scored: scored, rules: rules,
            segments: SegmentSummary.summarise(rfm, scored, rules: rules))
        state.analysis = analysis
        for s in analysis.segments { state.log.logger().info("segment \(s.segment): \(s.customers) customers") }
    }

    /// The monthly view: what changed since the month before (or the report given with --compare), and the
    /// segment sizes at the last month-ends.
    static let compareMonths = RunStep<ReportState>.transform("compare_months") { state in
        var analysis = try state.analysed(in: "compare_months")
        try MonthComparison(options: state.options, knownHistory: state.knownHistory, logger: state.log.logger())
            .compare(&analysis)
        state.analysis = analysis
    }

    /// KMeans, Ward and the Gaussian mixture for every k, the best by silhouette, its holdout check and the PCA
    /// (or the applied model's clustering).
    static let cluster = RunStep<ReportState>.transform("cluster") { state in
        var analysis = try state.analysed(in: "cluster")
        let options = state.options
        let logger = state.log.logger()
        try analysis.cluster(options.clustering, applying: options.clusteringModel)
        state.analysis = analysis
        if let c = analysis.clustering {
            let t = c.selection.timings
            state.timings.stages["kmeans"] = t.kmeansSeconds
            state.timings.stages["ward_tree"] = t.wardTreeSeconds
            state.timings.stages["gaussian_mixture"] = t.gaussianMixtureSeconds
            state.timings.stages["silhouette"] = t.silhouetteSeconds
            state.timings.stages["davies_bouldin_calinski_harabasz"] = t.otherMetricsSeconds
            state.timings.stages["pca"] = c.pcaSeconds
            state.timings.stages["scaling"] = c.scalingSeconds
            state.timings.stages["holdout"] = c.holdoutSeconds
            state.timings.fits = c.selection.fits.map {
                .init(algorithm: $0.algorithm.rawValue, k: $0.k, fit_seconds: $0.fitSeconds)
            }
            for f in c.selection.fits {
                let sil = f.silhouette.map { String(format: "%.6f", $0) } ?? "-"
                logger.info(
                    "model \(f.algorithm.rawValue) k=\(f.k): silhouette \(sil) (\(f.silhouetteMethod)), fit \(String(format: "%.3f", f.fitSeconds)) s"
                )
            }
            logger.info(
                "best model: \(c.best.algorithm.rawValue) k=\(c.best.k), silhouette \(c.best.silhouette ?? .nan); holdout silhouette \(c.holdout.silhouette ?? .nan)"
            )
        } else if let note = analysis.clusteringNote {
            logger.warning("clustering: \(note)")
        }
    }

    // MARK: Output

    /// The site's pages and charts need the theme; the steps that use them are only listed when there is one.
    static func site(_ state: ReportState, in step: String) throws -> ReportSite {
        let theme = try state.need(state.options.theme, "the theme", from: step)
        let options = state.options
        var settings = SiteSettings(
            currency: options.currency, rulesSource: options.rulesSource,
            appliedModelSource: options.appliedModelSource, snapshotSummary: options.snapshot.summary)
        settings.archive = options.archiveNavigation
        let fitSeconds = Dictionary(
            state.timings.fits.map { ("\($0.algorithm)-\($0.k)", $0.fit_seconds) }, uniquingKeysWith: { a, _ in a })
        return ReportSite(
            analysis: try state.analysed(in: step), settings: settings, theme: theme, fitSeconds: fitSeconds)
    }

    /// Every chart as PNG and SVG in `charts/`.
    static let charts = RunStep<ReportState>.output("charts", after: ["cluster"]) { state in
        try site(state, in: "charts").writeCharts(into: try state.outputFolder(in: "charts"))
    }

    /// The pages (index, data, model, method, changes, one per segment) and the stylesheet.
    static let pages = RunStep<ReportState>.output("pages", after: ["cluster"]) { state in
        let site = try site(state, in: "pages")
        try site.writePages(into: try state.outputFolder(in: "pages"))
        state.log.logger().info("site: theme \(site.theme.name), pages and charts")
    }

    /// The one-file report's charts, drawn to be inlined (`--single-file`).
    static let inlineCharts = RunStep<ReportState>.transform("charts") { state in
        state.inlineCharts = try site(state, in: "charts").inlineCharts()
    }

    /// `report.html`, with the CSS and the charts inside (`--single-file`).
    static let singleFilePage = RunStep<ReportState>.output("pages", after: ["charts"]) { state in
        let site = try site(state, in: "pages")
        try site.writeSingleFile(into: try state.outputFolder(in: "pages"), charts: state.inlineCharts)
        state.log.logger().info("site: theme \(site.theme.name), one file")
    }

    /// customers.csv, segments.csv, one CSV per segment, winback.csv, result.json and model.json.
    static let files = RunStep<ReportState>.output("files", after: ["cluster"]) { state in
        let analysis = try state.analysed(in: "files")
        let folder = try state.outputFolder(in: "files")
        try folder.write(TableFiles.customers(analysis), to: "customers.csv")
        try folder.write(Data(TableFiles.segments(analysis).utf8), to: "segments.csv")
        for (k, slug) in ReportSite.segmentSlugs(analysis.rules).enumerated() {
            try folder.write(TableFiles.segmentCustomers(analysis, segment: k), to: "segments/\(slug).csv")
        }
        if let migration = analysis.migration { try folder.write(TableFiles.winBack(migration), to: "winback.csv") }
        try folder.write(try ResultDocument(analysis, options: state.options).encoded(), to: "result.json")
        try folder.write(
            try SavedModel(
                tool: "\(ToolInfo.name) \(ToolInfo.version)", rfm: analysis.rfm, scored: analysis.scored,
                rules: analysis.rules, clustering: analysis.clustering
            ).encoded(), to: "model.json")
    }

    /// `--write-back TABLE`: one row per customer into the database, in one transaction (`WriteBack`).
    static let writeBack = RunStep<ReportState>.output("write_back", after: ["cluster"]) { state in
        let analysis = try state.analysed(in: "write_back")
        guard let database = state.options.database, let table = database.writeBack else { return }
        let names = analysis.rules.segments.map(\.name)
        let rows = zip(analysis.rfm.customers, analysis.scored.scores).enumerated().map { i, pair in
            let (c, s) = pair
            return WriteBack.Row(
                customer: c.id, recency: c.recency, frequency: c.frequency,
                monetary: NumberFormatting.fixed(c.monetary, decimals: 2), r: s.r, f: s.f, m: s.m, cell: s.cell,
                score: s.total, segment: names[s.segment], cluster: analysis.clustering?.clusters[i],
                clusterName: analysis.clustering?.clusterName(ofCustomer: i),
                previousSegment: analysis.migration.map { $0.previousSegment[i] ?? $0.newCustomersLabel })
        }
        let pause = ProcessInfo.processInfo.environment["RFM_TEST_WRITE_BACK_PAUSE"].flatMap(Double.init) ?? 0
        try WriteBack(target: database.target, table: table).write(
            rows, snapshot: analysis.rfm.snapshot, timeout: database.timeout, pauseBeforeCommit: pause)
        state.log.logger().info("write-back: \(rows.count) customers to \(table) (one transaction)")
    }

    /// segments.xlsx, written with libxlsxwriter.
    static let workbook = RunStep<ReportState>.output("workbook", after: ["cluster"]) { state in
        let analysis = try state.analysed(in: "workbook")
        let folder = try state.outputFolder(in: "workbook")
        let options = state.options
        let checksums = try options.inputChecksums ?? state.inputChecksums ?? ReportRun.checksums(options.inputs)
        // The segment colours of the pages (the shipped default theme's when no site is written).
        let palette = options.theme?.palette ?? (try? Theme.load(name: "default"))?.palette
        let workbook = ReportWorkbook(
            analysis: analysis, options: options, headerColour: palette?.page.accent ?? "#1D4E89",
            segmentColours: palette?.segmentColours(analysis.rules)
                ?? analysis.rules.segments.map { $0.colour ?? "#8C8C8C" }, checksums: checksums, ranAt: state.started)
        let split: [String]
        do throws(WorkbookError) {
            split = try workbook.write(to: folder.stagingPath("segments.xlsx"))
        } catch {
            throw OutputError.writeFailed(
                path: folder.target.appendingPathComponent("segments.xlsx").path, reason: error.message)
        }
        state.log.logger().info(
            "workbook: segments.xlsx\(split.isEmpty ? "" : "; customers split over " + split.joined(separator: ", "))")
    }
}
