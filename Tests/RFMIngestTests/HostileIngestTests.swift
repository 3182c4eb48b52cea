import Foundation
import RFMCore
import TestSupport
import Testing

@testable import RFMIngest

/// Hostile inputs, all made here by code: runaway quotes, forged parse caches, inputs that are pipes, control
/// characters echoed in messages.
@Suite(.serialized) struct HostileIngestTests {
    static let good = (0..<3).map { "53636\($0),A,WHITE HEART,2,2011-01-0\($0 + 1) 10:00,2.5,1785\($0),United Kingdom" }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    // MARK: Runaway quotes

    /// A quote opened on line 5 never closes; `after` ordinary lines follow it. It swallows them: an error in strict
    /// and lenient mode, naming the line where the quote opened, the column and how far it ran.
    @Test(arguments: [false, true], [20, 1960])
    func anUnclosedQuoteIsAnErrorInEveryMode(strict: Bool, after: Int) throws {
        let rows =
            Self.good + ["536366,B,\"never closed,6,2011-02-01 10:00,1.85,17850,United Kingdom"]
            + (0..<after).map { "5364\($0),C,RED HEART,1,2011-03-01 10:00,1.5,1\($0),France" }
        let path = temporaryFile(header + "\n" + rows.joined(separator: "\n") + "\n")
        let text = message { try TransactionLoader(strict: strict).load(paths: [path]) }
        #expect(text.contains("\(path), line 5, column \"Description\""), "\(text)")
        #expect(text.contains("a closing quote for the quoted field that opens on line 5"), "\(text)")
        if after > CSVScanner.maxQuotedLines {
            #expect(text.contains("ran over 101 line breaks"), "\(text)")
            #expect(text.contains("without closing"), "\(text)")
        } else {
            #expect(text.contains("ran over \(after + 1) line breaks / "), "\(text)")
            #expect(text.contains("to the end of the input"), "\(text)")
        }
    }

    /// Far more bytes than any record before it, on one line (a lone-CR or a one-line file has no line breaks to count).
    @Test func aQuotedFieldFarLongerThanEveryRecordIsAnError() throws {
        let field = String(repeating: "y", count: 300_000)
        for strict in [false, true] {
            let path = temporaryFile(
                header + "\n" + Self.good.joined(separator: "\n")
                    + "\n536366,B,\"\(field)\",6,2011-02-01 10:00,1.85,17850,United Kingdom\n")
            let text = message { try TransactionLoader(strict: strict).load(paths: [path]) }
            #expect(text.contains("line 5, column \"Description\""), "\(text)")
            #expect(text.contains("/ 3000"), "\(text)")
        }
    }

    /// Real multi-line descriptions: 60 line breaks and 200 KB in one quoted field, between ordinary rows.
    @Test func aLongLegitimateMultiLineFieldIsAccepted() throws {
        let description = (0..<61).map { "line \($0) \(String(repeating: "w", count: 3_300)) \"quoted\"" }.joined(
            separator: "\r\n")
        let escaped = description.replacingOccurrences(of: "\"", with: "\"\"")
        let rows =
            Self.good + [
                "536366,B,\"\(escaped)\",6,2011-02-01 10:00,1.85,17850,United Kingdom",
                "536367,C,X,1,2011-02-02 10:00,1,17851,UK",
            ]
        for strict in [false, true] {
            let t = try TransactionLoader(strict: strict).load(paths: [
                temporaryFile(header + "\n" + rows.joined(separator: "\n") + "\n")
            ])
            #expect(t.cleaning.rowsAfter == 5)
            #expect(t.preview[3].description == description)
            #expect(t.preview[4].source.line == 66)
        }
    }

    @Test func aQuoteLeftOpenOnTheLastLineIsOneMalformedRow() throws {
        let text =
            header + "\n" + Self.good.joined(separator: "\n")
            + "\n536366,B,\"never closed,6,2011-02-01 10:00,1.85,17850,UK\n"
        let t = try TransactionLoader().load(paths: [temporaryFile(text)])
        #expect(t.cleaning.count(.malformed) == 1 && t.cleaning.rowsAfter == 3)
        let strict = message { try TransactionLoader(strict: true).load(paths: [temporaryFile(text)]) }
        #expect(strict.contains("line 5: expected a closing quote"), "\(strict)")
    }

    // MARK: Forged parse caches

    static func smallInput() -> String {
        temporaryFile(
            header + "\n" + Self.good.joined(separator: "\n") + "\n536369,B,X,1,2011-02-01 10:00,1,,Spain\n"
                + "C536370,B,X,1,2011-02-01 10:00,1,17850,Spain\n536371,B,X,1,2011-02-02 10:00,1,17850,Spain\n")
    }

    static func key(_ path: String) throws -> TransactionCache.Key {
        TransactionCache.Key(tool: "test", inputs: [try TransactionCache.describe(path)], overrides: [:], strict: false)
    }

    /// The parts of a cache file, by offset, to forge one field at a time.
    struct Layout {
        var rowCount = 0, columns = 0, interners: [Int] = [], firstStringLength: [Int] = []
        var rows = 0

        init(_ b: [UInt8]) {
            func u64(_ o: Int) -> Int { Int(b[o..<o + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
            func u32(_ o: Int) -> Int { Int(b[o..<o + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) }
            var o = 8 + 4
            o += 8 + u64(o)  // key
            o += 8 + u64(o)  // metadata
            rowCount = o
            rows = u64(o)
            columns = o + 8
            o = columns + rows * 36  // five columns (28 bytes a row) and the exact amounts (8)
            for _ in 0..<3 {
                interners.append(o)
                let k = u64(o)
                o += 8
                firstStringLength.append(o)
                for _ in 0..<k { o += 4 + u32(o) }
            }
        }
    }

    /// Overwrites bytes at `offset` and recomputes the file's CRC-32, so the forgery gets past the checksum.
    static func forge(_ bytes: [UInt8], at offset: Int, _ value: some FixedWidthInteger) -> [UInt8] {
        var b = bytes
        withUnsafeBytes(of: value.littleEndian) { for (k, x) in $0.enumerated() { b[offset + k] = x } }
        return resealed(b)
    }

    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        let crc = crc32(b[0..<b.count - 4])
        withUnsafeBytes(of: crc.littleEndian) { for (k, x) in $0.enumerated() { b[b.count - 4 + k] = x } }
        return b
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func isInvalid(_ d: TransactionCache.Decoded) -> Bool {
        if case .invalid = d { return true }
        return false
    }

    /// Each kind of forged count or index, with a correct checksum: refused before any allocation or use.
    @Test func forgedCountsAndIndicesAreRefused() throws {
        let path = Self.smallInput()
        let table = try TransactionLoader().load(paths: [path])
        let key = try Self.key(path)
        let valid = try TransactionCache.encode(table, key: key)
        guard case .valid(let back) = TransactionCache.decode(valid, key: key) else {
            Issue.record("the valid cache was refused")
            return
        }
        #expect(back.customer == table.customer && back.amount == table.amount)
        let l = Layout(valid)
        #expect(l.rows == table.count)
        var forgeries: [(String, [UInt8])] = [
            ("row count 2^43 (8 TiB of rows)", Self.forge(valid, at: l.rowCount, UInt64(1) << 43)),
            ("row count UInt64.max", Self.forge(valid, at: l.rowCount, UInt64.max)),
            ("row count one more", Self.forge(valid, at: l.rowCount, UInt64(l.rows + 1))),
            ("row count one less", Self.forge(valid, at: l.rowCount, UInt64(l.rows - 1))),
            ("customer strings 2^40", Self.forge(valid, at: l.interners[0], UInt64(1) << 40)),
            ("invoice strings UInt64.max", Self.forge(valid, at: l.interners[1], UInt64.max)),
            ("invoice strings one less", Self.forge(valid, at: l.interners[1], UInt64(table.invoices.count - 1))),
            ("country strings one more", Self.forge(valid, at: l.interners[2], UInt64(table.countries.count + 1))),
            ("customer string length 4 GiB", Self.forge(valid, at: l.firstStringLength[0], UInt32.max)),
            ("invoice string length past the end", Self.forge(valid, at: l.firstStringLength[1], UInt32(valid.count))),
            ("customer index out of range", Self.forge(valid, at: l.columns, Int32(table.customers.count))),
            ("customer index negative", Self.forge(valid, at: l.columns, Int32(-7))),
            ("invoice index out of range", Self.forge(valid, at: l.columns + 4 * l.rows, Int32.max)),
            ("invoice index -1 with invoices", Self.forge(valid, at: l.columns + 4 * l.rows, Int32(-1))),
            ("time before 1900", Self.forge(valid, at: l.columns + 8 * l.rows, Int64.min)),
            ("amount NaN", Self.forge(valid, at: l.columns + 16 * l.rows, Double.nan.bitPattern)),
            ("amount negative", Self.forge(valid, at: l.columns + 16 * l.rows, (-1.0).bitPattern)),
            ("country index out of range", Self.forge(valid, at: l.columns + 24 * l.rows, Int32(99))),
            ("trailing bytes", Self.resealed(Array(valid.dropLast(4)) + [0, 0, 0, 0] + [0, 0, 0, 0])),
        ]
        // A repeated string: the second customer's bytes made equal to the first's (same length here).
        var duplicate = valid
        let first = l.firstStringLength[0]
        let length = Int(valid[first])
        for k in 0..<(4 + length) { duplicate[first + 4 + length + k] = valid[first + k] }
        forgeries.append(("repeated customer string", Self.resealed(duplicate)))
        // Metadata counts that do not add up (written with a correct checksum by the encoder itself).
        var counts = table
        counts.cleaning.rowsRead += 5
        forgeries.append(("rows read not kept plus removed", try TransactionCache.encode(counts, key: key)))
        counts = table
        counts.cleaning.removed[.malformed] = -3
        forgeries.append(("negative removed count", try TransactionCache.encode(counts, key: key)))
        counts = table
        counts.cleaning.rowsAfter = Int.max
        forgeries.append(("rows kept Int.max", try TransactionCache.encode(counts, key: key)))
        counts = table
        counts.inputs[0].rows = Int.max
        forgeries.append(("input rows Int.max", try TransactionCache.encode(counts, key: key)))
        for (what, bytes) in forgeries {
            #expect(isInvalid(TransactionCache.decode(bytes, key: key)), "\(what) was accepted")
        }
        // Cut short at every length: never accepted.
        for n in stride(from: 0, to: valid.count, by: max(1, valid.count / 97)) {
            #expect(isInvalid(TransactionCache.decode(Array(valid.prefix(n)), key: key)), "cut at \(n)")
            #expect(
                isInvalid(TransactionCache.decode(Self.resealed(Array(valid.prefix(max(n, 24)))), key: key)),
                "cut at \(n), resealed")
        }
    }

    /// Through `load`: a forged or truncated cache is rebuilt from the input (the right table) with one
    /// `.rebuilt` outcome for the log, and the next run hits the rewritten file.
    @Test(arguments: ["rows", "invoices", "offsets", "index", "truncated"])
    func aForgedCacheIsRebuiltFromTheInput(_ kind: String) throws {
        let path = Self.smallInput()
        let folder = ScratchSpace.folder("cache").path
        let cache = TransactionCache(directory: folder)
        func load() throws -> TransactionCache.Loaded {
            try cache.load(paths: [path], overrides: [:], strict: false, tool: "test") { () throws(InputError) in
                try TransactionLoader().load(paths: [path])
            }
        }
        let fresh = try load()
        #expect(fresh.outcome == .miss)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let file = (folder as NSString).appendingPathComponent(name)
        let valid = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let l = Layout(valid)
        let forged: [UInt8]
        switch kind {
        case "rows": forged = Self.forge(valid, at: l.rowCount, UInt64(1) << 43)
        case "invoices": forged = Self.forge(valid, at: l.interners[1], UInt64(1) << 41)
        case "offsets": forged = Self.forge(valid, at: l.firstStringLength[2], UInt32(0x7FFF_FFF0))
        case "index": forged = Self.forge(valid, at: l.columns + 4 * l.rows, Int32(fresh.table.invoices.count + 3))
        default: forged = Array(valid.prefix(valid.count / 2))
        }
        try Data(forged).write(to: URL(fileURLWithPath: file))
        let again = try load()
        guard case .rebuilt(let reason) = again.outcome else {
            Issue.record("\(again.outcome)")
            return
        }
        #expect(reason.contains(kind == "truncated" ? "checksum" : "inconsistent"), "\(reason)")
        #expect(again.table.customer == fresh.table.customer && again.table.invoice == fresh.table.invoice)
        #expect(again.table.amount == fresh.table.amount && again.table.cleaning == fresh.table.cleaning)
        #expect(try load().outcome == .hit)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder) == [name], "a temporary file was left behind")
        #expect(
            TemporaryFileRegistry.shared.registered.isEmpty
                || !TemporaryFileRegistry.shared.registered.contains { $0.hasPrefix(folder) })
    }

    /// A symbolic link or a FIFO where the cache file should be is not followed or opened as the cache: no hang,
    /// a rebuild, and a regular file in its place.
    @Test(arguments: ["symlink", "fifo"])
    func aCacheFileThatIsNotARegularFileIsNotOpened(_ kind: String) throws {
        let path = Self.smallInput()
        let folder = ScratchSpace.folder("cache").path
        let cache = TransactionCache(directory: folder)
        let name = TransactionCache.fileName(try Self.key(path))
        let file = (folder as NSString).appendingPathComponent(name)
        if kind == "symlink" {
            let target = temporaryFile("secret", name: "target")
            #expect(symlink(target, file) == 0)
        } else {
            #expect(mkfifo(file, 0o600) == 0)
        }
        let loaded = try cache.load(paths: [path], overrides: [:], strict: false, tool: "test") {
            () throws(InputError) in
            try TransactionLoader().load(paths: [path])
        }
        guard case .rebuilt(let reason) = loaded.outcome else {
            Issue.record("\(loaded.outcome)")
            return
        }
        #expect(reason.contains(kind == "symlink" ? "symbolic link" : "not a regular file"), "\(reason)")
        var info = stat()
        #expect(lstat(file, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    }

    @Test func theTemporaryFileRegistryRemovesWhatIsRegistered() throws {
        let registry = TemporaryFileRegistry()
        let prefix = ScratchSpace.folder("registry").appendingPathComponent("file.tmp-").path
        let (fd, path) = try #require(registry.create(prefix: prefix))
        close(fd)
        #expect(FileManager.default.fileExists(atPath: path) && registry.registered == [path])
        registry.removeAll()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(registry.create(prefix: prefix) == nil, "no new temporary file once interrupted")
    }

    // MARK: Inputs that are streams

    static let streamedCSV = header + "\n" + good.joined(separator: "\n") + "\n"

    /// Writes `bytes` into the write end `fd` on another thread, then closes it.
    static func feed(_ fd: Int32, _ bytes: [UInt8]) -> Thread {
        let thread = Thread {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
                if n <= 0 { break }
                done += n
            }
            close(fd)
        }
        thread.start()
        return thread
    }

    /// A named pipe written by a thread that opens it, writes a whole file and closes: read once, quickly, with the
    /// right result (CSV, gzip CSV, XLSX spooled to a temporary file), and the parse cache skipped. The writer always
    /// exists, and a reader that did not open the pipe is unblocked by a non-blocking open at the end, so no hang.
    @Test(arguments: ["csv", "csv.gz", "xlsx"])
    func aNamedPipeIsReadOnceAsAStream(_ format: String) throws {
        signal(SIGPIPE, SIG_IGN)
        let folder = ScratchSpace.folder("fifo")
        let regular: String
        switch format {
        case "csv": regular = temporaryFile(Self.streamedCSV)
        case "csv.gz": regular = fixture("two_rows.csv.gz")
        default:
            regular =
                URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                    "../../data/online_retail_sample.xlsx"
                ).path
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: regular)))
        let expected = try TransactionLoader().load(paths: [regular])
        for viaCache in [false, true] {
            let fifo = folder.appendingPathComponent("log-\(viaCache).\(format)").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let writer = Thread {
                let fd = open(fifo, O_WRONLY)
                guard fd >= 0 else { return }
                _ = HostileIngestTests.feed(fd, bytes)
            }
            writer.start()
            defer {
                let unblock = open(fifo, O_RDONLY | O_NONBLOCK)
                if unblock >= 0 { close(unblock) }
            }
            let started = Date()
            let table: TransactionTable
            if viaCache {
                let cacheFolder = folder.appendingPathComponent("cache").path
                let loaded = try TransactionCache(directory: cacheFolder).load(
                    paths: [fifo], overrides: [:], strict: false, tool: "test"
                ) {
                    () throws(InputError) in try TransactionLoader().load(paths: [fifo])
                }
                table = loaded.table
                #expect(loaded.outcome == .miss)
                #expect(loaded.warning?.contains("not a regular file") == true)
                #expect(!FileManager.default.fileExists(atPath: cacheFolder), "a pipe is never cached")
                #expect(
                    loaded.checksums[fifo] == (try? FileChecksum.crc32(of: regular)),
                    "the CRC-32 computed while streaming")
            } else {
                table = try TransactionLoader().load(paths: [fifo])
                #expect((try? FileChecksum.crc32(of: fifo)) == (try? FileChecksum.crc32(of: regular)))
            }
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(table.amount == expected.amount && table.customer == expected.customer)
            #expect(
                table.cleaning.rowsRead == expected.cleaning.rowsRead
                    && table.cleaning.removed == expected.cleaning.removed)
            #expect(table.inputs[0].format == expected.inputs[0].format)
        }
        #expect(
            TemporaryFileRegistry.shared.registered.allSatisfy { !$0.contains("rfm-spool") },
            "the spooled workbook was removed")
    }

    /// What `rfm report <(zcat log.csv.gz)` hands over: `/dev/fd/N`, the read end of a pipe whose writer sends a
    /// whole file and closes.
    @Test(arguments: ["csv", "csv.gz"])
    func aProcessSubstitutionPathIsReadOnce(_ format: String) throws {
        signal(SIGPIPE, SIG_IGN)
        let regular = format == "csv" ? temporaryFile(Self.streamedCSV) : fixture("two_rows.csv.gz")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: regular)))
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = Self.feed(ends[1], bytes)
        let started = Date()
        let table = try TransactionLoader().load(paths: ["/dev/fd/\(ends[0])"])
        #expect(Date().timeIntervalSince(started) < 10)
        _ = writer
        #expect(table.amount == (try TransactionLoader().load(paths: [regular])).amount)
    }

    /// An XLSX workbook from a pipe is copied to a temporary file up to a limit; past it, a clear refusal (and no
    /// temporary file left).
    @Test func aStreamedWorkbookOverTheSpoolLimitIsRefusedClearly() throws {
        let xlsx = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../data/online_retail_sample.xlsx"
        ).path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: xlsx)))
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        signal(SIGPIPE, SIG_IGN)
        _ = Self.feed(ends[1], bytes)
        let input = try InputFile(path: "/dev/fd/\(ends[0])", name: "piped.xlsx")
        defer { close(ends[0]) }
        #expect(try input.detectFormat() == .xlsx)
        let text = message { try input.spool(limit: 4096) }
        #expect(text.contains("piped.xlsx: an XLSX workbook read from a pipe is copied to a temporary file"), "\(text)")
        // (The suite is serialized: no other test of this process spools while this one looks.)
        #expect(!TemporaryFileRegistry.shared.registered.contains { $0.contains("rfm-spool-\(getpid())") })
    }

    // MARK: Control characters in messages

    @Test func anEscapeInAHeaderOrValueIsEchoedEscaped() throws {
        let esc = "\u{1B}[2J\u{1B}]0;pwned\u{07}"
        let badHeader = temporaryFile(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,\(esc)Customer,Country\n1,A,X,1,2011-01-01 10:00,1,1,UK\n"
        )
        let badValue = temporaryFile(header + "\n1,A,X,1,\(esc)2011,1,1,UK\n", name: "name\u{1B}[31m.csv")
        for text in [
            message { try TransactionLoader().load(paths: [badHeader]) },
            message { try TransactionLoader(strict: true).load(paths: [badValue]) },
            message { try TransactionLoader().load(paths: ["/nonexistent/\u{1B}[1mfile\u{9B}.csv"]) },
        ] {
            #expect(
                !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                "\(text.debugDescription)")
            #expect(text.contains("\\u{1B}"), "\(text)")
        }
        let location = SourceLocation(file: "a\u{1B}b.csv", line: 3, column: "x\ny")
        #expect(location.description == "a\\u{1B}b.csv, line 3, column \"x\\u{A}y\"")
    }
}

/// A file whose reading fails has no CRC-32 (never one of the part read), and the error says which file and why.
@Suite struct FileChecksumTests {
    @Test func aRegularFileHasItsZlibCRC() throws {
        let path = temporaryFile("123456789")
        #expect(try FileChecksum.crc32(of: path) == 0xCBF4_3926)
        #expect((try? FileChecksum.crc32(of: path)) == 0xCBF4_3926)
    }

    @Test func aDirectoryIsAnError() throws {
        let folder = NSTemporaryDirectory()
        #expect(throws: FileChecksum.Failure(path: folder, reason: .isDirectory)) { try FileChecksum.crc32(of: folder) }
        #expect((try? FileChecksum.crc32(of: folder)) == nil)
    }

    @Test func aMissingFileIsAnError() throws {
        let path = NSTemporaryDirectory() + "/rfm-no-such-file-\(getpid())"
        #expect(throws: FileChecksum.Failure(path: path, reason: .cannotOpen(errno: ENOENT))) {
            try FileChecksum.crc32(of: path)
        }
    }

    #if os(Linux)
        /// `/proc/self/mem` is a regular file that opens (for root too) and fails to read at offset 0 (EIO).
        @Test func aReadFailureIsReportedNotAPartialCRC() throws {
            do {
                let crc = try FileChecksum.crc32(of: "/proc/self/mem")
                Issue.record("expected a read error, got a CRC-32 \(crc)")
            } catch {
                guard case .readFailed(let bytesRead, let code) = error.reason else {
                    Issue.record("expected readFailed, got \(error.reason)")
                    return
                }
                #expect(error.path == "/proc/self/mem")
                #expect(bytesRead == 0 && code == EIO)
                #expect(error.description == "/proc/self/mem: no CRC-32: read failed after 0 bytes: Input/output error")
                // As bad input, it names the file and the reason: "/proc/self/mem: cannot read the file: read failed ...".
                #expect(
                    error.inputError.description
                        == "/proc/self/mem: cannot read the file: read failed after 0 bytes: Input/output error"
                )
            }
            #expect((try? FileChecksum.crc32(of: "/proc/self/mem")) == nil)
        }
    #endif
}
