/// A typed failure of the ZIP layer: the container itself (its directory, an entry's bounds, sizes, CRC-32 and
/// deflate data), never what an entry holds. `XLSXError.init(_:)` gives the same case in the reader's terms.
public enum ZipError: Error, CustomStringConvertible, Equatable {
    /// The file is not a ZIP archive.
    case notAZip(path: String)
    /// The file or an entry ends before its data does (`part` is nil for the ZIP structure itself).
    case truncated(path: String, part: String?)
    /// The archive has no entry of that name.
    case missingPart(path: String, part: String)
    /// An entry declares or inflates to more bytes than the limit allows (zip bomb protection).
    case tooLarge(path: String, part: String, declared: UInt64, limit: UInt64)
    /// A count or size limit of the directory was exceeded (`part` is `ZipDirectory.directoryName`).
    case limitExceeded(path: String, part: String, what: String, limit: Int)
    /// The entry uses encryption or a compression method other than stored and deflate.
    case unsupported(path: String, part: String, feature: String)
    /// The compressed data of an entry is corrupt (it does not inflate).
    case corruptData(path: String, part: String)
    /// The file could not be opened or mapped.
    case io(path: String, message: String)
    /// The uncompressed data of an entry does not have the CRC-32 that the central directory records for it.
    case checksumMismatch(path: String, part: String, expected: UInt32, found: UInt32)
    /// An entry inflates to a different number of bytes than the central directory declares (`actual` is what
    /// had been inflated when the difference was found: more than `declared`, or the whole entry).
    case sizeMismatch(path: String, part: String, declared: UInt64, actual: UInt64)
    /// The bytes of an entry overlap those of another entry or of the central directory (`other`).
    case overlappingEntries(path: String, part: String, other: String)

    /// One sentence naming the file and the entry.
    public var description: String {
        switch self {
        case .notAZip(let path): return "The file '\(path)' is not a ZIP archive."
        case .truncated(let path, let part?): return "The ZIP archive '\(path)' is truncated in its entry '\(part)'."
        case .truncated(let path, nil):
            return
                "The file '\(path)' is a truncated or damaged ZIP archive: its central directory is missing or incomplete."
        case .missingPart(let path, let part): return "The ZIP archive '\(path)' has no entry '\(part)'."
        case .tooLarge(let path, let part, let declared, let limit):
            return
                "The ZIP archive '\(path)' entry '\(part)' is \(declared) bytes uncompressed, more than the limit of \(limit) bytes."
        case .limitExceeded(let path, let part, let what, let limit):
            return "The ZIP archive '\(path)' ('\(part)') exceeds the limit of \(limit) for \(what)."
        case .unsupported(let path, let part, let feature):
            return "The ZIP archive '\(path)' entry '\(part)' uses \(feature), which is not supported."
        case .corruptData(let path, let part):
            return
                "The ZIP archive '\(path)' entry '\(part)' has corrupt compressed data that does not inflate as deflate data."
        case .io(let path, let message): return "The file '\(path)' could not be read: \(message)."
        case .checksumMismatch(let path, let part, let expected, let found):
            return
                "The ZIP archive '\(path)' entry '\(part)' has CRC-32 \(found) but the directory records \(expected)."
        case .sizeMismatch(let path, let part, let declared, let actual):
            return
                "The ZIP archive '\(path)' entry '\(part)' inflates to \(actual) bytes but the directory declares \(declared)."
        case .overlappingEntries(let path, let part, let other):
            return "The ZIP archive '\(path)' entry '\(part)' overlaps \(other) in the file."
        }
    }
}
