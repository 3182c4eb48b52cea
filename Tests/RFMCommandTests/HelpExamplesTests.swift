import Foundation
import TestSupport
import Testing

@testable import rfm

/// Every EXAMPLE that `--help` prints runs as written (in a folder holding the files it names) and exits 0.
@Suite struct HelpExamplesTests {
    @Test func everyExampleRunsAsWritten() throws {
        let work = ScratchSpace.folder("examples")
        let sample = RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv")
        let text = try String(contentsOf: sample, encoding: .utf8)
        for name in ["sales.csv", "a.csv", "new.csv"] {
            try text.write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try text.replacingOccurrences(of: "CustomerID", with: "client_id").replacingOccurrences(
            of: "InvoiceDate", with: "order_date"
        )
        .write(to: work.appendingPathComponent("clients.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: RFMProcess.root.appendingPathComponent("data/online_retail_sample.xlsx"),
            to: work.appendingPathComponent("c.xlsx"))
        let gzip = try RFMProcess.run(
            program: URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -c a.csv > b.csv.gz"], directory: work)
        #expect(gzip.status == 0)
        // In the order a user would try them: the first report writes output/, which --model and score then use.
        let order = SubcommandCheck.subcommands
        let examples = order.flatMap { HelpExamples.bySubcommand[$0] ?? [] } + HelpExamples.root
        #expect(Set(HelpExamples.bySubcommand.keys) == Set(order))
        for example in examples {
            var words = example.command.split(separator: " ").map(String.init)
            #expect(words.removeFirst() == "rfm")
            let r = try RFMProcess.run(program: RFMProcess.executable, words, directory: work)
            #expect(r.status == 0, "\(example.command): \(r.stderr)")
        }
        #expect(HelpExamples.text(for: "report").hasPrefix("EXAMPLES:\n  rfm report sales.csv\n"))
    }

    @Test func helpEndsWithTheExamples() throws {
        for subcommand in SubcommandCheck.subcommands {
            let r = try RFMProcess.run([subcommand, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.hasSuffix(HelpExamples.text(for: subcommand)), "\(subcommand)")
            // No option says its default twice ("(default: the cores). (default: 2)").
            #expect(
                r.stdout.range(of: #"\(default[^)]*\)[.\s]*\(default"#, options: .regularExpression) == nil,
                "a doubled default in \(subcommand) --help")
        }
        let root = try RFMProcess.run(["--help"])
        #expect(root.stdout.hasSuffix(HelpExamples.text(for: nil)))
        #expect(try RFMProcess.run(["--version"]).stdout == "0.1.0\n")
    }
}
