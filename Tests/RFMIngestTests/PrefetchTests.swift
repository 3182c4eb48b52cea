import Foundation
import RFMCore
import RFMIngest
import Testing

/// The gzip CSV is inflated on a thread of its own, chunks ahead of the parser (`PrefetchingByteSource`): a file of
/// many chunks reads the same as its plain text, and an error in the first rows stops the reader (and its producer
/// thread, blocked on a full queue) at once.
@Suite struct PrefetchTests {
    /// About 14 MB of CSV (several 4 MiB chunks), plain and gzip-compressed by the system's gzip.
    static func largeLog(badRow: Int?) throws -> (plain: String, gzip: String) {
        var text = header + "\n"
        for i in 0..<200_000 {
            let quantity = i == badRow ? "many" : String(i % 7 + 1)
            text +=
                "\(500_000 + i / 3),85123A,WHITE HANGING HEART T-LIGHT HOLDER,\(quantity),2011-0\(i % 9 + 1)-1\(i % 10) 10:\(i % 6)0,2.55,\(12_000 + i % 4_000),United Kingdom\n"
        }
        let plain = temporaryFile(text)
        let gzip = plain + ".gz"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-1", "-k", plain]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (plain, gzip)
    }

    @Test func manyChunksReadAsThePlainText() throws {
        let files = try Self.largeLog(badRow: nil)
        let plain = try TransactionLoader().load(paths: [files.plain])
        let gzip = try TransactionLoader().load(paths: [files.gzip])
        #expect(plain.cleaning.rowsRead == 200_000)
        #expect(gzip.cleaning.rowsRead == plain.cleaning.rowsRead)
        #expect(gzip.cleaning.count(.duplicateRows) == plain.cleaning.count(.duplicateRows))
        #expect(gzip.count == plain.count)
        #expect(gzip.preview.map(\.description) == plain.preview.map(\.description))
    }

    @Test func anEarlyErrorStopsTheReader() throws {
        let files = try Self.largeLog(badRow: 3)
        let started = Date()
        #expect(throws: InputError.self) { try TransactionLoader(strict: true).load(paths: [files.gzip]) }
        // The reader stopped at line 5 instead of inflating the whole file; the producer thread was cancelled.
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
