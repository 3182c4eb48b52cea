// libFuzzer target for the parse cache (`TransactionCache`). See Fuzz/README.md.
//
// Once per process: a small CSV is written to a fixed path with a fixed modification time (so the cache key, and the
// seed files in Fuzz/corpus/cache, stay valid) and read through the cache once, which writes a valid cache file.
// Then each input becomes the cache file's contents, in 7 of 8 inputs with its trailing CRC-32 recomputed over the
// mutated payload (so mutations get past the checksum and reach the validation), and the cache is loaded. The outcome
// must be a hit whose table is consistent (every index is followed here) or a rebuild; never a crash, a trap, or a
// huge allocation (`-rss_limit_mb`, `-malloc_limit_mb`).
// Built normally it replays the files given as arguments and prints each outcome; with `--seed DIR` it writes the
// current valid cache file to DIR (how Fuzz/corpus/cache was made).
import CZlibSystem
import Foundation
import RFMCore
import RFMIngest

enum FuzzCache {
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (base as NSString).appendingPathComponent("rfm-fuzzcache")
    }()
    static let input = (folder as NSString).appendingPathComponent("input.csv")
    static let cacheFolder = (folder as NSString).appendingPathComponent("cache-\(getpid())")

    static let csv = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,12/1/2010 8:26,2.55,17850,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
        536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom
        536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,France
        C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom
        536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,12583,
        536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,12583,
        536371,22086,PAPER CHAIN KIT,80,12/1/2010 9:00,2.55,,United Kingdom
        536372,22632,HAND WARMER RED,bad,12/1/2010 9:01,1.85,17850,United Kingdom
        536373,21730,GLASS STAR FROSTED,6,1/2/2011 9:02,4.25,12680,Germany

        """

    /// The table read from the input, and the cache file's path.
    static let setup: (table: TransactionTable, file: String) = {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: cacheFolder)
        try! Data(csv.utf8).write(to: URL(fileURLWithPath: input))
        var times = [timeval(tv_sec: 1_300_000_000, tv_usec: 0), timeval(tv_sec: 1_300_000_000, tv_usec: 0)]
        _ = utimes(input, &times)
        let loaded = try! load()
        let name = try! FileManager.default.contentsOfDirectory(atPath: cacheFolder).first {
            $0.hasSuffix(".rfmcache")
        }!
        return (loaded.table, (cacheFolder as NSString).appendingPathComponent(name))
    }()

    static func load() throws -> TransactionCache.Loaded {
        try TransactionCache(directory: cacheFolder).load(paths: [input], overrides: [:], strict: false, tool: "fuzz") {
            () throws(InputError) in try TransactionLoader().load(paths: [input])
        }
    }

    /// Loads `bytes` as the cache file (CRC-32 resealed when `reseal`); a one-line outcome.
    static func run(_ bytes: [UInt8], reseal: Bool) -> String {
        let (reference, file) = setup
        var b = bytes
        if reseal && b.count >= 4 {
            let crc = UInt32(b.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count - 4)) })
            withUnsafeBytes(of: crc.littleEndian) { for k in 0..<4 { b[b.count - 4 + k] = $0[k] } }
        }
        guard let f = fopen(file, "wb") else { return "cannot write" }
        _ = b.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        let loaded: TransactionCache.Loaded
        do { loaded = try load() } catch { return "input error \(error)" }
        switch loaded.outcome {
        case .hit:
            // A hit must be a table the rest of rfm can use: follow every index, read every string.
            let t = loaded.table
            precondition(
                t.invoice.count == t.count && t.time.count == t.count && t.amount.count == t.count
                    && t.country.count == t.count)
            var sum = 0
            for i in 0..<t.count {
                sum &+= t.customers.bytes(t.customer[i]).count
                if t.invoice[i] >= 0 { sum &+= t.invoices.bytes(t.invoice[i]).count }
                if t.country[i] >= 0 { sum &+= t.countries.bytes(t.country[i]).count }
                precondition(t.amount[i] > 0)
                _ = LocalTimestamp(seconds: t.time[i]).description
            }
            precondition(t.cleaning.rowsAfter == t.count)
            return "hit: \(t.count) rows (\(reference.count) in the input), \(sum) string bytes"
        case .miss: return "miss"
        case .rebuilt(let reason):
            precondition(loaded.table.count == reference.count)
            return "rebuilt: \(reason)"
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Resealed unless the size is 7 mod 8: most mutations reach the validation, some test the checksum itself.
    _ = FuzzCache.run(bytes, reseal: size % 8 != 7)
    return 0
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzCache_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var argc = argc
        var argv = argv
        _ = FuzzCache.setup
        return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
    }
#else
    @main
    struct Replay {
        static func main() throws {
            var arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--seed", arguments.count == 2 {
                let (_, file) = FuzzCache.setup
                let out = (arguments[1] as NSString).appendingPathComponent("valid.rfmcache")
                try FileManager.default.copyItem(atPath: file, toPath: out)
                print("wrote \(out)")
                return
            }
            if arguments.isEmpty {
                print(
                    "usage: FuzzCache FILE ...   (replays inputs; build with Fuzz/run.sh to fuzz) | FuzzCache --seed DIR"
                )
            }
            for file in arguments {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
                print("\(file): \(FuzzCache.run(bytes, reseal: bytes.count % 8 != 7))")
            }
            arguments.removeAll()
        }
    }
#endif
