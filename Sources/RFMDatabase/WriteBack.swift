import Foundation
import RFMCore

/// `--write-back TABLE`: one row per customer of a report, written in one transaction that builds the new rows
/// in a table of their own and swaps it in for the old one, so a reader sees the whole last report or the whole
/// new one, never half. A table rfm did not make (no rfm comment on it) is never replaced.
public struct WriteBack: Sendable {
    /// One customer's row.
    public struct Row: Sendable, Equatable {
        public let customer: String
        public let recency: Int
        public let frequency: Int
        /// The monetary value as its exact decimal text (two places, as customers.csv).
        public let monetary: String
        public let r: Int, f: Int, m: Int
        public let cell: String
        public let score: Int
        public let segment: String
        public let cluster: Int?
        public let clusterName: String?
        public let previousSegment: String?

        public init(
            customer: String, recency: Int, frequency: Int, monetary: String, r: Int, f: Int, m: Int, cell: String,
            score: Int, segment: String, cluster: Int?, clusterName: String?, previousSegment: String?
        ) {
            self.customer = customer
            self.recency = recency
            self.frequency = frequency
            self.monetary = monetary
            self.r = r
            self.f = f
            self.m = m
            self.cell = cell
            self.score = score
            self.segment = segment
            self.cluster = cluster
            self.clusterName = clusterName
            self.previousSegment = previousSegment
        }
    }

    /// The comment that marks a table as rfm's.
    public static let marker = "rfm write-back"
    /// Rows per INSERT (14 parameters each, under PostgreSQL's 65,535).
    static let batch = 1000

    public let target: ConnectionTarget
    public let table: String

    public init(target: ConnectionTarget, table: String) {
        self.target = target
        self.table = table
    }

    /// Writes `rows` as of `snapshot` (the report's), replacing the table's rows of the last run. `pause` (tests
    /// only) waits before the commit, so that a test can kill the run mid-write.
    public func write(_ rows: [Row], snapshot: CivilDate, timeout: Double?, pauseBeforeCommit: Double = 0)
        throws(DatabaseError)
    {
        let connection = try PostgresConnection(target, timeout: timeout)
        defer { connection.close() }
        // schema.name as the user wrote it, resolved by the server; a new table goes to the first schema of the
        // search_path (or the one named).
        let parts = try connection.execute(
            "SELECT coalesce(i[array_length(i, 1) - 1], current_schema()), i[array_length(i, 1)] "
                + "FROM (SELECT parse_ident($1) AS i) AS n", [table])
        guard let schema = parts.first?[0] ?? nil, let name = parts.first?[1] ?? nil else {
            throw .queryFailed(
                target: target.display, sqlState: "42602", reason: "--write-back \(table): not a table name")
        }
        let qualified = "\(SQLText.identifier(schema)).\(SQLText.identifier(name))"
        let building = "\(SQLText.identifier(schema)).\(SQLText.identifier(name + "__rfm_new"))"
        try connection.execute("BEGIN")
        do throws(DatabaseError) {
            let existing = try connection.execute(
                "SELECT c.oid, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c "
                    + "WHERE c.oid = to_regclass($1)", [qualified])
            if let row = existing.first, !(row[1]?.hasPrefix(Self.marker) ?? false) {
                throw .notOurTable(target: target.display, table: table)
            }
            try connection.execute("DROP TABLE IF EXISTS \(building)")
            try connection.execute(
                "CREATE TABLE \(building) (customer_id text PRIMARY KEY, recency_days integer NOT NULL, "
                    + "frequency integer NOT NULL, monetary numeric NOT NULL, r_score smallint NOT NULL, "
                    + "f_score smallint NOT NULL, m_score smallint NOT NULL, rfm_cell text NOT NULL, "
                    + "rfm_score smallint NOT NULL, segment text NOT NULL, cluster integer, cluster_name text, "
                    + "previous_segment text, snapshot_date date NOT NULL)")
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + Self.batch)]
                var values: [String] = []
                var parameters: [String?] = []
                for row in chunk {
                    let n = parameters.count
                    values.append("(" + (1...14).map { "$\(n + $0)" }.joined(separator: ", ") + ")")
                    parameters += [
                        row.customer, String(row.recency), String(row.frequency), row.monetary, String(row.r),
                        String(row.f), String(row.m), row.cell, String(row.score), row.segment,
                        row.cluster.map(String.init), row.clusterName, row.previousSegment, snapshot.description,
                    ]
                }
                try connection.execute(
                    "INSERT INTO \(building) VALUES \(values.joined(separator: ", "))", parameters)
                start += Self.batch
            }
            try connection.execute("DROP TABLE IF EXISTS \(qualified)")
            try connection.execute("ALTER TABLE \(building) RENAME TO \(SQLText.identifier(name))")
            try connection.execute(
                "COMMENT ON TABLE \(qualified) IS \(SQLText.literal("\(Self.marker): one row per customer of the report as of \(snapshot); replaced by each rfm report --write-back"))"
            )
            if pauseBeforeCommit > 0 { usleep(UInt32(pauseBeforeCommit * 1_000_000)) }
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
