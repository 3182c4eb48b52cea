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

    /// A one-sentence explanation naming the file, the part and what was expected.
    public var description: String {
        switch self {
        case let .notAZip(path):
            return "The file '\(path)' is not a ZIP archive, so it cannot be an XLSX workbook (it may be encrypted, an old .xls file, or another format)."
        case let .truncated(path, part?):
            return "The file '\(path)' is truncated: its part '\(part)' ends before its compressed data or XML is complete."
        case let .truncated(path, nil):
            return "The file '\(path)' is a truncated or damaged ZIP archive: its central directory is missing or incomplete."
        case let .missingPart(path, part):
            return "The workbook '\(path)' has no part '\(part)', which it needs (ECMA-376 package relationships point to it)."
        case let .noWorksheet(path):
            return "The workbook '\(path)' contains no worksheet to read."
        case let .malformedXML(path, part, offset, expected, found):
            return "The workbook '\(path)' has malformed XML in part '\(part)' at byte \(offset): expected \(expected) but found \(found)."
        case let .badCell(path, part, cell, expected, found):
            return "The workbook '\(path)' has an invalid cell \(cell) in part '\(part)': expected \(expected) but found \(found)."
        case let .tooLarge(path, part, declared, limit):
            return "The workbook '\(path)' part '\(part)' is \(declared) bytes uncompressed, more than the limit of \(limit) bytes (refused as a possible zip bomb)."
        case let .limitExceeded(path, part, what, limit):
            return "The workbook '\(path)' part '\(part)' exceeds the limit of \(limit) for \(what)."
        case let .unsupported(path, part, feature):
            return "The workbook '\(path)' part '\(part)' uses \(feature), which this reader does not support."
        case let .corruptData(path, part):
            return "The workbook '\(path)' part '\(part)' has corrupt compressed data that does not inflate as deflate data."
        case let .io(path, message):
            return "The file '\(path)' could not be read: \(message)."
        }
    }
}
