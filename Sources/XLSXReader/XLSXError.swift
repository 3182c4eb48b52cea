import ZipIndex

/// A typed failure to read a workbook; every description is one sentence naming the file and part.
public enum XLSXError: Error, CustomStringConvertible, Equatable {
    /// The file is not a ZIP archive (XLSX is a ZIP package).
    case notAZip(path: String)
    /// The file or a part ends before its data does (`part` is nil for the ZIP structure itself).
    case truncated(path: String, part: String?)
    /// A required part is missing from the package.
    case missingPart(path: String, part: String)
    /// The workbook lists no worksheet.
    case noWorksheet(path: String)
    /// The XML of a part is not well formed where the reader needed it to be.
    case malformedXML(path: String, part: String, byteOffset: Int, expected: String, found: String)
    /// A cell's value cannot be decoded as its type says.
    case badCell(path: String, part: String, cell: String, expected: String, found: String)
    /// A part declares or inflates to more bytes than the limit allows (zip bomb protection).
    case tooLarge(path: String, part: String, declared: UInt64, limit: UInt64)
    /// A count or size limit other than the part size was exceeded.
    case limitExceeded(path: String, part: String, what: String, limit: Int)
    /// The package uses a feature this reader does not support (encryption, a compression method).
    case unsupported(path: String, part: String, feature: String)
    /// The compressed data of a part is corrupt (it does not inflate).
    case corruptData(path: String, part: String)
    /// The file could not be opened or read.
    case io(path: String, message: String)
    /// The uncompressed data of a part does not have the CRC-32 that the ZIP central directory records for it.
    case checksumMismatch(path: String, part: String, expected: UInt32, found: UInt32)
    /// A part inflates to a different number of bytes than the ZIP central directory declares (`actual` is
    /// what had been inflated when the difference was found: more than `declared`, or the whole part).
    case sizeMismatch(path: String, part: String, declared: UInt64, actual: UInt64)
    /// The bytes of a part (local header and data) overlap those of another part or of the central directory
    /// (`other`), a zip bomb that makes many parts out of the same compressed bytes.
    case overlappingEntries(path: String, part: String, other: String)

    /// A one-sentence explanation naming the file, the part and what was expected.
    public var description: String {
        switch self {
        case .notAZip(let path):
            return
                "The file '\(path)' is not a ZIP archive, so it cannot be an XLSX workbook (it may be encrypted, an old .xls file, or another format)."
        case .truncated(let path, let part?):
            return
                "The file '\(path)' is truncated: its part '\(part)' ends before its compressed data or XML is complete."
        case .truncated(let path, nil):
            return
                "The file '\(path)' is a truncated or damaged ZIP archive: its central directory is missing or incomplete."
        case .missingPart(let path, let part):
            return
                "The workbook '\(path)' has no part '\(part)', which it needs (ECMA-376 package relationships point to it)."
        case .noWorksheet(let path):
            return "The workbook '\(path)' contains no worksheet to read."
        case .malformedXML(let path, let part, let offset, let expected, let found):
            return
                "The workbook '\(path)' has malformed XML in part '\(part)' at byte \(offset): expected \(expected) but found \(found)."
        case .badCell(let path, let part, let cell, let expected, let found):
            return
                "The workbook '\(path)' has an invalid cell \(cell) in part '\(part)': expected \(expected) but found \(found)."
        case .tooLarge(let path, let part, let declared, let limit):
            return
                "The workbook '\(path)' part '\(part)' is \(declared) bytes uncompressed, more than the limit of \(limit) bytes (refused as a possible zip bomb)."
        case .limitExceeded(let path, let part, let what, let limit):
            return "The workbook '\(path)' part '\(part)' exceeds the limit of \(limit) for \(what)."
        case .unsupported(let path, let part, let feature):
            return "The workbook '\(path)' part '\(part)' uses \(feature), which this reader does not support."
        case .corruptData(let path, let part):
            return
                "The workbook '\(path)' part '\(part)' has corrupt compressed data that does not inflate as deflate data."
        case .io(let path, let message):
            return "The file '\(path)' could not be read: \(message)."
        case .checksumMismatch(let path, let part, let expected, let found):
            return
                "The workbook '\(path)' part '\(part)' is damaged: its data has CRC-32 \(Self.hex(found)) but the ZIP directory records \(Self.hex(expected))."
        case .sizeMismatch(let path, let part, let declared, let actual) where actual > declared:
            return
                "The workbook '\(path)' part '\(part)' is damaged: it inflates to more than the \(declared) bytes the ZIP directory declares (\(actual) bytes when it was stopped)."
        case .sizeMismatch(let path, let part, let declared, let actual):
            return
                "The workbook '\(path)' part '\(part)' is damaged: it inflates to \(actual) bytes but the ZIP directory declares \(declared)."
        case .overlappingEntries(let path, let part, let other):
            return
                "The workbook '\(path)' part '\(part)' overlaps \(other) in the file (refused as a possible zip bomb)."
        }
    }

    /// The same failure of the ZIP layer as the reader names it (every `ZipError` case has one here).
    public init(_ error: ZipError) {
        switch error {
        case .notAZip(let path): self = .notAZip(path: path)
        case .truncated(let path, let part): self = .truncated(path: path, part: part)
        case .missingPart(let path, let part): self = .missingPart(path: path, part: part)
        case .tooLarge(let path, let part, let declared, let limit):
            self = .tooLarge(path: path, part: part, declared: declared, limit: limit)
        case .limitExceeded(let path, let part, let what, let limit):
            self = .limitExceeded(path: path, part: part, what: what, limit: limit)
        case .unsupported(let path, let part, let feature):
            self = .unsupported(path: path, part: part, feature: feature)
        case .corruptData(let path, let part): self = .corruptData(path: path, part: part)
        case .io(let path, let message): self = .io(path: path, message: message)
        case .checksumMismatch(let path, let part, let expected, let found):
            self = .checksumMismatch(path: path, part: part, expected: expected, found: found)
        case .sizeMismatch(let path, let part, let declared, let actual):
            self = .sizeMismatch(path: path, part: part, declared: declared, actual: actual)
        case .overlappingEntries(let path, let part, let other):
            self = .overlappingEntries(path: path, part: part, other: other)
        }
    }

    /// `0x` and 8 hexadecimal digits.
    static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
