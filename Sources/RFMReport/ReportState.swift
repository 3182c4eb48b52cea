import Foundation
import RFMCore
import RFMSite

/// What the steps of a report run share: the options, then what each step adds (the transactions, the RFM table,
/// the scores, the analysis, the drawn charts). A value: an output step works on the copy it was started with.
public struct ReportState: Sendable {
    public let options: ReportOptions
    /// The run's log (`run.log`); it takes lines from any thread.
    public let log: RunLog
    public let started: Date
    /// The progress line the steps update (the reading step reports how far it is).
    public let progress: Progress
    /// Where the report is written; nil until the `rfm` step knows the month (`--month latest` without --out).
    var folder: ReportFolder?
    /// Month-end points already computed (an archive computes each month once for all its reports).
    var knownHistory: [String: MonthlyHistory.Point] = [:]

    /// After `read`: the rows kept by the row rules, before the whole-table rules; nil when the parse cache
    /// supplied the finished table.
    var collected: TransactionCollector?
    /// After `clean` (or `read` from the parse cache).
    var table: (any PurchaseHistory)?
    /// CRC-32 of the inputs when reading computed them anyway (the parse cache), hex by path.
    var inputChecksums: [String: String]?
    /// After `rfm`, `score`, `segment`.
    var rfm: RFMTable?
    var scored: ScoredCustomers?
    /// After `segment`; `compare months` adds the migration and history, `cluster` the clusters.
    var analysis: RFMAnalysis?
    /// The clustering's stage timings and fits, for `timings.json` and the model page.
    var timings = TimingsDocument(stages: [:], fits: [])
    /// After `charts` in a one-file report: the charts drawn to be inlined.
    var inlineCharts: [String: InlineChart] = [:]

    public init(options: ReportOptions, progress: Progress, log: RunLog = RunLog(), started: Date = Date()) {
        self.options = options
        self.progress = progress
        self.log = log
        self.started = started
    }

    /// A value an earlier step should have produced; its absence is a bug in the step list, not bad input.
    func need<Value>(_ value: Value?, _ what: String, from step: String) throws(InternalError) -> Value {
        guard let value else { throw InternalError(step: step, reason: "\(what) is missing: no earlier step made it") }
        return value
    }

    /// The analysis so far (every step from `segment` on).
    func analysed(in step: String) throws(InternalError) -> RFMAnalysis {
        try need(analysis, "the analysis", from: step)
    }

    /// The report folder (every output step).
    func outputFolder(in step: String) throws(InternalError) -> ReportFolder {
        try need(folder, "the report folder", from: step)
    }
}
