/// A failure of the byte-level XML scanner: more input is needed, or the bytes are not valid XML here.
enum ScanFailure: Error {
    /// The buffer ends inside the construct being scanned.
    case needMore
    /// A syntax error at a buffer index; `expected` and `found` are short human phrases.
    case malformed(at: Int, expected: String, found: String)
    /// A cell value that does not match its type, at a buffer index.
    case badValue(at: Int, expected: String, found: String)
    /// A size or count limit was exceeded.
    case limit(what: String, limit: Int)
}
