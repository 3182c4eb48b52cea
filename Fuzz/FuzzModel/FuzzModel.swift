// libFuzzer target for the model file reader (`--model`, hostile input issue). See Fuzz/README.md.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (Fuzz/run.sh) the executable is a libFuzzer driver: the input
// bytes go through `SavedModel.decode` (the size and depth limits, JSON decoding and the check of every field).
// A `ModelFileError` is a correct answer. When a model loads, a few synthetic customers are scored with it: that
// must not trap, and every customer must get a segment, a cluster number in 1...k and finite coordinates.
// Built normally (`swift build`) it replays the files given as arguments and prints each outcome.
import Foundation
import RFMCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzModel.run(Data(bytes: data, count: size))
    return 0
}

enum FuzzModel {
    static func run(_ data: Data) -> String {
        let model: SavedModel
        do {
            model = try SavedModel.decode(data, path: "model.json")
        } catch {
            return "error: \(error)"
        }
        let scored: [ScoredCustomer]
        do {
            scored = try model.scoreSyntheticCustomers()
        } catch {
            // A valid model must score; any error here is a finding.
            fatalError("a model that loads fails to score: \(error)")
        }
        let names = Set(model.ruleSet.segments.map(\.name))
        for s in scored {
            precondition(names.contains(s.segment), "segment \(s.segment) is not in the model")
            if let c = model.clustering {
                guard let cluster = s.cluster else { fatalError("no cluster with a clustering") }
                precondition((1...c.k).contains(cluster), "cluster \(cluster) outside 1...\(c.k)")
                precondition(s.pc1?.isFinite == true && s.pc2?.isFinite == true, "coordinates not finite")
            }
        }
        return "ok: \(scored.count) customers scored, \(model.clustering.map { "k = \($0.k)" } ?? "no clustering")"
    }
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzModel_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
    }
#else
    @main
    struct Replay {
        static func main() {
            let files = CommandLine.arguments.dropFirst()
            if files.isEmpty {
                print("usage: FuzzModel FILE ...   (replays inputs; build with Fuzz/run.sh to fuzz)")
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): unreadable")
                    continue
                }
                print("\(file): \(FuzzModel.run(data))")
            }
        }
    }
#endif
