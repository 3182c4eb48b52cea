import Foundation
import TestSupport
import Testing

/// `rfm report --db`: Online Retail from a PostgreSQL table (and from the two-shard table) gives the same report as
/// from its CSV.gz, and every failure a user meets is one clear line, exit 1, an earlier report intact. Needs the
/// server `.ci/run` starts (`Tests/postgres/cluster.sh`).
@Suite(
    .serialized,
    .enabled(
        if: Prerequisites.hasTestDatabase, "needs RFM_TEST_DATABASE_URL (Tests/postgres/cluster.sh; .ci/run starts it)")
)
struct DatabaseSourceTests {
    static let url = Prerequisites.testDatabaseURL ?? ""
    static let password = "rfm-test-secret"
    static let csv = Prerequisites.sharedFolder.appendingPathComponent("data/online_retail/Online Retail.csv.gz").path

    /// Runs SQL through psql (the tests' own tables), failing the test on an error.
    @discardableResult
    static func psql(_ sql: String) throws -> String {
        let r = try RFMProcess.run(
            program: URL(fileURLWithPath: Prerequisites.psql),
            [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
        #expect(r.status == 0, "psql: \(sql): \(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func report(_ arguments: [String], out: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        try RFMProcess.run(["report", "--quiet", "--no-cache", "--out", out.path] + arguments)
    }

    static func file(_ folder: URL, _ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// result.json without its input block (which names the source).
    static func resultWithoutInput(_ folder: URL) throws -> NSDictionary {
        let json = try JSONSerialization.jsonObject(with: try file(folder, "result.json")) as! [String: Any]
        return json.filter { $0.key != "input" } as NSDictionary
    }

    @Test(arguments: [[String](), ["--month", "2011-11"]])
    func onlineRetailFromATableEqualsTheCSVgz(mode: [String]) throws {
        let work = ScratchSpace.folder("db")
        let fromFile = work.appendingPathComponent("file")
        let fromTable = work.appendingPathComponent("table")
        let a = try Self.report([Self.csv] + mode, out: fromFile)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try Self.report(["--db", Self.url, "--table", "online_retail"] + mode, out: fromTable)
        #expect(b.status == 0, "\(b.stderr)")
        var files = ["customers.csv", "segments.csv", "model.json"]
        if !mode.isEmpty { files.append("winback.csv") }
        for name in files {
            #expect(try Self.file(fromFile, name) == Self.file(fromTable, name), "\(name) differs")
        }
        #expect(try Self.resultWithoutInput(fromFile) == Self.resultWithoutInput(fromTable))
        // The SQL that ran is in run.log and result.json, with its parameters beside it, not inside it.
        let log = String(decoding: try Self.file(fromTable, "run.log"), as: UTF8.self)
        #expect(log.contains("sql: per-customer totals"))
        #expect(log.contains("GROUP BY r.k, r.rule"))
        if !mode.isEmpty { #expect(log.contains("$1 = '")) }
    }

    @Test func theShardedTableEqualsTheSingleTableAndAggregatesOnTheShards() throws {
        let work = ScratchSpace.folder("db")
        let single = work.appendingPathComponent("single")
        let sharded = work.appendingPathComponent("sharded")
        #expect(try Self.report(["--db", Self.url, "--table", "online_retail"], out: single).status == 0)
        let r = try Self.report(["--db", Self.url, "--table", "transactions"], out: sharded)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.file(single, "customers.csv") == Self.file(sharded, "customers.csv"))
        // The totals statement, as it ran, is aggregated by each shard (postgres_fdw's remote GROUP BY).
        let result = try JSONSerialization.jsonObject(with: try Self.file(sharded, "result.json")) as! [String: Any]
        let input = (result["input"] as! [String: Any])["files"] as! [[String: Any]]
        let statements = (input[0]["database"] as! [String: Any])["statements"] as! [[String: Any]]
        let grouped = statements.compactMap { $0["sql"] as? String }.filter { $0.contains("GROUP BY") }
        #expect(grouped.count >= 3, "the totals, the countries of the few with several, the duplicates")
        for (n, sql) in grouped.enumerated() {
            // a plain report has no cut-offs: $1 is only the countries' customer list
            let plan = try Self.psql(
                "EXPLAIN (VERBOSE) \(sql.replacingOccurrences(of: "$1::text[]", with: "ARRAY['12346']::text[]"))")
            let remote = plan.split(separator: "\n").filter { $0.contains("Remote SQL") }
            // (the countries' customer list may prune a shard away)
            #expect(n == 0 ? remote.count == 2 : remote.count >= 1, "\(plan)")
            if n == 0 {
                // the totals: each shard aggregates its own customers
                #expect(remote.allSatisfy { $0.contains("GROUP BY") }, "\(plan)")
            } else {
                // the others: the planner may aggregate on the shards or here, by its costs; each shard filters
                #expect(remote.allSatisfy { $0.contains("GROUP BY") || $0.contains(" WHERE ") }, "\(plan)")
            }
        }
    }

    @Test func thePasswordAppearsNowhere() throws {
        let out = ScratchSpace.folder("db").appendingPathComponent("report")
        let r = try Self.report(["--db", Self.url, "--table", "online_retail", "--month", "2011-11"], out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains(Self.password) && !r.stderr.contains(Self.password))
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)!
        var checked = 0
        for case let file as URL in files where !file.hasDirectoryPath {
            let data = try Data(contentsOf: file)
            #expect(data.range(of: Data(Self.password.utf8)) == nil, "\(file.lastPathComponent) holds the password")
            checked += 1
        }
        #expect(checked > 10)
        let data = String(decoding: try Self.file(out, "data.html"), as: UTF8.self)
        #expect(data.contains("postgresql://rfm@127.0.0.1"))
    }

    /// Every error a user meets: one line, exit 1, the earlier report still there, no password.
    @Test func errorsAreOneClearLineAndKeepTheEarlierReport() throws {
        let out = ScratchSpace.folder("db").appendingPathComponent("report")
        #expect(try RFMProcess.run(["report", "--quiet", "--no-cache", "--out", out.path]).status == 0)
        let before = try Self.file(out, "customers.csv")
        let port = Int(URLComponents(string: Self.url)!.port!)
        let wrongPassword = Self.url.replacingOccurrences(of: Self.password, with: "not-the-password")
        // a port nobody listens on
        let closed = Self.url.replacingOccurrences(of: ":\(port)/", with: ":1/")
        try Self.psql(
            """
            DROP TABLE IF EXISTS t_nocustomer, t_badtype, t_empty, t_secret;
            CREATE TABLE t_nocustomer ("InvoiceNo" text, "Quantity" integer, "InvoiceDate" timestamp, "UnitPrice" numeric);
            CREATE TABLE t_badtype ("InvoiceNo" text, "Quantity" integer, "InvoiceDate" boolean, "UnitPrice" numeric, "CustomerID" text);
            CREATE TABLE t_empty ("InvoiceNo" text, "Quantity" integer, "InvoiceDate" timestamp, "UnitPrice" numeric, "CustomerID" text);
            CREATE TABLE t_secret (LIKE t_empty);
            REVOKE ALL ON t_secret FROM rfm;
            """)
        let cases: [(arguments: [String], message: String)] = [
            (["--db", closed, "--table", "online_retail"], "cannot connect"),
            (["--db", wrongPassword, "--table", "online_retail"], "password authentication failed"),
            (["--db", Self.url, "--table", "no_such_table"], "no table or view \"no_such_table\""),
            (
                ["--db", Self.url, "--table", "t_nocustomer"],
                "\"InvoiceNo\", \"Quantity\", \"InvoiceDate\", \"UnitPrice\""
            ),
            (["--db", Self.url, "--table", "t_badtype"], "column \"InvoiceDate\" (the date) is of type boolean"),
            (["--db", Self.url, "--table", "t_empty"], "it has no rows"),
            (["--db", Self.url, "--table", "t_secret"], "permission denied"),
            (["--db", Self.url, "--query", "SELECT * FROM online_retail WHERE"], "the server refused the query"),
            (
                ["--db", Self.url, "--query", "SELECT o.* FROM online_retail o, pg_sleep(5)", "--db-timeout", "0.5"],
                "longer than --db-timeout 0.5 s"
            ),
        ]
        for c in cases {
            let r = try Self.report(c.arguments, out: out)
            #expect(r.status == 1, "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.contains(c.message), "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(!r.stderr.contains(Self.password) && !r.stderr.contains("not-the-password"))
            #expect(try Self.file(out, "customers.csv") == before)
        }
        try Self.psql("DROP TABLE t_nocustomer, t_badtype, t_empty, t_secret")
    }

    /// The connection dropping mid-read, and Ctrl-C, which must stop the statement on the server too.
    @Test func aDroppedConnectionFailsCleanlyAndCtrlCCancelsOnTheServer() throws {
        let out = ScratchSpace.folder("db").appendingPathComponent("report")
        for interrupt in [false, true] {
            // The session is found by its application_name (pg_stat_activity cuts long statements' text).
            let marker = "rfm_test_\(interrupt ? "cancel" : "drop")_\(UInt32.random(in: 0...UInt32.max))"
            let process = Process()
            process.executableURL = RFMProcess.executable
            process.arguments = [
                "report", "--quiet", "--no-cache", "--out", out.path, "--db", "\(Self.url)?application_name=\(marker)",
                "--query", "SELECT o.* FROM online_retail o, pg_sleep(30)",
            ]
            let err = Pipe()
            process.standardError = err
            try process.run()
            // wait until the statement runs on the server
            var running = false
            for _ in 0..<100 where !running {
                usleep(100_000)
                running =
                    try Self.psql(
                        "SELECT count(*) > 0 FROM pg_stat_activity WHERE state = 'active' AND application_name = '\(marker)'"
                    )
                    == "t"
            }
            #expect(running)
            if interrupt {
                kill(process.processIdentifier, SIGINT)
            } else {
                try Self.psql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(marker)'")
            }
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == (interrupt ? 130 : 1), "\(stderr)")
            #expect(stderr.contains(interrupt ? "interrupted" : "connection to the server was lost"), "\(stderr)")
            // the statement is gone from the server
            var left = "1"
            for _ in 0..<50 where left != "0" {
                usleep(100_000)
                left = try Self.psql(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = '\(marker)'")
            }
            #expect(left == "0", "the statement still runs on the server after \(interrupt ? "Ctrl-C" : "the drop")")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    /// Numbers and dates stored as text are parsed in SQL; what does not parse is counted as malformed (never a
    /// failed query), and the data page says which columns were parsed. A timestamptz is read in --time-zone.
    @Test func textColumnsAreParsedAndBadValuesCountedAsMalformed() throws {
        try Self.psql(
            """
            DROP TABLE IF EXISTS t_text, t_zone;
            CREATE TABLE t_text (invoice text, customer_id text, qty text, price text, invoice_date text, country text);
            INSERT INTO t_text VALUES
              ('1', '17850', '6', '2.55', '2011-12-01 08:26:00', 'United Kingdom'),
              ('2', '17850.0', ' 2 ', '3.39', '12/2/2011 9:01', 'United Kingdom'),
              ('3', '13047', '1', '1.5', '2011-02-30 10:00:00', 'United Kingdom'),
              ('4', '13047', 'six', '1.5', '2011-12-03 10:00:00', 'United Kingdom'),
              ('5', '13047', '3', '2,5', '2011-12-03 10:00:00', 'United Kingdom'),
              ('6', '13047', '3', '1.25', '2011-13-03 10:00:00', 'France'),
              ('7', '13047', '4', '1.25', '2011-12-04', 'France'),
              ('C8', '13047', '4', '1.25', '2011-12-04', 'France'),
              ('9', '12000', '4', '1e400', '2011-12-04', 'France');
            CREATE TABLE t_zone ("InvoiceNo" text, "CustomerID" text, "Quantity" integer, "UnitPrice" numeric, "InvoiceDate" timestamptz);
            INSERT INTO t_zone VALUES ('1', 'A', 1, 10, '2011-12-01 23:30:00+00'), ('2', 'B', 1, 20, '2011-12-02 12:00:00+00');
            """)
        let out = ScratchSpace.folder("db").appendingPathComponent("report")
        let r = try Self.report(["--db", Self.url, "--table", "t_text"], out: out)
        #expect(r.status == 0, "\(r.stderr)")
        let result = try JSONSerialization.jsonObject(with: try Self.file(out, "result.json")) as! [String: Any]
        let cleaning = result["cleaning"] as! [String: Any]
        let removed = cleaning["removed"] as! [String: Int]
        #expect(cleaning["rows_in"] as? Int == 9)
        // 2011-02-30, "six", "2,5", month 13, and 1e400 (past a double, as in files)
        #expect(removed["malformed"] == 5, "\(removed)")
        #expect(removed["cancelled_invoice"] == 1)
        #expect(cleaning["rows_after"] as? Int == 3)
        let customers = String(decoding: try Self.file(out, "customers.csv"), as: UTF8.self)
        // "17850" and "17850.0" are one customer, as in files: 6 × 2.55 + 2 × 3.39
        #expect(customers.contains("17850,United Kingdom,"))
        #expect(customers.contains(",2,22.08,"), "\(customers)")
        let data = String(decoding: try Self.file(out, "data.html"), as: UTF8.self)
        #expect(data.contains("invoice_date (date)") && data.contains("qty (quantity)"))
        #expect(data.contains("2011-02-30"), "a malformed example names the value")

        // 23:30 UTC on 1 December is 2 December in Auckland: the last purchase day moves.
        for (zone, last) in [("UTC", "2011-12-01"), ("Pacific/Auckland", "2011-12-02")] {
            let z = ScratchSpace.folder("db").appendingPathComponent("zone")
            let r = try Self.report(["--db", Self.url, "--table", "t_zone", "--time-zone", zone], out: z)
            #expect(r.status == 0, "\(r.stderr)")
            let rows = String(decoding: try Self.file(z, "customers.csv"), as: UTF8.self).split(separator: "\n")
            #expect(rows.first { $0.hasPrefix("A,") }?.contains(",\(last),\(last),") == true, "\(zone): \(rows)")
        }
        try Self.psql("DROP TABLE t_text, t_zone")
    }

    /// `--write-back`: the table holds the last report's customers; a run killed mid-write leaves the previous rows
    /// (one transaction); a table rfm did not make is refused and left alone.
    @Test func writeBackIsAtomicAndRefusesATableItDidNotMake() throws {
        let work = ScratchSpace.folder("db")
        try Self.psql(
            "DROP TABLE IF EXISTS wb_customers, wb_theirs; CREATE TABLE wb_theirs (x int); INSERT INTO wb_theirs VALUES (1)"
        )
        let first = try Self.report(
            ["--db", Self.url, "--table", "online_retail", "--as-of", "2011-06-30", "--write-back", "wb_customers"],
            out: work.appendingPathComponent("june"))
        #expect(first.status == 0, "\(first.stderr)")
        let june = try Self.psql("SELECT count(*) || ' ' || min(snapshot_date) FROM wb_customers")
        let juneCustomers = String(
            decoding: try Self.file(work.appendingPathComponent("june"), "customers.csv"), as: UTF8.self)
        #expect(june == "\(juneCustomers.split(separator: "\n").count - 1) 2011-07-01")
        #expect(try Self.psql("SELECT segment FROM wb_customers WHERE customer_id = '12347'") == "Champions")

        // Killed while the new rows are written, before the commit: the June rows stay, whole.
        let process = Process()
        process.executableURL = RFMProcess.executable
        process.arguments = [
            "report", "--quiet", "--no-cache", "--out", work.appendingPathComponent("killed").path, "--db", Self.url,
            "--table", "online_retail", "--write-back", "wb_customers",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RFM_TEST_WRITE_BACK_PAUSE"] = "20"
        process.environment = environment
        try process.run()
        var building = false
        for _ in 0..<200 where !building {
            usleep(100_000)
            building =
                try Self.psql("SELECT count(*) FROM pg_class WHERE relname = 'wb_customers__rfm_new'") == "1"
                || (try Self.psql(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'wb_customers' AND l.mode = 'AccessExclusiveLock'"
                )) == "1"
        }
        #expect(building, "the write-back never started")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        usleep(500_000)
        #expect(try Self.psql("SELECT count(*) || ' ' || min(snapshot_date) FROM wb_customers") == june)
        #expect(try Self.psql("SELECT count(*) FROM pg_class WHERE relname = 'wb_customers__rfm_new'") == "0")

        // A full run replaces them in one go.
        let full = try Self.report(
            ["--db", Self.url, "--table", "online_retail", "--write-back", "wb_customers"],
            out: work.appendingPathComponent("full"))
        #expect(full.status == 0, "\(full.stderr)")
        #expect(try Self.psql("SELECT count(*) || ' ' || min(snapshot_date) FROM wb_customers") == "4338 2011-12-10")

        let refused = try Self.report(
            ["--db", Self.url, "--table", "online_retail", "--write-back", "wb_theirs"],
            out: work.appendingPathComponent("refused"))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("was not created by rfm --write-back"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(try Self.psql("SELECT count(*) FROM wb_theirs") == "1")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("refused").path))
        try Self.psql("DROP TABLE wb_customers, wb_theirs")
    }

    /// `rfm score --db` scores the table's customers with a saved model exactly as from the file.
    @Test func scoringFromTheDatabaseEqualsScoringTheFile() throws {
        let work = ScratchSpace.folder("db")
        let model = work.appendingPathComponent("model")
        #expect(try Self.report([Self.csv, "--as-of", "2011-09-30"], out: model).status == 0)
        let a = try RFMProcess.run(["score", "--model", model.path, Self.csv])
        let b = try RFMProcess.run(["score", "--model", model.path, "--db", Self.url, "--table", "online_retail"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 4339)
    }

    /// psql's conventions: a password from a pgpass file (`PGPASSFILE`, as `~/.pgpass`) and the database from
    /// `PGDATABASE` when the URL leaves them out; `--column` names a column whose name is not a known header;
    /// a missing database is one line.
    @Test func pgpassEnvironmentAndColumnOverridesWorkAsInPsql() throws {
        let work = ScratchSpace.folder("db")
        let parts = URLComponents(string: Self.url)!
        let pgpass = work.appendingPathComponent("pgpass")
        try "\(parts.host!):\(parts.port!):*:\(parts.user!):\(Self.password)\n".write(
            to: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass.path, 0o600)
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSFILE"] = pgpass.path
        environment["PGDATABASE"] = String(parts.path.dropFirst())
        try Self.psql(
            """
            DROP TABLE IF EXISTS t_renamed;
            CREATE TABLE t_renamed AS SELECT "InvoiceNo" AS order_ref, "Quantity", "InvoiceDate", "UnitPrice",
              "CustomerID" AS shopper, "Country" FROM online_retail WHERE "CustomerID" IN ('12347', '12348');
            """)
        let out = work.appendingPathComponent("report")
        let r = try RFMProcess.run(
            program: RFMProcess.executable,
            [
                "report", "--quiet", "--no-cache", "--out", out.path, "--db",
                "postgresql://\(parts.user!)@\(parts.host!):\(parts.port!)", "--table", "t_renamed", "--column",
                "customer=shopper", "--column", "invoice=order_ref",
            ], environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        let customers = String(decoding: try Self.file(out, "customers.csv"), as: UTF8.self)
        #expect(customers.contains("\n12347,Iceland,") && customers.contains("\n12348,Finland,"), "\(customers)")
        let missing = try RFMProcess.run(
            program: RFMProcess.executable,
            [
                "report", "--quiet", "--no-cache", "--out", out.path, "--db",
                "postgresql://\(parts.user!)@\(parts.host!):\(parts.port!)/no_such_db", "--table", "t_renamed",
            ], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("database \"no_such_db\" does not exist"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
        try Self.psql("DROP TABLE t_renamed")
    }
}
