/// The EXAMPLES that end each subcommand's `--help` (swift-argument-parser has no epilogue, so `main.swift`
/// appends them to its help text).
enum HelpExamples {
    static let bySubcommand: [String: [(command: String, what: String)]] = [
        "report": [
            ("rfm report sales.csv", "the report of sales.csv into output/ (open output/index.html)"),
            ("rfm report sales.csv --month latest --out monthly", "the last complete month, with its changes"),
            ("rfm report sales.csv --months 2011-01...2011-12 --out archive", "a year of monthly reports and an index"),
            ("rfm report a.csv b.csv.gz c.xlsx --out three", "three files read in order, as one log"),
            (
                "rfm report clients.csv --column customer=client_id --column date=order_date --out clients",
                "a log with other headers (repeat --column for each)"
            ),
            ("rfm report sales.csv --model output", "apply last month's model: the same segments and clusters"),
            ("rfm report sales.csv --single-file --out mail", "one report.html to e-mail"),
        ],
        "score": [
            ("rfm score --model output/model.json new.csv", "score new customers with a saved model (CSV on stdout)"),
            ("rfm score --model output new.csv --out scores.csv --for-spreadsheet", "a CSV for Excel"),
        ],
        "generate": [
            ("rfm generate --customers 1000 --transactions 50000 --out log.csv.gz", "a synthetic log to try rfm on")
        ],
        "bench": [
            ("rfm bench sales.csv --runs 5", "seconds per step, median of 5 runs")
        ],
    ]

    /// The root command's examples: one per subcommand.
    static let root: [(command: String, what: String)] = [
        ("rfm report sales.csv", "the report of sales.csv into output/"),
        ("rfm report --help", "every option of the report"),
        ("rfm score --model output new.csv", "score new customers with a saved model"),
    ]

    /// The EXAMPLES block for `subcommand` (nil: the root command), or "" when it has none.
    static func text(for subcommand: String?) -> String {
        let examples = subcommand.flatMap { bySubcommand[$0] } ?? (subcommand == nil ? root : [])
        guard !examples.isEmpty else { return "" }
        return "EXAMPLES:\n" + examples.map { "  \($0.command)\n      \($0.what)\n" }.joined()
    }
}
