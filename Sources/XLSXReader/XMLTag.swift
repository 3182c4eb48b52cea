/// The kind of a piece of markup found by `XMLByteScanner`.
enum XMLTagKind {
    case start, end, empty, other
}

/// A tag located in a byte buffer by index ranges (nothing is copied).
struct XMLTag {
    /// Start, end, self-closing (empty) or other markup (comment, processing instruction, CDATA, DOCTYPE).
    var kind: XMLTagKind
    /// Index of the first byte of the local name (after any `prefix:`).
    var localStart: Int
    /// Index just past the name.
    var nameEnd: Int
    /// Range of the raw attribute text.
    var attrStart: Int
    var attrEnd: Int
    /// Index just past the closing `>`.
    var end: Int
}
