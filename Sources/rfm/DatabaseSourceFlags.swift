import ArgumentParser
import RFMCore
import RFMDatabase

/// The flags that name a PostgreSQL source, shared by `rfm report` and `rfm score`: `--db URL` with `--table NAME`
/// or `--query SQL`, `--time-zone`, `--db-timeout`.
struct DatabaseSourceFlags: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the transactions from PostgreSQL instead of files: a connection URI (postgresql://user@host/db) or key=value words; PG* variables, ~/.pgpass and service files apply as in psql.",
            valueName: "URL"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("With --db: the table or view to read (schema.name).", valueName: "NAME"))
    var table: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --db: a SELECT whose rows are the transactions (instead of --table).", valueName: "SQL"))
    var query: String?

    @Option(
        name: .customLong("time-zone"),
        help: "With --db: the session time zone in which a timestamptz column is read.")
    var timeZone: String = "UTC"

    @Option(
        name: .customLong("db-timeout"),
        help: ArgumentHelp("With --db: cancel a statement on the server after SECONDS.", valueName: "SECONDS"))
    var dbTimeout: Double?

    func validate() throws {
        guard db != nil else {
            for (flag, given) in [
                ("--table", table != nil), ("--query", query != nil), ("--db-timeout", dbTimeout != nil),
            ]
            where given {
                throw ValidationError("\(flag) reads from a database: give --db URL with it")
            }
            return
        }
        if (table == nil) == (query == nil) {
            throw ValidationError("--db needs the transactions' --table NAME or a --query 'SELECT ...' (one of them)")
        }
        if table?.isEmpty == true { throw ValidationError("--table: expected a table name, found an empty one") }
        if let dbTimeout, !(dbTimeout > 0) {
            throw ValidationError("--db-timeout \(dbTimeout): expected a number of seconds above 0")
        }
    }

    /// With `--db`, files are not read: INPUT files beside it are a usage error.
    func check(inputs: [String]) throws {
        if db != nil && !inputs.isEmpty {
            throw ValidationError("--db reads the transactions from the database: give no INPUT files with it")
        }
    }

    /// The table or query named.
    var source: DatabaseSource { query.map { .query($0) } ?? .table(table ?? "") }

    /// The reader of the source, nil without `--db`.
    func reader(overrides: [ColumnRole: String]) throws -> DatabaseReader? {
        guard let db else { return nil }
        return DatabaseReader(
            target: try ConnectionTarget(db), source: source, overrides: overrides, timeZone: timeZone,
            timeout: dbTimeout)
    }
}
