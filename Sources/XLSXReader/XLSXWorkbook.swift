import Foundation
import ZipIndex

/// An opened XLSX workbook: its worksheets in order and a streaming row reader (not thread-safe).
public final class XLSXWorkbook {
    /// The worksheets in workbook order (chart sheets and other sheet kinds are left out).
    public let sheets: [XLSXSheet]
    /// True when the workbook uses the 1904 date system (`<workbookPr date1904="1"/>`).
    public let uses1904DateSystem: Bool
    /// Whether to inflate and parse a sheet on a second thread while the consumer works on the rows parsed
    /// before (default true; false does everything on the calling thread).
    public var parsesOnSecondThread = true
    /// Size of the inflated chunks a sheet is parsed in (tests make it small to cut rows at every place).
    var inflateChunkSize = PartInflater.defaultChunkSize

    let path: String
    let limits: XLSXLimits
    let file: MappedFile
    let zip: ZipDirectory
    let sharedStringsPart: String?
    /// False only in the fuzz build: the CRC-32 of the parts is not checked (see `init(url:limits:verifiesChecksums:)`).
    let verifiesChecksums: Bool
    private var sharedStringsCache: XLSXSharedStrings?
    private var budget: PartBudget

    /// Opens the workbook at `url`: reads the ZIP directory, the relationships and the workbook part.
    public convenience init(url: URL, limits: XLSXLimits = .default) throws(XLSXError) {
        try self.init(url: url, limits: limits, verifiesChecksums: true)
    }

    /// Opens the workbook, checking the CRC-32 of the parts it reads or not. Not public: only the fuzz target
    /// (in its `-DFUZZING` build) turns the check off, so that mutations of stored entries reach the XML parser.
    package init(url: URL, limits: XLSXLimits, verifiesChecksums: Bool) throws(XLSXError) {
        let path = url.path
        self.path = path
        self.limits = limits
        self.verifiesChecksums = verifiesChecksums
        let file: MappedFile
        let zip: ZipDirectory
        do throws(ZipError) {
            file = try MappedFile(path: path)
            zip = try ZipDirectory(file: file, path: path, limits: limits.zip)
        } catch {
            throw XLSXError(error)
        }
        self.file = file
        self.zip = zip
        var budget = PartBudget()
        let check = verifiesChecksums
        let smallLimit = min(limits.maxPartUncompressedBytes, limits.maxSmallPartBytes)
        func parseSmall<T>(
            _ entry: ZipEntryInfo,
            _ parser: ([UInt8]) throws(ScanFailure) -> T
        ) throws(XLSXError) -> T {
            try XLSXWorkbook.parse(
                entry, file: file, path: path, limits: limits, limit: smallLimit, verifiesChecksum: check,
                budget: &budget, parser)
        }
        let readRels = { (b: [UInt8]) throws(ScanFailure) -> [Relationship] in
            try Relationships.parse(b, limits: limits)
        }

        // Package relationships → the workbook part (officeDocument relationship).
        var workbookPart = "xl/workbook.xml"
        if let rels = zip.entry("_rels/.rels") {
            let list = try parseSmall(rels, readRels)
            guard let office = list.first(where: { $0.type.hasSuffix("/officeDocument") && !$0.external }) else {
                throw .missingPart(path: path, part: "officeDocument relationship in _rels/.rels")
            }
            workbookPart = Relationships.resolve(office.target, from: "")
        } else if zip.entries.isEmpty || zip.entry(workbookPart) == nil {
            throw .missingPart(path: path, part: "_rels/.rels")
        }
        guard let workbookEntry = zip.entry(workbookPart) else { throw .missingPart(path: path, part: workbookPart) }
        let workbook = try parseSmall(workbookEntry) { (b) throws(ScanFailure) in try WorkbookPart(b, limits: limits) }
        uses1904DateSystem = workbook.date1904

        let relsPart = Relationships.relsPath(for: workbookEntry.name)
        guard let relsEntry = zip.entry(relsPart) else { throw .missingPart(path: path, part: relsPart) }
        let rels = try parseSmall(relsEntry, readRels)
        var byID: [String: Relationship] = [:]
        for r in rels { byID[r.id] = r }

        var sheets: [XLSXSheet] = []
        for s in workbook.sheets {
            guard let r = byID[s.relationshipID], r.type.hasSuffix("/worksheet"), !r.external else { continue }
            let target = Relationships.resolve(r.target, from: workbookEntry.name)
            guard let entry = zip.entry(target) else { throw .missingPart(path: path, part: target) }
            sheets.append(XLSXSheet(name: s.name, partPath: entry.name))
        }
        guard !sheets.isEmpty else { throw .noWorksheet(path: path) }
        self.sheets = sheets
        if let r = rels.first(where: { $0.type.hasSuffix("/sharedStrings") && !$0.external }) {
            let target = Relationships.resolve(r.target, from: workbookEntry.name)
            guard let entry = zip.entry(target) else { throw .missingPart(path: path, part: target) }
            sharedStringsPart = entry.name
        } else {
            sharedStringsPart = nil
        }
        self.budget = budget
    }

    /// Inflates (within `limit` and the workbook's budget) and parses a part held in memory, mapping scan
    /// failures to `XLSXError`.
    private static func parse<T>(
        _ entry: ZipEntryInfo, file: MappedFile, path: String, limits: XLSXLimits,
        limit: UInt64, verifiesChecksum: Bool, budget: inout PartBudget,
        _ parser: ([UInt8]) throws(ScanFailure) -> T
    ) throws(XLSXError) -> T {
        var inflater = PartInflater(file: file, path: path, part: entry.name, entry: entry, limit: limit)
        inflater.verifiesChecksum = verifiesChecksum
        do throws(ZipError) { _ = try inflater.dataStart() } catch { throw XLSXError(error) }
        try budget.charge(entry, path: path, limits: limits)
        let bytes: [UInt8]
        do { bytes = try inflater.readAll() } catch let e as ZipError { throw XLSXError(e) } catch let e as XLSXError {
            throw e
        } catch {
            throw .io(path: path, message: "\(error)")
        }
        do {
            return try parser(bytes)
        } catch {
            throw Self.scanError(error, path: path, part: entry.name)
        }
    }

    /// Maps a scan failure in a whole-part parse to an `XLSXError`.
    static func scanError(_ f: ScanFailure, path: String, part: String) -> XLSXError {
        switch f {
        case .needMore: return .truncated(path: path, part: part)
        case .malformed(let at, let expected, let found), .badValue(let at, let expected, let found):
            return .malformedXML(path: path, part: part, byteOffset: at, expected: expected, found: found)
        case .limit(let what, let limit): return .limitExceeded(path: path, part: part, what: what, limit: limit)
        }
    }

    /// The shared strings, parsed once on first use (empty when the workbook has none).
    public func sharedStrings() throws(XLSXError) -> XLSXSharedStrings {
        if let sharedStringsCache { return sharedStringsCache }
        var strings: [String] = []
        if let part = sharedStringsPart, let entry = zip.entry(part) {
            let limits = self.limits
            strings = try Self.parse(
                entry, file: file, path: path, limits: limits,
                limit: min(limits.maxPartUncompressedBytes, limits.maxSharedStringsBytes),
                verifiesChecksum: verifiesChecksums, budget: &budget
            ) { (b) throws(ScanFailure) in
                try SharedStrings.parse(b, limits: limits)
            }
        }
        let table = XLSXSharedStrings(strings)
        sharedStringsCache = table
        return table
    }

    /// Streams the rows of `sheet` in order to `body` in batches (see `XLSXRowBatch`); `body` returns false to
    /// stop early. Shared-string cells refer to `sharedStrings()`.
    /// Throws `XLSXError` for a damaged workbook, or whatever `body` throws.
    public func readRowBatches(of sheet: XLSXSheet, _ body: (XLSXRowBatch) throws -> Bool) throws {
        guard let entry = zip.entry(sheet.partPath) else {
            throw XLSXError.missingPart(path: path, part: sheet.partPath)
        }
        let strings = try sharedStrings()
        var inflater = PartInflater(
            file: file, path: path, part: entry.name, entry: entry,
            limit: limits.maxPartUncompressedBytes)
        inflater.verifiesChecksum = verifiesChecksums
        inflater.chunkSize = inflateChunkSize
        do throws(ZipError) { _ = try inflater.dataStart() } catch { throw XLSXError(error) }
        try budget.charge(entry, path: path, limits: limits)
        let streamer = SheetStreamer(
            inflater: inflater, sharedStringCount: strings.count, limits: limits,
            concurrent: parsesOnSecondThread)
        try streamer.run(body)
    }

    /// Streams the rows of `sheet` in order to `body`, which returns false to stop early.
    /// Throws `XLSXError` for a damaged workbook, or whatever `body` throws.
    public func readRows(of sheet: XLSXSheet, _ body: (XLSXRow) throws -> Bool) throws {
        let strings = try sharedStrings()
        try readRowBatches(of: sheet) { batch in
            for r in 0..<batch.rowCount {
                if try !body(batch.row(r, sharedStrings: strings)) { return false }
            }
            return true
        }
    }
}

/// The sum of the declared uncompressed sizes of the distinct parts a workbook has read, held below
/// `XLSXLimits.maxTotalUncompressedBytes`. Parts inflate to no more than they declare (`PartInflater`) and
/// overlapping entries are refused (`ZipDirectory`), so this bounds the bytes one file makes the reader inflate
/// and parse. A part read again (a sheet read twice) is charged once.
struct PartBudget {
    private(set) var total: UInt64 = 0
    private var charged: Set<String> = []

    /// Charges `entry` (once), or throws `limitExceeded` naming the part that would pass the limit.
    mutating func charge(_ entry: ZipEntryInfo, path: String, limits: XLSXLimits) throws(XLSXError) {
        if charged.contains(entry.name) { return }
        let limit = limits.maxTotalUncompressedBytes
        guard entry.uncompressedSize <= limit, total <= limit - entry.uncompressedSize else {
            throw .limitExceeded(
                path: path, part: entry.name,
                what: "bytes declared uncompressed by all the parts read (this part brings them to "
                    + "\(total &+ entry.uncompressedSize))",
                limit: Int(clamping: limit))
        }
        total += entry.uncompressedSize
        charged.insert(entry.name)
    }
}
