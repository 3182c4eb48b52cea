import CLibPQ
import Foundation

/// A PostgreSQL connection string (a `postgresql://` URI or `key=value` words) and how it is shown: user, host,
/// port and database, never the password. libpq reads it as psql does: `PG*` environment variables fill what it
/// leaves out, `~/.pgpass` and service files supply passwords.
public struct ConnectionTarget: Sendable, Equatable {
    /// The string as given, passed to libpq only.
    let connectionString: String
    /// `postgresql://user@host:port/database`, without a password.
    public let display: String

    public init(_ connectionString: String) throws(DatabaseError) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            let reason = error.map { String(cString: $0) } ?? "cannot be parsed"
            if let error { PQfreemem(error) }
            throw .badConnectionString(reason: Self.oneLine(reason))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let environment = ProcessInfo.processInfo.environment
        func value(_ key: String, _ variable: String) -> String? {
            values[key].flatMap { $0.isEmpty ? nil : $0 } ?? environment[variable]
        }
        let user = value("user", "PGUSER")
        let host = value("host", "PGHOST") ?? value("hostaddr", "PGHOSTADDR")
        let port = value("port", "PGPORT")
        let database = value("dbname", "PGDATABASE") ?? user
        let service = value("service", "PGSERVICE")
        self.connectionString = connectionString
        self.display = Self.display(user: user, host: host, port: port, database: database, service: service)
    }

    static func display(user: String?, host: String?, port: String?, database: String?, service: String?) -> String {
        if let service, host == nil { return "postgresql service \(service)" }
        var text = "postgresql://"
        if let user { text += "\(user)@" }
        text += host ?? "localhost"
        if let port { text += ":\(port)" }
        if let database { text += "/\(database)" }
        return text
    }

    /// libpq's messages end in newlines and sometimes hold two lines; the CLI prints one.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
