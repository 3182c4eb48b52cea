import CLibPQ
import Foundation
import RFMConcurrency

/// One libpq connection: statements with `$n` parameters (never concatenated values), rows streamed one at a time
/// (single-row mode: memory holds one row, not the result), errors typed by SQLSTATE, and cancellation on the
/// server (`DatabaseCancellation`, which Ctrl-C reaches). Not shared between threads.
public final class PostgresConnection {
    let target: ConnectionTarget
    private let connection: OpaquePointer
    private let cancelToken: Int
    /// `--db-timeout`, for the message when the server cancels a statement for it.
    private let timeout: Double?

    /// Connects; `timeZone` is the session's (how a `timestamptz` is read), `timeout` the statement timeout.
    public init(_ target: ConnectionTarget, timeZone: String = "UTC", timeout: Double? = nil) throws(DatabaseError) {
        self.target = target
        self.timeout = timeout
        guard let connection = PQconnectdb(target.connectionString) else {
            throw .connectionFailed(target: target.display, reason: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = ConnectionTarget.oneLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw .connectionFailed(target: target.display, reason: reason)
        }
        self.connection = connection
        PQsetNoticeProcessor(connection, { _, _ in }, nil)  // the server's NOTICEs are not the user's business
        cancelToken = DatabaseCancellation.shared.register(PQgetCancel(connection))
        do {
            _ = try execute("SELECT set_config('TimeZone', $1, false)", [timeZone])
            // how a DBA sees the session, unless the connection string names it
            _ = try execute(
                "SELECT set_config('application_name', 'rfm', false) WHERE current_setting('application_name') = ''")
            _ = try execute("SELECT set_config('DateStyle', 'ISO, YMD', false)")
            _ = try execute("SELECT set_config('synchronize_seqscans', 'off', false)")
            _ = try execute("SELECT set_config('extra_float_digits', '3', false)")
            if let timeout {
                _ = try execute(
                    "SELECT set_config('statement_timeout', $1, false)", [String(Int((timeout * 1000).rounded()))])
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private var closed = false
    /// Ends the connection (and its registration for Ctrl-C).
    public func close() {
        guard !closed else { return }
        closed = true
        DatabaseCancellation.shared.unregister(cancelToken)
        PQfinish(connection)
    }

    /// The server's own description of the session's user, host, port and database (for the data page).
    public var sessionDisplay: String {
        func text(_ p: UnsafeMutablePointer<CChar>?) -> String? { p.map { String(cString: $0) } }
        let host = text(PQhost(connection)).map { $0.hasPrefix("/") ? "localhost" : $0 }
        return ConnectionTarget.display(
            user: text(PQuser(connection)), host: host, port: text(PQport(connection)),
            database: text(PQdb(connection)),
            service: nil)
    }

    /// Runs a statement and returns every row as text (nil for NULL): for small results (catalogue lookups).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(DatabaseError) -> [[String?]] {
        var rows: [[String?]] = []
        try stream(sql, parameters) { row in rows.append((0..<row.count).map { row[$0] }) }
        return rows
    }

    /// The result's column names and type OIDs, without fetching a row (`SELECT * FROM (...) LIMIT 0`).
    public func describe(_ sql: String, _ parameters: [String?] = []) throws(DatabaseError) -> [(
        name: String, type: UInt32
    )] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return (0..<PQnfields(result)).map { (String(cString: PQfname(result, $0)), UInt32(PQftype(result, $0))) }
    }

    /// Runs a statement and hands each row to `body` as it arrives.
    public func stream(
        _ sql: String, _ parameters: [String?] = [], _ body: (borrowing Row) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        try send(sql, parameters)
        guard PQsetSingleRowMode(connection) == 1 else {
            throw .connectionLost(target: target.display, reason: "cannot read the result row by row")
        }
        var failure: DatabaseError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            guard failure == nil else { continue }  // drain the results after an error
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                do throws(DatabaseError) {
                    try body(Row(result: result))
                } catch {
                    failure = error
                    _ = DatabaseCancellation.cancel(PQgetCancel(connection), free: true)
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                break
            default:
                failure = self.error(result)
            }
        }
        if let failure { throw failure }
        if PQstatus(connection) != CONNECTION_OK {
            throw .connectionLost(
                target: target.display, reason: ConnectionTarget.oneLine(String(cString: PQerrorMessage(connection))))
        }
    }

    private func send(_ sql: String, _ parameters: [String?]) throws(DatabaseError) {
        let sent = withParameters(parameters) { values in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard sent == 1 else {
            throw .connectionLost(
                target: target.display, reason: ConnectionTarget.oneLine(String(cString: PQerrorMessage(connection))))
        }
    }

    /// A whole result (for `describe`).
    private func run(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> OpaquePointer {
        let result = withParameters(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else {
            throw .connectionLost(
                target: target.display, reason: ConnectionTarget.oneLine(String(cString: PQerrorMessage(connection))))
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK: return result
        default:
            let e = error(result)
            PQclear(result)
            throw e
        }
    }

    private func withParameters<T>(_ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for c in copies { free(c) } }
        let pointers = copies.map { UnsafePointer<CChar>($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// The typed error for a failed result, by its SQLSTATE.
    private func error(_ result: OpaquePointer) -> DatabaseError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = ConnectionTarget.oneLine(
            primary ?? String(cString: PQresultErrorMessage(result)).replacingOccurrences(of: "ERROR:", with: ""))
        if PQstatus(connection) != CONNECTION_OK || state.hasPrefix("08") || state == "57P01" || state == "57P02"
            || state == "57P03" || state.isEmpty
        {
            let reason =
                message.isEmpty ? ConnectionTarget.oneLine(String(cString: PQerrorMessage(connection))) : message
            return .connectionLost(target: target.display, reason: reason)
        }
        switch state {
        case "42501": return .permissionDenied(target: target.display, reason: message)
        case "57014":
            // query_canceled: the statement timeout, or a cancel request (Ctrl-C)
            if let timeout, message.contains("statement timeout") {
                return .timeout(target: target.display, seconds: timeout)
            }
            return .cancelled(target: target.display)
        default: return .queryFailed(target: target.display, sqlState: state, reason: message)
        }
    }

    /// One row of a streamed result, valid inside the callback.
    public struct Row: ~Copyable {
        let result: OpaquePointer
        public var count: Int { Int(PQnfields(result)) }

        /// Column `i` as text, nil for NULL.
        public subscript(_ i: Int) -> String? {
            PQgetisnull(result, 0, Int32(i)) == 1 ? nil : String(cString: PQgetvalue(result, 0, Int32(i)))
        }

        /// Column `i` as an integer (nil for NULL or not an integer).
        public func integer(_ i: Int) -> Int64? {
            guard PQgetisnull(result, 0, Int32(i)) == 0 else { return nil }
            return Int64(String(cString: PQgetvalue(result, 0, Int32(i))))
        }
    }
}

/// The open connections' cancel handles, so that Ctrl-C cancels the running statements on the server (libpq's
/// `PQcancel` sends the request on a connection of its own).
public final class DatabaseCancellation: Sendable {
    public static let shared = DatabaseCancellation()
    private struct Handles: @unchecked Sendable {
        var next = 0
        var handles: [Int: OpaquePointer] = [:]
    }
    private let state = Locked(Handles())

    func register(_ handle: OpaquePointer?) -> Int {
        state.withLock { s in
            s.next += 1
            if let handle { s.handles[s.next] = handle }
            return s.next
        }
    }

    func unregister(_ token: Int) {
        let handle = state.withLock { s in s.handles.removeValue(forKey: token) }
        if let handle { PQfreeCancel(handle) }
    }

    /// Asks the server to cancel every running statement of this process; returns how many requests were sent.
    @discardableResult
    public func cancelAll() -> Int {
        let handles = state.withLock { s in Array(s.handles.values) }
        return handles.reduce(0) { $0 + (Self.cancel($1, free: false) ? 1 : 0) }
    }

    @discardableResult
    static func cancel(_ handle: OpaquePointer?, free: Bool) -> Bool {
        guard let handle else { return false }
        var buffer = [CChar](repeating: 0, count: 256)
        let sent = PQcancel(handle, &buffer, Int32(buffer.count)) == 1
        if free { PQfreeCancel(handle) }
        return sent
    }
}
