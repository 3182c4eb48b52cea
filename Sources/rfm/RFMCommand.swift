import ArgumentParser
import Foundation
import RFMCore
import RFMDatabase
import RFMIngest
import RFMReport
import RFMSite
import Segmentation

/// `rfm`: monthly RFM customer segmentation reports from a transaction log.
struct RFMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm",
        abstract: "Turn a retail transaction log into an RFM customer-segmentation report.",
        version: ToolInfo.version,
        subcommands: [ReportCommand.self, ScoreCommand.self, GenerateCommand.self, BenchCommand.self],
        defaultSubcommand: ReportCommand.self)
}

/// `rfm report`: the whole pipeline into one output folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read transactions, clean them, score and segment customers, and write the report.",
        discussion: """
            INPUT is CSV (RFC 4180; UTF-8 or Latin-1), gzip-compressed CSV or XLSX; several files are read in order. \
            Without INPUT the shipped sample \(ReportCommand.defaultInput) is used (in the repository's folder). Exit status: 0 ok, 1 bad input, \
            2 bad usage, 3 the report could not be written, 4 internal error, 130 interrupted.
            """)

    static let defaultInput = "data/online_retail_sample.csv"

    @Argument(help: "Transaction files (CSV, CSV.gz, XLSX).")
    var inputs: [String] = []

    @Option(
        name: .long,
        help:
            "Output folder; replaced as a whole when the run succeeds (default output/, or output/YYYY-MM/ with --month)."
    )
    var out: String?

    @Option(
        name: .customLong("as-of"), help: "Snapshot the day after DATE (YYYY-MM-DD); later transactions are ignored.")
    var asOf: String?

    @Option(
        name: .long,
        help:
            "Snapshot the day after the month YYYY-MM ends (or `latest`: the last complete month); later transactions are ignored. Adds the comparison with the month before."
    )
    var month: String?

    @Option(
        name: .long,
        help:
            "Monthly reports for every month of a range, e.g. 2011-01...2011-12: a folder per month and an index, from one reading of the input."
    )
    var months: String?

    @Flag(
        name: .customLong("refit-each-month"),
        help:
            "With --months: fit the clustering in every month instead of once, on the last month, shared by all (slower; cluster numbers then differ between months)."
    )
    var refitEachMonth = false

    @Option(
        name: .long,
        help: "With --month: compare with the report in this folder instead of the previous month of the same data.")
    var compare: String?

    @Option(
        name: .long,
        help:
            "Apply the saved model of an earlier report (its folder, or its model.json): its score cut points, segment rules and clustering replace this run's own, so segments and clusters mean the same thing month after month."
    )
    var model: String?

    @Option(name: .long, help: "With --month: month-ends of segment history to show.")
    var history: Int = 12

    @Option(name: .long, help: "Segment rules file (JSON or YAML) replacing the default rules.")
    var rules: String?

    @Option(
        name: .long,
        help:
            "Map a header to a role, e.g. customer=client_id; repeat it for several roles (roles: \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")))."
    )
    var column: [String] = []

    @Flag(name: .long, help: "Fail on the first malformed row instead of counting it.")
    var strict = false

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    @Option(name: .long, help: "Currency symbol for money in the summary and report.")
    var currency: String = "£"

    @Option(name: .long, help: "Seed of every random choice (KMeans, GMM, samples, holdout split).")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Feature transform before robust scaling: log1p or none.")
    var transform: String = "log1p"

    @Option(name: .customLong("k"), help: "Cluster counts to try, e.g. 2...8 or 3...5.")
    var kRange: String = "2...8"

    @Option(name: .long, help: "Clustering algorithms to compare: any of kmeans, ward, gmm, comma-separated.")
    var algorithms: String = "kmeans,ward,gmm"

    @Option(
        name: .long,
        help: "HTML theme: default or dark (built in), or NAME/ in --theme-dir or $RFM_THEMES.")
    var theme: String = "default"

    @Option(
        name: .customLong("theme-dir"),
        help: ArgumentHelp(
            "A folder of your own themes (DIR/NAME/, files it lacks come from the default theme); searched before $RFM_THEMES.",
            valueName: "DIR"))
    var themeDirectory: String?

    @Flag(
        name: .customLong("single-file"),
        help: "Write one self-contained report.html (CSS and charts inside) instead of the site.")
    var singleFile = false

    @Flag(
        name: .long, inversion: .prefixedNo,
        help:
            "Keep the parsed, cleaned transactions in a cache so the next report on the same input skips reading (default: on when writing into output/)."
    )
    var cache: Bool?

    @Option(
        name: .customLong("cache-dir"),
        help: "Folder of the parse cache (default: $XDG_CACHE_HOME/rfm or ~/.cache/rfm).")
    var cacheDir: String?

    @Option(name: .customLong("threads"), help: "Worker threads for the models (default: the number of cores).")
    var threadCount: Int?

    @OptionGroup var database: DatabaseSourceFlags

    @Option(
        name: .customLong("write-back"),
        help: ArgumentHelp(
            "With --db: write one row per customer (scores, segment, cluster) to TABLE in one transaction, replacing the rows of the last run.",
            valueName: "TABLE"))
    var writeBack: String?

    /// The database source, when `--db` is given.
    func databaseOptions() throws -> DatabaseOptions? {
        guard let db = database.db else { return nil }
        return DatabaseOptions(
            target: try ConnectionTarget(db), source: database.source, timeZone: database.timeZone,
            timeout: database.dbTimeout, writeBack: writeBack)
    }

    /// `--threads`, or the number of cores.
    var threads: Int { threadCount ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        try database.check(inputs: inputs)
        if database.db == nil, writeBack != nil {
            throw ValidationError("--write-back writes to a database: give --db URL with it")
        }
        if database.db == nil {
            try validateInputs()
        }
        try validateOthers()
    }

    func validateInputs() throws {
        if inputs.isEmpty && !FileManager.default.fileExists(atPath: Self.defaultInput) {
            throw ValidationError(
                "no INPUT given, and the shipped sample \(Self.defaultInput) is not in this folder: name a transactions file, such as 'rfm report sales.csv'"
            )
        }
    }

    func validateOthers() throws {
        if [asOf != nil, month != nil, months != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --as-of, --month and --months")
        }
        if out?.isEmpty == true { throw ValidationError("--out: expected a folder name, found an empty one") }
        if let months, ArchiveRun.parseRange(months) == nil {
            throw ValidationError(
                "--months \(months): expected a range of months FIRST...LAST such as 2011-01...2011-12 (at most 120 months)"
            )
        }
        if let asOf, CivilDate(iso: asOf) == nil {
            throw ValidationError("--as-of \(asOf): expected a date YYYY-MM-DD, such as 2011-11-30")
        }
        if let month, SnapshotRule.parseMonth(month) == nil {
            throw ValidationError("--month \(month): expected a month YYYY-MM with a month 01-12, such as 2011-11")
        }
        _ = try overrides()
        _ = try clusteringSettings()
        if model != nil && rules != nil {
            throw ValidationError(
                "--model and --rules both set the segment rules: give one (the model's rules are applied with it)")
        }
        if refitEachMonth && months == nil {
            throw ValidationError("--refit-each-month goes with --months (the archive)")
        }
        if compare != nil && month == nil { throw ValidationError("--compare goes with --month (the monthly report)") }
        guard (1...120).contains(history) else {
            throw ValidationError("--history \(history): expected 1 to 120 months")
        }
    }

    func clusteringSettings() throws -> ClusteringSettings {
        guard let t = FeatureTransform(rawValue: transform) else {
            throw ValidationError("--transform \(transform): expected log1p or none")
        }
        let bounds = kRange.components(separatedBy: "...").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2 || (bounds.count == 1 && !kRange.contains(".")), let low = bounds.first,
            let high = bounds.last,
            low >= 2, high >= low, high <= 50
        else {
            throw ValidationError("--k \(kRange): expected a range like 2...8 (from 2, at most 50)")
        }
        var chosen: [ClusteringAlgorithm] = []
        for name in algorithms.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            switch name {
            case "kmeans": chosen.append(.kmeans)
            case "ward", "agglomerative": chosen.append(.ward)
            case "gmm", "gaussianmixture", "gaussian-mixture": chosen.append(.gaussianMixture)
            default:
                throw ValidationError("--algorithms \(algorithms): unknown \"\(name)\"; expected kmeans, ward, gmm")
            }
        }
        guard !chosen.isEmpty else { throw ValidationError("--algorithms: name at least one of kmeans, ward, gmm") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads \(threads): expected 1 to 64") }
        return ClusteringSettings(
            transform: t, ks: low...high, algorithms: Array(Set(chosen)).sorted(), seed: seed, threads: threads)
    }

    func overrides() throws -> [ColumnRole: String] {
        var out: [ColumnRole: String] = [:]
        for item in column {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty, let role = ColumnRole(rawValue: parts[0].lowercased()) else {
                throw ValidationError(
                    "--column \(item): expected ROLE=HEADER with ROLE one of \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            out[role] = parts[1]
        }
        return out
    }

    /// True when the report goes into the project's `output/` folder (where the parse cache is on by default).
    var writesIntoOutput: Bool {
        guard let out else { return true }
        let folder = URL(fileURLWithPath: out).standardizedFileURL.path
        let output = URL(fileURLWithPath: "output").standardizedFileURL.path
        return folder == output || folder.hasPrefix(output + "/")
    }

    /// `output/`, or `output/YYYY-MM/` for a monthly report (`{month}` is filled in once the data says which month `latest` is).
    var defaultOutput: String {
        guard let month else { return "output" }
        return month.lowercased() == "latest" ? "output/{month}" : "output/\(month)"
    }

    func run() throws {
        var snapshot = SnapshotRule.dayAfterLastInvoice
        if let asOf, let date = CivilDate(iso: asOf) { snapshot = .asOf(date) }
        if let month, let rule = SnapshotRule.parseMonth(month) { snapshot = rule }
        var ruleSet = SegmentRuleSet.standard
        if let rules { ruleSet = try RulesFileLoader.load(path: rules) }
        let loadedTheme = try Theme.load(
            name: theme, searchPaths: try Theme.searchPaths(for: theme, themeDirectory: themeDirectory))
        var options = ReportOptions(
            inputs: database.db != nil ? [] : inputs.isEmpty ? [Self.defaultInput] : inputs,
            outputFolder: out ?? defaultOutput,
            snapshot: snapshot,
            rules: ruleSet, rulesSource: rules ?? "default", columnOverrides: try overrides(), strict: strict,
            quiet: quiet, currency: currency, clustering: try clusteringSettings(), theme: loadedTheme,
            singleFile: singleFile,
            compareFolder: compare, historyMonths: history)
        if let model { options.apply(try AppliedModel.load(path: model)) }
        options.database = try databaseOptions()
        if options.database == nil, cache ?? writesIntoOutput {
            options.cacheDirectory = cacheDir ?? TransactionCache.defaultDirectory
        }
        if let months, let range = ArchiveRun.parseRange(months) {
            var run = ArchiveRun(options: options, months: range)
            run.refitEachMonth = refitEachMonth
            let archive = try run.run()
            if !quiet {
                // The reports are in place: a closed or broken standard output no longer changes the outcome.
                StandardStreams.write(
                    StandardStreams.printable(archive.summary + "Reports written to \(archive.folder.path)\n"))
            }
            return
        }
        let outcome = try ReportRun(options: options).run()
        if !quiet {
            StandardStreams.write(
                StandardStreams.printable(outcome.summary + "Report written to \(outcome.folder.path)\n"))
        }
    }
}
