import RFMCore
import RFMDatabase

/// `rfm report --db URL --table NAME | --query SQL`: where the transactions are, how the session reads them, and
/// where the per-customer results go back (`--write-back`).
public struct DatabaseOptions: Sendable {
    public var target: ConnectionTarget
    public var source: DatabaseSource
    /// The session time zone (a `timestamptz` is read as its local time there).
    public var timeZone: String
    /// `--db-timeout`: the server cancels a statement running longer.
    public var timeout: Double?
    /// `--write-back TABLE`.
    public var writeBack: String?
    /// The months of an archive (`--months`), whose month-ends the totals are computed at as well.
    public var months: [Month] = []

    public struct Month: Sendable, Equatable {
        public let year: Int
        public let month: Int
    }

    public init(
        target: ConnectionTarget, source: DatabaseSource, timeZone: String = "UTC", timeout: Double? = nil,
        writeBack: String? = nil
    ) {
        self.target = target
        self.source = source
        self.timeZone = timeZone
        self.timeout = timeout
        self.writeBack = writeBack
    }

    /// The reader of this source.
    func reader(overrides: [ColumnRole: String]) -> DatabaseReader {
        DatabaseReader(target: target, source: source, overrides: overrides, timeZone: timeZone, timeout: timeout)
    }
}
