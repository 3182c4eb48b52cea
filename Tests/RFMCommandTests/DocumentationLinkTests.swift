import Foundation
import TestSupport
import Testing

/// The README and the documents beside it are read on their own (a clone, a package page): every relative link and
/// picture points at a file of the repository, none outside it (such as a sibling folder of the clone).
@Suite struct DocumentationLinkTests {
    static let documents = ["README.md", "BENCHMARKS.md", "docs/DESIGN.md", "docs/DEVELOPING.md", "themes/README.md"]

    @Test(arguments: documents) func everyRelativeLinkIsAFileOfTheRepository(_ document: String) throws {
        let root = RFMProcess.root.standardizedFileURL
        let url = root.appendingPathComponent(document)
        let text = try String(contentsOf: url, encoding: .utf8)
        let links = try Regex(#"\]\(([^)\s]+)\)"#)
        var checked = 0
        for match in text.matches(of: links) {
            guard let target = match.output[1].substring.map(String.init) else { continue }
            if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("#") { continue }
            let path = String(target.split(separator: "#", maxSplits: 1)[0])
            let resolved = url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
            #expect(
                resolved.path.hasPrefix(root.path + "/"), "\(document) links \(target), outside the repository")
            #expect(
                FileManager.default.fileExists(atPath: resolved.path), "\(document) links \(target), which is missing")
            checked += 1
        }
        if document == "README.md" { #expect(checked >= 10) }
    }

    /// The README opens for users: what it does and a picture come before the commands, and "how to read the
    /// report" before the options.
    @Test func theReadmeOpensForUsers() throws {
        let text = try String(contentsOf: RFMProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        func offset(_ s: String) -> Int {
            guard let r = text.range(of: s) else {
                Issue.record("README lacks \(s)")
                return Int.max
            }
            return text.distance(from: text.startIndex, to: r.lowerBound)
        }
        let picture = offset("![")
        let install = offset("## Install and run")
        let reading = offset("## How to read the report")
        let options = offset("## Options")
        #expect(picture < install && install < reading && reading < options)
        #expect(!text.contains("../shared"))
    }
}
