// libFuzzer target for the rules file reader (hostile input issue). See Fuzz/README.md.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (Fuzz/run.sh) the executable is a libFuzzer driver: the input
// bytes, as UTF-8 text, go through `RulesFileLoader.parse` as YAML and as JSON. A `RulesFileError` is a correct
// answer; a crash, a stack overflow, a hang, an out-of-memory or a leak is a finding. For YAML the target also
// checks the pre-scan against Yams: when Yams reads the text, the depth of its node tree must not be more than
// the pre-scan's bound, else a deeper text could overflow Yams' recursive composer before the limit is seen.
// Built normally (`swift build`) it replays the files given as arguments and prints each outcome.
import Foundation
import RFMCore
import Yams

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = FuzzRules.run(bytes)
    return 0
}

enum FuzzRules {
    /// Parses the bytes as YAML and as JSON; returns a one-line outcome.
    static func run(_ bytes: [UInt8]) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { return "not UTF-8" }
        var outcome: [String] = []
        for json in [false, true] {
            do {
                let rules = try RulesFileLoader.parse(text, file: json ? "rules.json" : "rules.yaml", json: json)
                outcome.append("\(json ? "json" : "yaml") ok \(rules.rules.count) rules")
            } catch {
                outcome.append("\(json ? "json" : "yaml") error: \(error)")
            }
        }
        checkScanBound(bytes, text)
        return outcome.joined(separator: " | ")
    }

    /// The pre-scan's depth bound must hold for every text Yams composes (small inputs only: Yams recurses).
    static func checkScanBound(_ bytes: [UInt8], _ text: String) {
        let scan = StructureScan.yaml(bytes, depthLimit: RulesFileLoader.Limits.depth)
        // Aliases are not composed again (Yams shares the anchored node), but walking the tree would expand them.
        guard scan.maxDepth <= RulesFileLoader.Limits.depth, scan.aliases == 0 else { return }
        guard let node = try? Yams.compose(yaml: text) else { return }
        let depth = collectionDepth(node)
        if depth > scan.maxDepth {
            fatalError("pre-scan bound \(scan.maxDepth) is below Yams' depth \(depth)")
        }
    }

    /// Nesting of sequences and mappings in Yams' tree (a scalar is 0), keys included.
    static func collectionDepth(_ node: Node) -> Int {
        switch node {
        case .scalar: return 0
        case .sequence(let s): return 1 + (s.map(collectionDepth).max() ?? 0)
        case .mapping(let m): return 1 + (m.map { max(collectionDepth($0.key), collectionDepth($0.value)) }.max() ?? 0)
        }
    }
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzRules_main")
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
                print("usage: FuzzRules FILE ...   (replays inputs; build with Fuzz/run.sh to fuzz)")
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): unreadable")
                    continue
                }
                print("\(file): \(FuzzRules.run(Array(data)))")
            }
        }
    }
#endif
