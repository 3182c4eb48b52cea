/// A column of the table or query read, with its PostgreSQL type, and what the report can make of it.
public struct SourceColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text, integer, decimal, timestamp, timestampWithZone, date, boolean, other
    }

    public let name: String
    public let typeOID: UInt32
    public let typeName: String

    public init(name: String, typeOID: UInt32, typeName: String) {
        self.name = name
        self.typeOID = typeOID
        self.typeName = typeName
    }

    public var kind: Kind {
        switch typeOID {
        case 25, 1043, 1042, 19: return .text
        case 20, 21, 23: return .integer
        case 700, 701, 1700: return .decimal
        case 1114: return .timestamp
        case 1184: return .timestampWithZone
        case 1082: return .date
        case 16: return .boolean
        default: return .other
        }
    }

    /// The column as an SQL identifier (double quotes doubled).
    public var identifier: String { SQLText.identifier(name) }
}

/// Quoting for the few names rfm writes into SQL: identifiers are quoted; values are always `$n` parameters.
public enum SQLText {
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal (for the patterns and constants rfm itself writes, never for user values).
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
