import Foundation
import RFMCore
import RFMIngest
import RFMSite

/// One `rfm report` run: the steps of `ReportSteps.all`, run by a `StepRunner`, then `timings.json`, `run.log`
/// and the move into place. The report appears in `options.outputFolder` only when every step succeeded.
public struct ReportRun {
    public let options: ReportOptions

    public init(options: ReportOptions) { self.options = options }

    /// What the run produced: the analysis, the folder, and the summary for stdout.
    public struct Outcome {
        public let analysis: RFMAnalysis
        public let folder: URL
        public let summary: String
    }

    public func run() throws -> Outcome {
        let progress = Progress(quiet: options.quiet)
        defer { progress.finish() }
        var state = ReportState(options: options, progress: progress)
        // The output folder is checked before the work, so a bad --out fails fast; with `{month}` in it, the `rfm`
        // step makes it once the data has given the month.
        if !options.outputFolder.contains("{month}") {
            state.folder = try ReportFolder(target: URL(fileURLWithPath: options.outputFolder))
        }
        Self.logHeader(options, state.log)
        do {
            let seconds = try StepRunner(progress: progress).run(ReportSteps.all(options), on: &state)
            return try Self.finish(state, seconds: seconds)
        } catch {
            // Removed here, before the error reaches the command line (which exits): not left to the folder's
            // deinit, which the last output thread's copy of the state may run after the process has gone.
            state.folder?.discard()
            throw error
        }
    }

    /// The first lines of `run.log`: the tool, the inputs, the snapshot and the rules (and what the rules leave out).
    static func logHeader(_ options: ReportOptions, _ log: RunLog) {
        let logger = log.logger()
        let source =
            options.database.map { "\($0.source) on \($0.target.display)" } ?? options.inputs.joined(separator: ", ")
        logger.info("\(ToolInfo.name) \(ToolInfo.version): report of \(source)")
        logger.info("snapshot: \(options.snapshot.summary); rules: \(options.rulesSource)")
        for cell in options.rules.uncoveredCells.prefix(1) where !cell.isEmpty {
            logger.info(
                "rules: \(options.rules.uncoveredCells.count) of 64 R/F/M cells fall to \"\(options.rules.fallback.name)\""
            )
        }
        for name in options.rules.unreachableRules {
            logger.warning("rules: \"\(name)\" can never match: earlier rules take all its cells")
        }
    }

    /// After the steps: `timings.json` (every step's seconds), `run.log`, the move into place (a month of an
    /// archive is moved with the archive), and the summary for stdout.
    static func finish(_ state: ReportState, seconds: StepRunner.StepSeconds) throws -> Outcome {
        let analysis = try state.analysed(in: "finish")
        let folder = try state.outputFolder(in: "finish")
        let options = state.options
        let logger = state.log.logger()
        var timings = state.timings
        for step in seconds {
            timings.steps[step.name] = step.seconds
            logger.info("step \(step.name): \(String(format: "%.3f", step.seconds)) s")
        }
        timings.stages["read_and_clean"] = (timings.steps["read"] ?? 0) + (timings.steps["clean"] ?? 0)
        timings.stages["total"] = Date().timeIntervalSince(state.started)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do {
            data = try encoder.encode(timings)
        } catch {
            throw InternalError(step: "finish", reason: "timings.json: \(error)")
        }
        try folder.write(data, to: "timings.json")
        logger.info(
            "report written to \(folder.target.path) in \(String(format: "%.3f", Date().timeIntervalSince(state.started))) s"
        )
        try folder.write(state.log.text, to: "run.log")
        try folder.commit()
        return Outcome(
            analysis: analysis, folder: folder.target, summary: summary(analysis, currency: options.currency))
    }

    /// The segment table, the best clustering and (monthly) the first changes, for stdout.
    static func summary(_ analysis: RFMAnalysis, currency: String) -> String {
        var summary = SegmentTableText.render(analysis, currency: currency)
        let rfm = analysis.rfm
        let orders = rfm.orders
        summary +=
            "\n\(PeopleFormat.integer(rfm.customers.count)) customers; "
            + "\(PeopleFormat.integer(orders)) \(analysis.transactions.hasInvoices ? "orders (distinct invoices)" : "purchase days") "
            + "from \(PeopleFormat.integer(rfm.rowsUsed)) rows up to \(PeopleFormat.date(rfm.snapshot.adding(days: -1))) "
            + "of \(PeopleFormat.integer(analysis.transactions.cleaning.rowsRead)) in the file\n"
        if let c = analysis.clustering {
            summary +=
                "\nBest clustering: \(algorithmName(c.best.algorithm)), k = \(c.best.k) (silhouette \(PeopleFormat.decimal(c.best.silhouette ?? 0, decimals: 3)); "
                + "holdout \(c.holdout.silhouette.map { PeopleFormat.decimal($0, decimals: 3) } ?? "-"))\n"
        } else if let note = analysis.clusteringNote {
            summary += "\nNo clusters: \(note)\n"
        }
        if let m = analysis.migration {
            summary +=
                "\nSince \(m.previousLabel):\n"
                + (m.netSentences() + m.flowSentences(currency: currency).prefix(2)).map { "  - " + $0 }.joined(
                    separator: "\n") + "\n"
        }
        return summary
    }

    /// CRC-32 of each input file, for the workbook's record of what was read; a file that cannot be read whole is
    /// bad input (no partial checksum is ever recorded).
    static func checksums(_ paths: [String]) throws(InputError) -> [String: String] {
        var checksums: [String: String] = [:]
        for path in Set(paths) {  // the same file may be given twice; it is checked once
            checksums[path] = String(format: "%08x", try FileChecksum.inputCRC32(path))
        }
        return checksums
    }
}
