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
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("rfm") }
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
    static let formatVersion: UInt32 = 1

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
    public func load(paths: [String], overrides: [ColumnRole: String], strict: Bool, tool: String,
                     read: () throws(InputError) -> TransactionTable) throws(InputError) -> Loaded {
        let key = Key(tool: tool, inputs: paths.map(Self.describe), overrides: Dictionary(uniqueKeysWithValues: overrides.map { ($0.key.rawValue, $0.value) }),
                      strict: strict)
        let file = (directory as NSString).appendingPathComponent(Self.fileName(key))
        let checksums = Dictionary(zip(paths, key.inputs.map(\.crc32)), uniquingKeysWith: { first, _ in first })
        var outcome = Outcome.miss
        if FileManager.default.fileExists(atPath: file) {
            switch Self.read(file: file, key: key) {
            case .success(let table): return Loaded(table: table, outcome: .hit, warning: nil, checksums: checksums)
            case .failure(let rejected): outcome = .rebuilt(rejected.reason)
            }
        }
        let table = try read()
        do {
            try Self.write(table, key: key, to: file)
            return Loaded(table: table, outcome: outcome, warning: nil, checksums: checksums)
        } catch {
            return Loaded(table: table, outcome: outcome, warning: "parse cache not written (\(file)): \(error)", checksums: checksums)
        }
    }

    /// The cache file of a key: one per set of input paths and options (a changed input overwrites its file).
    static func fileName(_ key: Key) -> String {
        let identity = key.inputs.map(\.path).joined(separator: "\n") + "\n" + key.overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",") + (key.strict ? "\nstrict" : "")
        let bytes = Array(identity.utf8)
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        let adler = bytes.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        return String(format: "%08lx%08lx.rfmcache", crc, adler)
    }

    static func describe(_ path: String) -> Key.Input {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        return Key.Input(path: absolute, size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
                         modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
                         crc32: FileChecksum.crc32(path: path) ?? 0)
    }

    // MARK: File layout: magic, version, key JSON, metadata JSON, columns, interned strings, then a CRC-32 of it all.

    struct Metadata: Codable {
        let preview: [PreviewRow]
        let cleaning: CleaningReport
        let inputs: [InputSummary]
        let hasInvoices: Bool
        let latin1Fields: Int
    }

    static func write(_ t: TransactionTable, key: Key, to file: String) throws {
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var out = BinaryWriter()
        out.bytes(magic)
        out.integer(formatVersion)
        out.blob(try JSONEncoder().encode(key))
        out.blob(try JSONEncoder().encode(Metadata(preview: t.preview, cleaning: t.cleaning, inputs: t.inputs,
                                                   hasInvoices: t.hasInvoices, latin1Fields: t.latin1Fields)))
        out.integer(UInt64(t.count))
        out.array(t.customer); out.array(t.invoice); out.array(t.time); out.array(t.amount); out.array(t.country)
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
        // Written beside the final name and renamed, so a reader never sees half a file.
        let temporary = file + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out.data)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        guard rename(temporary, file) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    static func read(file: String, key: Key) -> Result<TransactionTable, Rejected> {
        guard let bytes = readWhole(file) else { return .failure(Rejected("cannot read the cache file")) }
        guard bytes.count >= magic.count + 8, Array(bytes[0..<magic.count]) == magic else { return .failure(Rejected("not a cache file")) }
        let body = bytes.count - 4
        let stored = bytes[body..<bytes.count].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt(body)) }
        guard UInt32(crc) == UInt32(littleEndian: stored) else { return .failure(Rejected("the cache file is damaged (checksum)")) }
        var r = BinaryReader(bytes: bytes, end: body, offset: magic.count)
        do {
            guard try r.integer(UInt32.self) == formatVersion else { return .failure(Rejected("cache of another format version")) }
            guard let storedKey = try? JSONDecoder().decode(Key.self, from: Data(try r.blob())) else { return .failure(Rejected("damaged key")) }
            guard storedKey == key else { return .failure(Rejected("the input or the reading options changed")) }
            let metadata = try JSONDecoder().decode(Metadata.self, from: Data(try r.blob()))
            let n = Int(try r.integer(UInt64.self))
            var t = TransactionTable()
            t.customer = try r.array(Int32.self, count: n)
            t.invoice = try r.array(Int32.self, count: n)
            t.time = try r.array(Int64.self, count: n)
            t.amount = try r.array(Double.self, count: n)
            t.country = try r.array(Int32.self, count: n)
            var interners: [ByteInterner] = []
            for capacity in [1 << 10, 1 << 14, 64] {
                let k = Int(try r.integer(UInt64.self))
                var interner = ByteInterner(capacity: max(capacity, k))
                for _ in 0..<k {
                    let length = Int(try r.integer(UInt32.self))
                    try r.withBytes(length) { _ = interner.intern($0) }
                }
                interners.append(interner)
            }
            t.customers = interners[0]; t.invoices = interners[1]; t.countries = interners[2]
            guard r.offset == body, t.customer.allSatisfy({ $0 >= 0 && Int($0) < t.customers.count }) else {
                return .failure(Rejected("the cache file is inconsistent"))
            }
            t.preview = metadata.preview; t.cleaning = metadata.cleaning; t.inputs = metadata.inputs
            t.hasInvoices = metadata.hasInvoices; t.latin1Fields = metadata.latin1Fields
            return .success(t)
        } catch {
            return .failure(Rejected("the cache file is truncated or damaged"))
        }
    }
}

/// The bytes of a file, read straight into one array (a cache of ten million rows is about 300 MB: no second copy).
func readWhole(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
    let size = Int(info.st_size)
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n <= 0 { break }
            done += n
        }
        initialized = done
    }
    return bytes.count == size ? bytes : nil
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
    mutating func integer<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func blob(_ d: Data) { integer(UInt64(d.count)); data.append(contentsOf: d) }
    mutating func array<T>(_ a: [T]) { a.withUnsafeBytes { data.append(contentsOf: $0) } }
}

/// Little-endian binary input with bounds checks.
struct BinaryReader {
    struct OutOfBounds: Error {}
    let bytes: [UInt8]
    let end: Int
    var offset: Int

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
        guard n <= UInt64(end) else { throw OutOfBounds() }
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
