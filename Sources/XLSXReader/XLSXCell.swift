/// The decoded value of one worksheet cell.
public enum XLSXCell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case bool(Bool)
    case error(String)
}
