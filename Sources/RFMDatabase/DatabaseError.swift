/// A problem with a database source, printed as one line (the CLI exits with status 1). Messages name the source
/// as `ConnectionTarget.display` shows it: never with a password.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, refused the connection, or refused the login.
    case connectionFailed(target: String, reason: String)
    /// The table or view does not exist (or is not visible to this user).
    case missingTable(target: String, table: String)
    /// A column a role needs has a type the report cannot use.
    case unusableType(target: String, source: String, column: String, type: String, role: String, expected: String)
    /// The user may not read (or write) it.
    case permissionDenied(target: String, reason: String)
    /// The statement ran longer than `--db-timeout`.
    case timeout(target: String, seconds: Double)
    /// The connection broke while a statement ran.
    case connectionLost(target: String, reason: String)
    /// The query was cancelled (Ctrl-C).
    case cancelled(target: String)
    /// The server refused a statement (a query given with --query that does not run, a type error).
    case queryFailed(target: String, sqlState: String, reason: String)
    /// `--write-back` names a table rfm did not create.
    case notOurTable(target: String, table: String)
    /// The connection string itself is not valid.
    case badConnectionString(reason: String)

    public var description: String {
        switch self {
        case .connectionFailed(let target, let reason):
            return "\(target): cannot connect: \(reason)"
        case .missingTable(let target, let table):
            return "\(target): no table or view \"\(table)\" (check the name and the search_path; --table schema.name)"
        case .unusableType(let target, let source, let column, let type, let role, let expected):
            return
                "\(target): \(source): column \"\(column)\" (the \(role)) is of type \(type); expected \(expected)"
        case .permissionDenied(let target, let reason):
            return "\(target): permission denied: \(reason)"
        case .timeout(let target, let seconds):
            return
                "\(target): the query ran longer than --db-timeout \(Self.seconds(seconds)) s and was cancelled on the server"
        case .connectionLost(let target, let reason):
            return "\(target): the connection to the server was lost while reading: \(reason)"
        case .cancelled(let target):
            return "\(target): the query was cancelled on the server"
        case .queryFailed(let target, let sqlState, let reason):
            return "\(target): the server refused the query (SQLSTATE \(sqlState)): \(reason)"
        case .notOurTable(let target, let table):
            return
                "\(target): --write-back \(table): the table exists and was not created by rfm --write-back; choose another name or drop it"
        case .badConnectionString(let reason):
            return "--db: not a PostgreSQL connection string: \(reason)"
        }
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}
