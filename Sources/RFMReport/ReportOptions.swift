import Foundation
import RFMCore
import RFMSite

/// Everything a `rfm report` run needs to know, validated before any work is done.
public struct ReportOptions: Sendable {
    public var inputs: [String]
    public var outputFolder: String
    public var snapshot: SnapshotRule
    public var rules: SegmentRuleSet
    /// Where the rules came from: "default" or the file's path.
    public var rulesSource: String
    public var columnOverrides: [ColumnRole: String]
    public var strict: Bool
    public var quiet: Bool
    /// Currency symbol for people-facing money (stdout summary, report pages).
    public var currency: String
    /// Transform, k range, algorithms, seed and threads of the clustering.
    public var clustering: ClusteringSettings
    /// The HTML theme, loaded and checked before the run; nil writes no site.
    public var theme: Theme?
    /// One self-contained `report.html` instead of the site.
    public var singleFile: Bool
    /// An earlier report folder to compare a monthly report with (default: the previous month of the same data).
    public var compareFolder: String?
    /// Month-ends of segment history in a monthly report.
    public var historyMonths: Int
    /// How scores are given: quartiles of this snapshot (default) or a saved model's cut points (`--model DIR`).
    public var scoring: ScoreMethod
    /// A saved model whose clustering this run applies instead of fitting one (`--model DIR`; an archive's
    /// months share the last month's), with where it came from.
    public var clusteringModel: AppliedModel?
    /// Where `--model` came from, when its cut points and rules replace this run's own (not for an archive's shared
    /// clustering, which keeps each month's cut points and rules).
    public private(set) var appliedModelSource: String?
    /// The parse cache's folder (`--cache`), or nil to read the inputs every time.
    public var cacheDirectory: String?
    /// CRC-32 of each input, when already known (an archive reads each input once and checks it once).
    public var inputChecksums: [String: String]?
    /// The month's place in an archive (`--months`): its pages link the archive's index and the months beside it.
    public var archiveNavigation: ArchiveNavigation?
    /// A PostgreSQL source instead of files (`--db`).
    public var database: DatabaseOptions?

    public init(
        inputs: [String], outputFolder: String = "output", snapshot: SnapshotRule = .dayAfterLastInvoice,
        rules: SegmentRuleSet = .standard, rulesSource: String = "default",
        columnOverrides: [ColumnRole: String] = [:], strict: Bool = false, quiet: Bool = false, currency: String = "£",
        clustering: ClusteringSettings = ClusteringSettings(), theme: Theme? = nil, singleFile: Bool = false,
        compareFolder: String? = nil, historyMonths: Int = 12
    ) {
        self.inputs = inputs
        self.outputFolder = outputFolder
        self.snapshot = snapshot
        self.rules = rules
        self.rulesSource = rulesSource
        self.columnOverrides = columnOverrides
        self.strict = strict
        self.quiet = quiet
        self.currency = currency
        self.clustering = clustering
        self.theme = theme
        self.singleFile = singleFile
        self.compareFolder = compareFolder
        self.historyMonths = historyMonths
        scoring = .quartiles
        clusteringModel = nil
        inputChecksums = nil
        archiveNavigation = nil
        database = nil
        cacheDirectory = nil
        appliedModelSource = nil
    }

    /// `--model DIR`: the model's cut points, rules and clustering replace this run's own.
    public mutating func apply(_ model: AppliedModel) {
        scoring = .savedBoundaries(model.model.scoreBoundaries, source: model.source)
        rules = model.model.ruleSet
        rulesSource = "the model of \(model.source)"
        clusteringModel = model
        appliedModelSource = model.source
    }
}
