import Foundation
import RFMCore
import RFMIngest
import RFMReport
import Testing

@Suite struct ParseCacheTests {
    func load(_ input: String, cache: String) throws -> (TransactionTable, TransactionCache.Outcome) {
        let loaded = try TransactionCache(directory: cache).load(
            paths: [input], overrides: [:], strict: false, tool: "test"
        ) {
            () throws(InputError) in try TransactionLoader().load(paths: [input])
        }
        #expect(loaded.warning == nil)
        return (loaded.table, loaded.outcome)
    }

    func report(_ input: String, cache: String?, into out: URL) throws -> [String: Data] {
        var options = ReportOptions(inputs: [input], outputFolder: out.path, quiet: true)
        options.cacheDirectory = cache
        _ = try ReportRun(options: options).run()
        var files: [String: Data] = [:]
        for file in ["result.json", "customers.csv", "segments.csv", "model.json"] {
            files[file] = try Data(contentsOf: out.appendingPathComponent(file))
        }
        return files
    }

    @Test func missHitChangedInputAndDamagedCache() throws {
        let dir = temporaryFolder()
        let input = dir.appendingPathComponent("sales.csv").path
        try FileManager.default.copyItem(
            atPath: packageRoot.appendingPathComponent("data/online_retail_sample.csv").path, toPath: input)
        let cache = dir.appendingPathComponent("cache").path
        let (fresh, first) = try load(input, cache: cache)
        #expect(first == .miss)
        let (cached, second) = try load(input, cache: cache)
        #expect(second == .hit)
        #expect(cached.customer == fresh.customer && cached.invoice == fresh.invoice && cached.time == fresh.time)
        #expect(cached.amount == fresh.amount && cached.country == fresh.country)
        #expect(
            cached.customers.count == fresh.customers.count && cached.cleaning == fresh.cleaning
                && cached.preview == fresh.preview)
        #expect(
            (0..<fresh.customers.count).allSatisfy {
                cached.customers.string(Int32($0)) == fresh.customers.string(Int32($0))
            })

        // A changed input (one more row, same name) is read again.
        let handle = try #require(FileHandle(forWritingAtPath: input))
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data("999999,85123A,NEW ROW,3,2011-12-01 10:00:00,2.55,99999,United Kingdom\n".utf8))
        try handle.close()
        let (changed, third) = try load(input, cache: cache)
        #expect(third == .rebuilt("the input or the reading options changed"))
        #expect(changed.count == fresh.count + 1)
        #expect(try load(input, cache: cache).1 == .hit)

        // A damaged cache file (one byte flipped, or cut short) is detected and rebuilt, never trusted.
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasSuffix(".rfmcache") })
        let path = (cache as NSString).appendingPathComponent(file)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let (repaired, fourth) = try load(input, cache: cache)
        #expect(fourth == .rebuilt("the cache file is damaged (checksum)"))
        #expect(repaired.amount == changed.amount)
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
        #expect(try load(input, cache: cache).1 != .hit)
        #expect(try load(input, cache: cache).1 == .hit)
    }

    @Test func aReportIsTheSameWithAndWithoutTheCache() throws {
        let dir = temporaryFolder()
        let input = packageRoot.appendingPathComponent("data/online_retail_sample.csv").path
        let cache = dir.appendingPathComponent("cache").path
        let plain = try report(input, cache: nil, into: dir.appendingPathComponent("plain"))
        let miss = try report(input, cache: cache, into: dir.appendingPathComponent("miss"))
        let hit = try report(input, cache: cache, into: dir.appendingPathComponent("hit"))
        let log = try String(contentsOf: dir.appendingPathComponent("hit/run.log"), encoding: .utf8)
        #expect(log.contains("parse cache: hit"))
        for (file, data) in plain {
            #expect(miss[file] == data, "\(file) differs after a cache miss")
            #expect(hit[file] == data, "\(file) differs after a cache hit")
        }
    }
}
