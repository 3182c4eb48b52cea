import Foundation
import Logging
import RFMCore
import RFMWorkbook
import RFMIngest

/// One `rfm report` run as named steps: read and clean, compute RFM, score and segment, write the report.
public struct ReportRun {
    public let options: ReportOptions

    public init(options: ReportOptions) { self.options = options }

    /// What the run produced: the analysis, the folder, and the summary for stdout.
    public struct Outcome {
        public let analysis: RFMAnalysis
        public let folder: URL
        public let summary: String
    }

    /// The analysis half of a run (reading, RFM, scores, the monthly comparison, clustering), with its log and timings.
    public struct Analysed: Sendable {
        public let analysis: RFMAnalysis
        /// CRC-32 of the inputs when the parse cache already read them whole (hex, by path).
        let inputChecksums: [String: String]?
        let timings: TimingsDocument
        let log: RunLog
        let started: Date
    }

    /// Runs every step; the report appears in `options.outputFolder` only when all of them succeeded.
    /// `preloaded` skips reading (an archive parses once); `parent` writes into another report's folder, uncommitted;
    /// `knownHistory` holds month-end points already computed (an archive computes each month once for all its reports);
    /// `analysed` is the analysis half already done (an archive fits its last month first, then writes it with the others).
    public func run(preloaded: TransactionTable? = nil, into parent: ReportFolder? = nil,
                    knownHistory: [String: MonthlyHistory.Point] = [:], analysed: Analysed? = nil) throws -> Outcome {
        let progress = Progress(steps: 7, quiet: options.quiet)
        defer { progress.finish() }
        // The output folder is checked before the work, so a bad --out fails fast.
        let deferred = options.outputFolder.contains("{month}")
        let early = try parent ?? (deferred ? nil : ReportFolder(target: URL(fileURLWithPath: options.outputFolder)))
        let done = try analysed ?? analyse(preloaded: preloaded, knownHistory: knownHistory, progress: progress)
        let analysis = done.analysis, logger = done.log.logger(), log = done.log, started = done.started
        var timings = done.timings
        // `--month latest` without --out: the folder is named after the month the data gave.
        let month = analysis.rfm.snapshot.adding(days: -1).components
        let folder = try early ?? ReportFolder(target: URL(fileURLWithPath: options.outputFolder
            .replacingOccurrences(of: "{month}", with: MonthCalendar.label(month.year, month.month))))
        var stageStart = Date()
        // The workbook is written on its own thread while the pages and files are written here.
        let workbook = ReportWorkbook(analysis: analysis, options: options, headerColour: options.theme?.palette.page.accent ?? "#1D4E89",
                                      checksums: options.inputChecksums ?? done.inputChecksums ?? Self.checksums(options.inputs), ranAt: started)
        let workbookPath = folder.stagingPath("segments.xlsx"), workbookTarget = folder.target.appendingPathComponent("segments.xlsx").path
        let workbookJob = BackgroundJob { () -> Result<(split: [String], seconds: Double), OutputError> in
            let clock = Date()
            do throws(WorkbookError) {
                let split = try workbook.write(to: workbookPath)
                return .success((split, Date().timeIntervalSince(clock)))
            } catch {
                return .failure(.writeFailed(path: workbookTarget, reason: error.message))
            }
        }
        // The tables and JSON documents are encoded on a third thread (written here, in a fixed order, afterwards),
        // so no core waits while the pages are rendered.
        let options = self.options
        let filesJob = BackgroundJob { () -> Result<(files: [(name: String, data: Data)], seconds: Double), OutputError> in
            let clock = Date()
            var files = [(name: String, data: Data)]()
            files.append(("customers.csv", TableFiles.customers(analysis)))
            files.append(("segments.csv", Data(TableFiles.segments(analysis).utf8)))
            for (k, slug) in ReportSite.segmentSlugs(analysis.rules).enumerated() {
                files.append(("segments/\(slug).csv", TableFiles.segmentCustomers(analysis, segment: k)))
            }
            if let migration = analysis.migration { files.append(("winback.csv", TableFiles.winBack(migration))) }
            do {
                files.append(("result.json", try ResultDocument(analysis, options: options).encoded()))
            } catch {
                return .failure(OutputError.writeFailed(path: "result.json", reason: "\(error)"))
            }
            do {
                files.append(("model.json", try SavedModel(tool: "\(ToolInfo.name) \(ToolInfo.version)", rfm: analysis.rfm, scored: analysis.scored,
                                                          rules: analysis.rules, clustering: analysis.clustering).encoded()))
            } catch {
                return .failure(OutputError.writeFailed(path: "model.json", reason: "\(error)"))
            }
            return .success((files, Date().timeIntervalSince(clock)))
        }
        do {
            if let theme = options.theme {
                progress.step(options.singleFile ? "Writing report.html" : "Drawing charts and pages")
                stageStart = Date()
                do {
                    let chartSeconds = try ReportSite(analysis: analysis, options: options, theme: theme, timings: timings).write(into: folder)
                    timings.stages["charts"] = chartSeconds
                } catch let error as OutputError {
                    throw error
                } catch {
                    throw OutputError.writeFailed(path: folder.target.path, reason: "the HTML report: \(error)")
                }
                timings.stages["charts_and_site"] = Date().timeIntervalSince(stageStart)
                timings.stages["site_pages"] = timings.stages["charts_and_site"]! - (timings.stages["charts"] ?? 0)
                logger.info("site: theme \(theme.name), \(options.singleFile ? "one file" : "pages and charts") in \(String(format: "%.3f", timings.stages["charts_and_site"]!)) s")
            }
            progress.step("Writing the report")
            stageStart = Date()
            let (files, filesSeconds) = try filesJob.wait().get()
            for file in files { try folder.write(file.data, to: file.name) }
            timings.stages["write"] = filesSeconds + Date().timeIntervalSince(stageStart)
        } catch {
            _ = filesJob.wait()
            _ = workbookJob.wait()  // never leave the workbook writing into a folder that is being discarded
            throw error
        }
        progress.step("Writing the workbook")
        let (split, workbookSeconds) = try workbookJob.wait().get()
        timings.stages["workbook"] = workbookSeconds
        logger.info("workbook: segments.xlsx in \(String(format: "%.3f", workbookSeconds)) s\(split.isEmpty ? "" : "; customers split over " + split.joined(separator: ", "))")
        timings.stages["total"] = Date().timeIntervalSince(started)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try folder.write(encoder.encode(timings), to: "timings.json")
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError.writeFailed(path: "timings.json", reason: "\(error)")
        }
        logger.info("report written to \(folder.target.path) in \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
        try folder.write(log.text, to: "run.log")
        try folder.commit()
        var summary = SegmentTableText.render(analysis, currency: options.currency)
        if let c = analysis.clustering {
            summary += "\nBest clustering: \(algorithmName(c.best.algorithm)), k = \(c.best.k) (silhouette \(PeopleFormat.decimal(c.best.silhouette ?? 0, decimals: 3)); "
                + "holdout \(c.holdout.silhouette.map { PeopleFormat.decimal($0, decimals: 3) } ?? "-"))\n"
        } else if let note = analysis.clusteringNote {
            summary += "\nNo clusters: \(note)\n"
        }
        if let m = analysis.migration {
            summary += "\nSince \(m.previousLabel):\n" + m.sentences(currency: options.currency).prefix(5).map { "  - " + $0 }.joined(separator: "\n") + "\n"
        }
        return Outcome(analysis: analysis, folder: folder.target, summary: summary)
    }

    /// Reads (unless `preloaded`), computes RFM, scores and segments, the monthly comparison and the clustering.
    public func analyse(preloaded: TransactionTable? = nil, knownHistory: [String: MonthlyHistory.Point] = [:],
                        progress: Progress? = nil) throws -> Analysed {
        let progress = progress ?? Progress(steps: 7, quiet: true)
        let log = RunLog()
        let logger = log.logger()
        logger.info("\(ToolInfo.name) \(ToolInfo.version): report of \(options.inputs.joined(separator: ", "))")
        logger.info("snapshot: \(options.snapshot.summary); rules: \(options.rulesSource)")
        for cell in options.rules.uncoveredCells.prefix(1) where !cell.isEmpty {
            logger.info("rules: \(options.rules.uncoveredCells.count) of 64 R/F/M cells fall to \"\(options.rules.fallback.name)\"")
        }
        for name in options.rules.unreachableRules {
            logger.warning("rules: \"\(name)\" can never match: earlier rules take all its cells")
        }
        progress.step("Reading \(options.inputs.count == 1 ? options.inputs[0] : "\(options.inputs.count) files")")
        let started = Date()
        var loader = TransactionLoader(overrides: options.columnOverrides, strict: options.strict)
        loader.progress = { _, consumed, total in
            if total > 0 { progress.update(fraction: Double(consumed) / Double(total)) }
        }
        var checksums: [String: String]?
        let table: TransactionTable
        if let preloaded { table = preloaded } else { (table, checksums) = try loadThroughCache(loader, logger: logger) }
        let c = table.cleaning
        logger.info("read \(c.rowsRead) rows in \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
        for rule in CleaningRule.allCases where c.count(rule) > 0 {
            logger.info("cleaning: \(rule.label): \(c.count(rule)) rows removed")
        }
        for m in c.malformedExamples { logger.warning("malformed: \(m.location): expected \(m.expected), found \(m.found)") }
        logger.info("cleaning: \(c.rowsAfter) rows kept")

        progress.step("Computing RFM")
        var timings = TimingsDocument(stages: ["read_and_clean": Date().timeIntervalSince(started)], fits: [])
        var stageStart = Date()
        var analysis = try RFMAnalysis(transactions: table, snapshot: options.snapshot, rules: options.rules, scoring: options.scoring)
        timings.stages["rfm_scores_segments"] = Date().timeIntervalSince(stageStart)
        logger.info("snapshot \(analysis.rfm.snapshot); \(analysis.rfm.customers.count) customers; \(analysis.rfm.rowsAfterCutoff) rows after the snapshot ignored")

        if options.snapshot.isMonthly {
            try compareWithPreviousMonth(&analysis, table: table, knownHistory: knownHistory, logger: logger)
        }
        progress.step("Scoring and segmenting")
        for s in analysis.segments { logger.info("segment \(s.segment): \(s.customers) customers") }

        progress.step("Clustering customers")
        stageStart = Date()
        try analysis.cluster(options.clustering, applying: options.clusteringModel)
        timings.stages["clustering_total"] = Date().timeIntervalSince(stageStart)
        if let c = analysis.clustering {
            let t = c.selection.timings
            timings.stages["kmeans"] = t.kmeansSeconds
            timings.stages["ward_tree"] = t.wardTreeSeconds
            timings.stages["gaussian_mixture"] = t.gaussianMixtureSeconds
            timings.stages["silhouette"] = t.silhouetteSeconds
            timings.stages["davies_bouldin_calinski_harabasz"] = t.otherMetricsSeconds
            timings.stages["pca"] = c.pcaSeconds
            timings.stages["scaling"] = c.scalingSeconds
            timings.stages["holdout"] = c.holdoutSeconds
            timings.fits = c.selection.fits.map { .init(algorithm: $0.algorithm.rawValue, k: $0.k, fit_seconds: $0.fitSeconds) }
            for f in c.selection.fits {
                let sil = f.silhouette.map { String(format: "%.6f", $0) } ?? "-"
                logger.info("model \(f.algorithm.rawValue) k=\(f.k): silhouette \(sil) (\(f.silhouetteMethod)), fit \(String(format: "%.3f", f.fitSeconds)) s")
            }
            logger.info("best model: \(c.best.algorithm.rawValue) k=\(c.best.k), silhouette \(c.best.silhouette ?? .nan); holdout silhouette \(c.holdout.silhouette ?? .nan)")
        } else if let note = analysis.clusteringNote {
            logger.warning("clustering: \(note)")
        }

        return Analysed(analysis: analysis, inputChecksums: checksums, timings: timings, log: log, started: started)
    }

    /// Reads the inputs, or takes their cleaned transactions from the parse cache when it matches (`--cache`); with the
    /// cache, also the inputs' CRC-32 it computed for its key (so they are not read whole a second time for the workbook).
    func loadThroughCache(_ loader: TransactionLoader, logger: Logger) throws(InputError) -> (TransactionTable, checksums: [String: String]?) {
        guard let directory = options.cacheDirectory else { return (try loader.load(paths: options.inputs), nil) }
        let loaded = try TransactionCache(directory: directory).load(
            paths: options.inputs, overrides: options.columnOverrides, strict: options.strict, tool: "\(ToolInfo.name) \(ToolInfo.version)"
        ) { () throws(InputError) in try loader.load(paths: options.inputs) }
        switch loaded.outcome {
        case .hit: logger.info("parse cache: hit (\(directory)); the inputs were not read again")
        case .miss: logger.info("parse cache: miss\(loaded.warning == nil ? "; the cleaned transactions are now cached in \(directory)" : "")")
        case .rebuilt(let reason): logger.warning("parse cache: not used (\(reason)); read again and rebuilt")
        }
        if let warning = loaded.warning { logger.warning("\(warning)") }
        return (loaded.table, loaded.checksums.mapValues { String(format: "%08x", $0) })
    }

    /// CRC-32 of each input file, for the workbook's record of what was read.
    static func checksums(_ paths: [String]) -> [String: String] {
        // The same file may be given twice; it is checked once.
        Dictionary(Set(paths).map { ($0, FileChecksum.crc32(path: $0).map { String(format: "%08x", $0) } ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    /// The monthly view: the month must have transactions; then migration from the previous month (or from
    /// `--compare DIR`) and the history of the last month-ends.
    func compareWithPreviousMonth(_ analysis: inout RFMAnalysis, table: TransactionTable, knownHistory: [String: MonthlyHistory.Point],
                                  logger: Logger) throws {
        let snapshot = analysis.rfm.snapshot
        let monthStart = snapshot.adding(days: -1)
        let c = monthStart.components
        let (year, month) = (c.year, c.month)
        let label = MonthCalendar.label(year, month)
        let from = Int64(CivilDate(year: year, month: month, day: 1)!.dayNumber) * 86_400
        let to = Int64(snapshot.dayNumber) * 86_400
        guard table.time.contains(where: { $0 >= from && $0 < to }) else {
            throw InputError.noCustomers(reason: "no transactions in \(label) (the cleaned data runs from "
                + "\(analysis.rfm.firstTransaction.day) to \(LocalTimestamp(seconds: table.time.max() ?? 0).day)); choose another --month")
        }
        let previous: [String: PreviousState]
        let previousLabel: String
        if let folder = options.compareFolder {
            (previous, previousLabel) = try PreviousReport.states(folder: folder)
        } else {
            let (py, pm) = MonthCalendar.previous(year, month)
            previousLabel = "\(MonthCalendar.label(py, pm)) (same transactions, as of \(CivilDate(year: year, month: month, day: 1)!.adding(days: -1)))"
            do {
                previous = try SegmentMigration.previousStates(table, snapshot: .month(year: py, month: pm), rules: analysis.rules,
                                                               scoring: options.scoring)
            } catch {
                previous = [:]  // the first month of the data: everyone is new
            }
        }
        analysis.migration = SegmentMigration(rfm: analysis.rfm, scored: analysis.scored, rules: analysis.rules,
                                              previous: previous, previousLabel: previousLabel)
        analysis.history = MonthlyHistory(table, last: (year, month), months: options.historyMonths, rules: analysis.rules,
                                          scoring: options.scoring, known: knownHistory)
        logger.info("changes since \(previousLabel): \(analysis.migration!.sentences(currency: options.currency).joined(separator: " "))")
    }
}
