import ArgumentParser
import Foundation
import RFMCore
import RFMDatabase
import RFMIngest
import RFMReport

/// `rfm score`: scores, segment, cluster and PCA coordinates of the customers of new transactions, with a saved model.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the customers of a transaction file with a model saved by `rfm report` (its model.json).",
        discussion:
            "Writes CSV (to stdout, or to --out FILE): the customer's R, F, M, scores, segment, cluster and PCA coordinates."
    )

    @Option(name: .long, help: "The model.json of an earlier report (or its folder).")
    var model: String

    @Argument(help: "Transaction files (CSV, CSV.gz, XLSX).")
    var inputs: [String] = []

    @OptionGroup var database: DatabaseSourceFlags

    @Option(
        name: .customLong("as-of"),
        help: "Snapshot the day after DATE (YYYY-MM-DD); default: the day after the last invoice.")
    var asOf: String?

    @Option(name: .long, help: "Write the CSV to FILE instead of stdout.")
    var out: String?

    @Option(name: .long, help: "Map a header to a role, e.g. customer=client_id.")
    var column: [String] = []

    @Flag(name: .long, help: "Fail on the first malformed row instead of counting it.")
    var strict = false

    @Flag(
        name: .customLong("for-spreadsheet"),
        help:
            "Write the CSV for a spreadsheet: a UTF-8 byte order mark, and text fields that start with =, +, -, @, a tab or a carriage return prefixed with ' so they are not run as formulas."
    )
    var forSpreadsheet = false

    func validate() throws {
        if let asOf, CivilDate(iso: asOf) == nil {
            throw ValidationError("--as-of \(asOf): expected a date YYYY-MM-DD, such as 2011-11-30")
        }
        try database.check(inputs: inputs)
        if database.db == nil && inputs.isEmpty { throw ValidationError("give at least one transaction file to score") }
    }

    func run() throws {
        var path = model
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path = URL(fileURLWithPath: path).appendingPathComponent("model.json").path
        }
        let saved = try SavedModel.load(path: path)
        var overrides: [ColumnRole: String] = [:]
        for item in column {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = ColumnRole(rawValue: parts[0].lowercased()) else {
                throw ValidationError("--column \(item): expected ROLE=HEADER")
            }
            overrides[role] = parts[1]
        }
        let snapshot: SnapshotRule = asOf.flatMap(CivilDate.init(iso:)).map { .asOf($0) } ?? .dayAfterLastInvoice
        let history: any PurchaseHistory
        if let reader = try database.reader(overrides: overrides) {
            history = try reader.read(snapshot: snapshot, historyMonths: 0).ledger
        } else {
            history = try TransactionLoader(overrides: overrides, strict: strict).load(paths: inputs)
        }
        let rfm = try history.rfm(at: snapshot)
        let scored = try ModelScorer(model: saved).score(rfm)
        let text = ScoredCustomersCSV.render(scored, forSpreadsheets: forSpreadsheet)
        if let out {
            try ReportFolder.writeAtomically(Data(text.utf8), to: out)
        } else {
            guard StandardStreams.write(text) else {
                throw OutputError.writeFailed(path: "standard output", reason: String(cString: strerror(errno)))
            }
        }
    }
}
