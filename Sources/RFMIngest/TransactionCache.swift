import CZlibSystem
import Foundation
import RFMCore

/// A parse cache: the cleaned transactions of a set of inputs in a compact binary file, so that a second report on
/// the same input (another month, theme or rule set) skips reading. The cache is keyed by each input's path, size,
/// modification time and CRC-32 and by the reading options; its own content carries a CRC-32. A cache that does
/// not match (a changed input) or does not check (a damaged file) is never trusted: the input is read again and
/// the cache rewritten.
public struct TransactionCache: Sendable {
    /// Where cache files live.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/rfm`, or `~/.cache/rfm`.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return (xdg as NSString).appendingPathComponent("rfm")
        }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".cache/rfm")
    }

    /// What the cache did.
    public enum Outcome: Sendable, Equatable {
        case hit
        /// No cache file yet.
        case miss
        /// A cache file that did not match the input or did not check; the reason, for the log.
        case rebuilt(String)
    }

    static let magic = Array("RFMCACHE".utf8)
    /// Bumped when the layout or the meaning of the cleaned table changes.
    static let formatVersion: UInt32 = 2

    /// The key of a set of inputs: what must match for a cache file to be used.
    struct Key: Codable, Equatable {
        struct Input: Codable, Equatable {
            let path: String
            let size: Int64
            let modified: Double
            let crc32: UInt32
        }
        let tool: String
        let inputs: [Input]
        let overrides: [String: String]
        let strict: Bool
    }

    /// What `load` gives: the transactions, what the cache did, and each input's CRC-32 (read for the key anyway).
    public struct Loaded: Sendable {
        public let table: TransactionTable
        public let outcome: Outcome
        /// Why the cache could not be written, when it could not (only a slower next run).
        public let warning: String?
        /// CRC-32 of each input, by the path as given.
        public let checksums: [String: UInt32]
    }

    /// The cleaned transactions of `paths`, from the cache when it matches, else from `read` (and then cached).
    ///
    /// A cache file that does not match the inputs, or that fails any check (checksum, counts, offsets, indices,
    /// dates; see `decode`), is never used: the inputs are read again, the file is rewritten, and the outcome is
    /// `.rebuilt(reason)`, the one note for the run log. An input that is not a regular file (a pipe, `/dev/fd/N`)
    /// skips the cache entirely: it can be read only once, so there is no key to compute and nothing to reuse.
    public func load(
        paths: [String], overrides: [ColumnRole: String], strict: Bool, tool: String,
        read: () throws(InputError) -> TransactionTable
    ) throws(InputError) -> Loaded {
        if let stream = paths.first(where: InputFile.isStream) {
            let table = try read()
            var checksums: [String: UInt32] = [:]
            for path in paths where checksums[path] == nil { checksums[path] = try FileChecksum.inputCRC32(path) }
            return Loaded(
                table: table, outcome: .miss,
                warning:
                    "parse cache not used: \(stream) is not a regular file (a pipe or device is read once, as a stream)",
                checksums: checksums)
        }
        var inputs: [Key.Input] = []
        for path in paths { inputs.append(try Self.describe(path)) }
        let key = Key(
            tool: tool, inputs: inputs,
            overrides: Dictionary(uniqueKeysWithValues: overrides.map { ($0.key.rawValue, $0.value) }),
            strict: strict)
        let file = (directory as NSString).appendingPathComponent(Self.fileName(key))
        let checksums = Dictionary(zip(paths, key.inputs.map(\.crc32)), uniquingKeysWith: { first, _ in first })
        var outcome = Outcome.miss
        // lstat: a symbolic link (even a dangling one) in the cache folder is a cache file that cannot be used.
        var info = stat()
        if lstat(file, &info) == 0 {
            switch Self.read(file: file, key: key) {
            case .valid(let table): return Loaded(table: table, outcome: .hit, warning: nil, checksums: checksums)
            case .stale(let reason), .invalid(let reason): outcome = .rebuilt(reason)
            }
        }
        let table = try read()
        do {
            try Self.write(table, key: key, to: file)
            return Loaded(table: table, outcome: outcome, warning: nil, checksums: checksums)
        } catch {
            return Loaded(
                table: table, outcome: outcome, warning: "parse cache not written (\(file)): \(error)",
                checksums: checksums)
        }
    }

    /// The cache file of a key: one per set of input paths and options (a changed input overwrites its file).
    static func fileName(_ key: Key) -> String {
        let identity =
            key.inputs.map(\.path).joined(separator: "\n") + "\n"
            + key.overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",") + (key.strict ? "\nstrict" : "")
        let bytes = Array(identity.utf8)
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        let adler = bytes.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        return String(format: "%08lx%08lx.rfmcache", crc, adler)
    }

    static func describe(_ path: String) throws(InputError) -> Key.Input {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        return Key.Input(
            path: absolute, size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
            crc32: try FileChecksum.inputCRC32(path))
    }

    // MARK: File layout: magic, version, key JSON, metadata JSON, columns, interned strings, then a CRC-32 of it all.

    struct Metadata: Codable {
        let preview: [PreviewRow]
        let cleaning: CleaningReport
        let inputs: [InputSummary]
        let hasInvoices: Bool
        /// The scale of the exact amounts that follow the country column; nil when the table has none.
        let amountScale: Int?
    }

    static func write(_ t: TransactionTable, key: Key, to file: String) throws {
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let data = try encode(t, key: key)
        // Written beside the final name and renamed, so a reader never sees half a file; the temporary file is
        // registered (before it exists) for the interrupt handler, and removed on any failure.
        guard let (fd, temporary) = TemporaryFileRegistry.shared.create(prefix: file + ".tmp-\(getpid())-") else {
            throw CacheWriteError(reason: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
            TemporaryFileRegistry.shared.remove(temporary)
        }
        var failure = data.withUnsafeBytes { DescriptorWriter.writeAll(fd, $0) }
        if close(fd) != 0 && failure == nil { failure = errno }
        if let failure { throw CacheWriteError(reason: String(cString: strerror(failure))) }
        guard rename(temporary, file) == 0 else { throw CacheWriteError(reason: String(cString: strerror(errno))) }
        renamed = true
    }

    struct CacheWriteError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// The bytes of a cache file for `t` under `key`.
    static func encode(_ t: TransactionTable, key: Key) throws -> [UInt8] {
        var out = BinaryWriter()
        out.bytes(magic)
        out.integer(formatVersion)
        out.blob(try JSONEncoder().encode(key))
        out.blob(
            try JSONEncoder().encode(
                Metadata(
                    preview: t.preview, cleaning: t.cleaning, inputs: t.inputs,
                    hasInvoices: t.hasInvoices, amountScale: t.amountScale)))
        out.integer(UInt64(t.count))
        out.array(t.customer)
        out.array(t.invoice)
        out.array(t.time)
        out.array(t.amount)
        out.array(t.country)
        if t.amountScale != nil { out.array(t.amountUnits) }
        for interner in [t.customers, t.invoices, t.countries] {
            out.integer(UInt64(interner.count))
            for id in 0..<interner.count {
                let b = interner.bytes(Int32(id))
                out.integer(UInt32(b.count))
                out.bytes(b)
            }
        }
        let crc = out.data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        out.integer(UInt32(crc))
        return out.data
    }

    /// What reading a cache file gave.
    enum Decoded {
        case valid(TransactionTable)
        /// A sound cache file of other inputs, options or format version.
        case stale(String)
        /// Not a cache file, damaged, or inconsistent: never trusted.
        case invalid(String)
    }

    /// The cache file's table. The file is opened without following a symbolic link and without blocking (a FIFO
    /// put in its place), and used only when it is a regular file.
    static func read(file: String, key: Key) -> Decoded {
        switch readRegularFile(file) {
        case .success(let bytes): return decode(bytes, key: key)
        case .failure(let rejected): return .invalid(rejected.reason)
        }
    }

    /// Rows run from 1900-01-01 00:00:00 to 9999-12-31 23:59:59, the dates `DateParser` accepts.
    static let timeRange: ClosedRange<Int64> =
        Int64(CivilDate(year: 1900, month: 1, day: 1)!.dayNumber) * 86_400...Int64(
            CivilDate(year: 9999, month: 12, day: 31)!.dayNumber) * 86_400 + 86_399

    /// Checks and decodes the bytes of a cache file. Every count, length and index is checked before it is used or
    /// allocated: against the bytes that remain, against each other, and against what the cleaning can produce.
    static func decode(_ bytes: [UInt8], key: Key) -> Decoded {
        guard bytes.count >= magic.count + 8, Array(bytes[0..<magic.count]) == magic else {
            return .invalid("not a cache file")
        }
        let body = bytes.count - 4
        let stored = bytes[body..<bytes.count].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt(body)) }
        guard UInt32(crc) == UInt32(littleEndian: stored) else {
            return .invalid("the cache file is damaged (checksum)")
        }
        var r = BinaryReader(bytes: bytes, end: body, offset: magic.count)
        do {
            guard try r.integer(UInt32.self) == formatVersion else { return .stale("cache of another format version") }
            guard let storedKey = try? JSONDecoder().decode(Key.self, from: Data(try r.blob())) else {
                return .invalid("damaged key")
            }
            guard storedKey == key else { return .stale("the input or the reading options changed") }
            guard let metadata = try? JSONDecoder().decode(Metadata.self, from: Data(try r.blob())) else {
                return .invalid("the cache file is inconsistent: damaged metadata")
            }
            // Rows: five columns of 4 + 4 + 8 + 8 + 4 bytes each must fit in what is left.
            let rows = try r.integer(UInt64.self)
            guard rows <= UInt64(r.remaining / 28), rows <= UInt64(Int32.max) else {
                return .invalid("the cache file is inconsistent: \(rows) rows do not fit in its \(bytes.count) bytes")
            }
            let n = Int(rows)
            var t = TransactionTable()
            t.customer = try r.array(Int32.self, count: n)
            t.invoice = try r.array(Int32.self, count: n)
            t.time = try r.array(Int64.self, count: n)
            t.amount = try r.array(Double.self, count: n)
            t.country = try r.array(Int32.self, count: n)
            if let scale = metadata.amountScale {
                guard (0...18).contains(scale) else {
                    return .invalid("the cache file is inconsistent: amounts at \(scale) decimal places")
                }
                guard UInt64(n) <= UInt64(r.remaining / 8) else {
                    return .invalid("the cache file is inconsistent: exact amounts of \(n) rows do not fit in it")
                }
                t.amountUnits = try r.array(Int64.self, count: n)
            }
            t.amountScale = metadata.amountScale
            var interners: [ByteInterner] = []
            for (name, capacity) in [("customer", 1 << 10), ("invoice", 1 << 14), ("country", 64)] {
                // Each string takes at least its 4-byte length.
                let count = try r.integer(UInt64.self)
                guard count <= UInt64(r.remaining / 4), count <= UInt64(Int32.max) else {
                    return .invalid(
                        "the cache file is inconsistent: \(count) \(name) strings do not fit in what is left of it")
                }
                let k = Int(count)
                var interner = ByteInterner(capacity: max(capacity, k))
                for id in 0..<k {
                    let length = Int(try r.integer(UInt32.self))
                    guard length <= r.remaining else {
                        return .invalid(
                            "the cache file is inconsistent: \(name) string \(id) of \(length) bytes runs past its end")
                    }
                    var added = -1
                    try r.withBytes(length) { added = Int(interner.intern($0)) }
                    // The ids are the positions: a repeated string would shift every later id.
                    guard added == id else {
                        return .invalid("the cache file is inconsistent: \(name) string \(id) repeats string \(added)")
                    }
                }
                interners.append(interner)
            }
            t.customers = interners[0]
            t.invoices = interners[1]
            t.countries = interners[2]
            guard r.offset == body else {
                return .invalid("the cache file is inconsistent: \(body - r.offset) bytes after the last string")
            }
            if let problem = Self.problem(t, metadata) { return .invalid("the cache file is inconsistent: \(problem)") }
            t.preview = metadata.preview
            t.cleaning = metadata.cleaning
            t.inputs = metadata.inputs
            t.hasInvoices = metadata.hasInvoices
            return .valid(t)
        } catch {
            return .invalid("the cache file is truncated or damaged")
        }
    }

    /// What is wrong with a decoded table and its metadata, or nil: every index within its interner, dates and
    /// amounts as the cleaning leaves them, and the counts adding up.
    static func problem(_ t: TransactionTable, _ m: Metadata) -> String? {
        let customers = Int32(t.customers.count)
        let invoices = Int32(t.invoices.count)
        let countries = Int32(t.countries.count)
        let lowestInvoice: Int32 = m.hasInvoices ? 0 : -1
        for i in 0..<t.count {
            guard t.customer[i] >= 0 && t.customer[i] < customers else {
                return "row \(i): customer \(t.customer[i]) of \(customers)"
            }
            guard t.invoice[i] >= lowestInvoice && t.invoice[i] < invoices else {
                return "row \(i): invoice \(t.invoice[i]) of \(invoices)"
            }
            guard t.country[i] >= -1 && t.country[i] < countries else {
                return "row \(i): country \(t.country[i]) of \(countries)"
            }
            guard timeRange.contains(t.time[i]) else {
                return "row \(i): time \(t.time[i]) outside the years 1900 to 9999"
            }
            guard t.amount[i] > 0 else { return "row \(i): amount \(t.amount[i]) is not positive" }
            if t.amountScale != nil, t.amountUnits[i] <= 0 {
                return "row \(i): exact amount \(t.amountUnits[i]) is not positive"
            }
        }
        let c = m.cleaning
        guard c.rowsRead >= 0, c.rowsAfter == t.count else {
            return "rows read \(c.rowsRead), kept \(c.rowsAfter), for a table of \(t.count) rows"
        }
        var removed = 0
        for value in c.removed.values {
            guard value >= 0 else { return "a negative count of removed rows" }
            let sum = removed.addingReportingOverflow(value)
            guard !sum.overflow else { return "the removed rows overflow" }
            removed = sum.partialValue
        }
        let total = removed.addingReportingOverflow(c.rowsAfter)
        guard !total.overflow && total.partialValue == c.rowsRead else {
            return "rows read \(c.rowsRead) are not rows kept \(c.rowsAfter) plus removed \(removed)"
        }
        guard c.malformedExamples.count <= min(CleaningReport.malformedExamplesKept, c.count(.malformed)) else {
            return "\(c.malformedExamples.count) malformed examples"
        }
        guard m.preview.count <= min(TransactionCollector.previewRows, t.count) else {
            return "\(m.preview.count) preview rows"
        }
        var inputRows = 0
        for input in m.inputs {
            guard input.rows >= 0, input.bytes >= 0 else { return "negative counts for input \(input.file)" }
            let sum = inputRows.addingReportingOverflow(input.rows)
            guard !sum.overflow else { return "the input rows overflow" }
            inputRows = sum.partialValue
        }
        guard inputRows == c.rowsRead else {
            return "the inputs' rows \(inputRows) are not the rows read \(c.rowsRead)"
        }
        return nil
    }
}

/// The bytes of the regular file at `path`, read straight into one array (a cache of ten million rows is about
/// 300 MB: no second copy). Opened with `O_NOFOLLOW | O_NONBLOCK`: a symbolic link or a FIFO in its place is
/// refused (a FIFO would block the run), and only a regular file (fstat) is read.
func readRegularFile(_ path: String) -> Result<[UInt8], Rejected> {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
        return .failure(
            Rejected(
                errno == ELOOP
                    ? "the cache file is a symbolic link"
                    : "cannot read the cache file (\(String(cString: strerror(errno))))"))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0 else {
        return .failure(Rejected("the cache file is not a regular file"))
    }
    let size = Int(info.st_size)
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        initialized = done
    }
    return bytes.count == size
        ? .success(bytes) : .failure(Rejected("cannot read the cache file (it changed while read)"))
}

/// Why a cache file was not used.
struct Rejected: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Little-endian binary output.
struct BinaryWriter {
    var data: [UInt8] = []
    mutating func bytes<C: Collection>(_ b: C) where C.Element == UInt8 { data.append(contentsOf: b) }
    mutating func integer<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
    }
    mutating func blob(_ d: Data) {
        integer(UInt64(d.count))
        data.append(contentsOf: d)
    }
    mutating func array<T>(_ a: [T]) { a.withUnsafeBytes { data.append(contentsOf: $0) } }
}

/// Little-endian binary input with bounds checks.
struct BinaryReader {
    struct OutOfBounds: Error {}
    let bytes: [UInt8]
    let end: Int
    var offset: Int

    /// Bytes left before `end`.
    var remaining: Int { end - offset }

    init(bytes: [UInt8], end: Int, offset: Int) {
        self.bytes = bytes
        self.end = end
        self.offset = offset
    }

    mutating func take(_ n: Int) throws -> Range<Int> {
        guard n >= 0, offset <= end - n else { throw OutOfBounds() }
        defer { offset += n }
        return offset..<(offset + n)
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let range = try take(MemoryLayout<T>.size)
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: range.lowerBound, as: T.self) })
    }

    mutating func blob() throws -> [UInt8] {
        let n = try integer(UInt64.self)
        guard n <= UInt64(remaining) else { throw OutOfBounds() }
        return Array(bytes[try take(Int(n))])
    }

    mutating func array<T>(_: T.Type, count: Int) throws -> [T] {
        guard count >= 0, count <= end / max(1, MemoryLayout<T>.stride) else { throw OutOfBounds() }
        let range = try take(count * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[range]))
            }
            initialized = count
        }
    }

    mutating func withBytes(_ n: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let range = try take(n)
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}
