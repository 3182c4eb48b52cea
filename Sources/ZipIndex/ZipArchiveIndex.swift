/// The entries of a ZIP file in central-directory order, with raw access to its bytes: what a writer
/// needs to copy a package entry by entry while replacing one part (the workbook writer's row splice).
///
/// It reads the directory with the same bounds-checked code as the XLSX reader (`ZipDirectory`); the file is
/// mapped read-only and stays mapped while the index lives.
public final class ZipArchiveIndex: Sendable {
    /// One entry as its central directory record describes it.
    public struct Entry: Sendable {
        public let name: String
        /// General-purpose flags (bit 3: sizes and CRC follow the data in a descriptor).
        public let flags: UInt16
        /// 0 stored, 8 deflated.
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: UInt64
        public let uncompressedSize: UInt64
        /// Offset of the entry's local file header.
        public let localHeaderOffset: Int
        /// The bytes of its central directory record.
        public let centralRecord: Range<Int>
    }

    public let path: String
    /// Entries in central-directory order.
    public let entries: [Entry]
    /// The central directory's bytes.
    public let centralDirectory: Range<Int>
    /// True when the archive has ZIP64 end records.
    public let isZip64: Bool
    /// Size of the file in bytes.
    public var fileSize: Int { file.count }

    private let file: MappedFile
    private let directory: ZipDirectory

    /// Maps the file at `path` and reads its central directory.
    public init(path: String) throws(ZipError) {
        self.path = path
        file = try MappedFile(path: path)
        directory = try ZipDirectory(file: file, path: path)
        entries = directory.ordered.map {
            Entry(
                name: $0.name, flags: $0.flags, method: $0.method, crc32: $0.crc32, compressedSize: $0.compressedSize,
                uncompressedSize: $0.uncompressedSize, localHeaderOffset: Int(clamping: $0.localHeaderOffset),
                centralRecord: $0.centralRecordOffset..<($0.centralRecordOffset + $0.centralRecordLength))
        }
        centralDirectory =
            directory.centralDirectoryOffset..<(directory.centralDirectoryOffset + directory.centralDirectorySize)
        isZip64 = directory.isZip64
    }

    /// Calls `body` with the file's bytes in `range` (checked against the file's size).
    public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard range.lowerBound >= 0, range.upperBound <= file.count else {
            throw ZipError.truncated(path: path, part: nil)
        }
        guard let base = file.base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// The uncompressed bytes of the entry `name`, refused above `limit` bytes.
    public func contents(of name: String, limit: UInt64) throws -> [UInt8] {
        guard let entry = directory.entry(name) else { throw ZipError.missingPart(path: path, part: name) }
        return try PartInflater(file: file, path: path, part: name, entry: entry, limit: limit).readAll()
    }
}
