import Foundation
import Testing

@testable import RFMCore

/// Hostile rules files, made by code: nesting bombs, alias bombs, oversized files, FIFOs, hostile names. Each must
/// be a `RulesFileError` that names the limit or the field, and the bombs must fail fast.
@Suite struct HostileRulesFileTests {
    func parseError(_ text: String, json: Bool = false) -> RulesFileError? {
        do {
            _ = try RulesFileLoader.parse(text, file: json ? "rules.json" : "rules.yaml", json: json)
            return nil
        } catch {
            return error
        }
    }

    func seconds(_ work: () -> Void) -> Double {
        let start = ContinuousClock.now
        work()
        return (ContinuousClock.now - start).seconds
    }

    func temporaryFile(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rfm-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    @Test func blockYAMLNested10000LevelsIsRefusedBeforeYams() {
        // Compact block sequences: each `- ` opens a sequence one column deeper (20 KB for 10,000 levels).
        let compact = "segments:\n" + String(repeating: "- ", count: 10_000) + "x\n"
        var e: RulesFileError?
        let t = seconds { e = parseError(compact) }
        #expect(e?.description == "rules.yaml: nested deeper than 64 levels (line 2)")
        #expect(t < 1)
        // Mappings by indentation, one more space per level (1,400 levels fit in 1 MiB).
        var indented = "segments:\n"
        for level in 1...1_400 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        let e2 = parseError(indented)
        #expect(e2?.message.hasPrefix("nested deeper than 64 levels (line 6") == true)
        // A sequence of mappings of sequences, the usual way to nest deeply within the size limit.
        var mixed = "segments:\n"
        for level in 0..<10_000 { mixed += String(repeating: " ", count: (level % 40) * 2) + "- a:\n" }
        #expect(parseError(mixed)?.message.contains("nested deeper than 64 levels") == true)
    }

    @Test func flowYAMLNested10000LevelsIsRefusedBeforeYams() {
        var e: RulesFileError?
        let t = seconds {
            e = parseError(
                "segments: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")
        }
        #expect(e?.description == "rules.yaml: nested deeper than 64 levels (line 1)")
        #expect(t < 1)
        let mappings =
            "segments: " + String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parseError(mappings)?.message == "nested deeper than 64 levels (line 1)")
        // Fuzz finding: an entry `a: b` of a flow sequence is a mapping without brackets, so `[a: [b: ...]]`
        // nests two levels per bracket; 40 brackets are 80 levels of Yams' tree.
        let pairs = "segments: " + String(repeating: "[a: ", count: 40) + "b" + String(repeating: "]", count: 40) + "\n"
        #expect(parseError(pairs)?.message == "nested deeper than 64 levels (line 1)")
        #expect(StructureScan.yaml(Array("[a: [b: [c: d]]]".utf8), depthLimit: 64).maxDepth == 6)
        // Fuzz finding: a key after a tag starts at the tag (libyaml saves the simple key there), so the mapping
        // is at column 1 and the sequence at column 2 nests inside it: 3 levels, not 2.
        #expect(StructureScan.yaml(Array("segmenus:\n !- negmentt:\n  - name:B".utf8), depthLimit: 64).maxDepth == 3)
        // Fuzz finding: libyaml ends an anchor name at `:` (letters, digits, - and _), so `&a: [...]` is a mapping.
        #expect(StructureScan.yaml(Array("&egsents: [a: [b: [c: d]]]".utf8), depthLimit: 64).maxDepth == 7)
        // Fuzz finding: a flow collection as a key is inside the mapping made around it: ` [c: d]:` is 3 levels.
        #expect(StructureScan.yaml(Array(" [c: d]:\r\n".utf8), depthLimit: 64).maxDepth == 3)
        // Fuzz finding: a less indented comment line does not close the mappings above it.
        #expect(StructureScan.yaml(Array("e:\n  # c\n r:\n    # c\n  m: 1\n".utf8), depthLimit: 64).maxDepth == 3)
        var commented = "segments:\n"
        for level in 1...100 { commented += String(repeating: " ", count: level) + "k:\n# a comment at column 0\n" }
        #expect(parseError(commented)?.message.hasPrefix("nested deeper than 64 levels") == true)
        var tagged = "segments:\n"
        for level in 0..<100 { tagged += String(repeating: " ", count: level) + "!t k:\n" }
        #expect(parseError(tagged)?.message.hasPrefix("nested deeper than 64 levels") == true)
        // Across lines, in a block mapping.
        let lines = "segments:\n  - name: A\n    r: " + String(repeating: "[\n", count: 10_000)
        #expect(parseError(lines)?.message == "nested deeper than 64 levels (line 33)")
    }

    @Test func jsonNested10000LevelsIsRefusedBeforeJSONSerialization() throws {
        let text =
            "{\"segments\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        var e: RulesFileError?
        let t = seconds { e = parseError(text, json: true) }
        #expect(e?.description == "rules.json: nested deeper than 64 levels (line 1)")
        #expect(t < 1)
        let objects = String(repeating: "{\"a\": ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parseError(objects, json: true)?.message == "nested deeper than 64 levels (line 1)")
        // Brackets inside strings do not count.
        let path = try temporaryFile(
            "rules.json",
            Data(
                ("{\"segments\": [{\"name\": \"" + String(repeating: "[", count: 90)
                    + "\", \"r\": 1, \"f\": 1, \"m\": 1}]}").utf8))
        #expect(try RulesFileLoader.load(path: path).rules[0].name == String(repeating: "[", count: 90))
    }

    @Test func billionLaughsFailsFastInLittleMemory() {
        // 9 levels of 10 aliases: 10⁹ strings when expanded.
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "segments: *a9\n"
        var e: RulesFileError?
        let t = seconds { e = parseError(text) }
        #expect(e?.message.hasPrefix("more than 100000 values after expanding YAML aliases") == true)
        #expect(t < 2)
    }

    @Test func tooManyAliasesAreRefusedByThePrescan() {
        let text = "x: &x 1\nsegments: [" + Array(repeating: "*x", count: 1_001).joined(separator: ", ") + "]\n"
        #expect(parseError(text)?.message == "more than 1000 YAML aliases (*name); a rules file needs none")
    }

    @Test func anOversizedFileIsRefusedBeforeParsing() throws {
        // Valid YAML (comment lines) just over 1 MiB.
        let line = "# " + String(repeating: "x", count: 1_021) + "\n"
        let text = String(repeating: line, count: 1_024) + "segments: []\n"
        #expect(text.utf8.count > 1 << 20)
        let path = try temporaryFile("rules.yaml", Data(text.utf8))
        #expect { try RulesFileLoader.load(path: path) } throws: { error in
            (error as? RulesFileError)?.description == "rules.yaml: larger than 1 MiB, the limit for a rules file"
        }
        #expect(parseError(text)?.message == "larger than 1 MiB, the limit for a rules file")
    }

    @Test func aFIFOOrADeviceIsRefusedWithoutHanging() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rfm-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fifo = dir.appendingPathComponent("rules.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        var e: Error?
        let t = seconds {
            do { _ = try RulesFileLoader.load(path: fifo) } catch { e = error }
        }
        #expect((e as? RulesFileError)?.message.contains("is a FIFO (named pipe), not a regular file") == true)
        #expect(t < 1)
        #expect { try RulesFileLoader.load(path: "/dev/zero") } throws: { error in
            (error as? RulesFileError)?.message == "/dev/zero is a character device, not a regular file"
        }
        #expect { try RulesFileLoader.load(path: dir.path) } throws: { error in
            (error as? RulesFileError)?.message.contains("is a folder, not a regular file") == true
        }
        #expect(throws: RulesFileError.self) {
            try RulesFileLoader.load(path: dir.appendingPathComponent("none.yaml").path)
        }
    }

    static func rule(_ name: String, description: String = "d") -> String {
        "segments:\n  - name: \(name)\n    r: 1\n    f: 1\n    m: 1\n    description: \(description)\n"
    }

    @Test func aNameTooLongForAFileNameIsRefusedWhenTheRulesAreRead() throws {
        let e = parseError(Self.rule(String(repeating: "N", count: 101)))
        #expect(e?.path == "segments[0].name")
        #expect(e?.message == "the name is 101 characters long; at most 100 are allowed")
        // 100 is allowed; the length is counted in Unicode scalars (combining accents count).
        #expect(
            try RulesFileLoader.parse(Self.rule(String(repeating: "N", count: 100)), file: "r.yaml", json: false).rules
                .count == 1)
        #expect(parseError(Self.rule(String(repeating: "e\u{301}", count: 51)))?.path == "segments[0].name")
        // The fallback too.
        let fallback =
            "segments:\n  - {name: A, r: 1, f: 1, m: 1}\nfallback:\n  name: \(String(repeating: "F", count: 200))\n"
        #expect(parseError(fallback)?.path == "fallback.name")
    }

    @Test func aNameWithAnEscapeIsRefusedAndEscapedInTheMessage() {
        let e = parseError("segments:\n  - name: \"Red\\e[31m\"\n    r: 1\n    f: 1\n    m: 1\n")
        #expect(e?.path == "segments[0].name")
        #expect(
            e?.description
                == "rules.yaml: segments[0].name: the name \"Red\\u{1B}[31m\" has a control or invisible character (\\u{1B})"
        )
        #expect(e?.description.unicodeScalars.contains("\u{1B}") == false)
        // A bidi override and a newline in a name, a bell in a strategy.
        #expect(
            parseError("segments:\n  - name: \"A\\u202EB\"\n    r: 1\n    f: 1\n    m: 1\n")?.path == "segments[0].name"
        )
        #expect(
            parseError("segments:\n  - name: \"A\\nB\"\n    r: 1\n    f: 1\n    m: 1\n")?.path == "segments[0].name")
        #expect(
            parseError("segments:\n  - name: A\n    r: 1\n    f: 1\n    m: 1\n    strategy: \"ring\\a\"\n")?.path
                == "segments[0].strategy")
        // An ESC in an unknown field's name is escaped in the path.
        let key = parseError("segments:\n  - name: A\n    r: 1\n    f: 1\n    m: 1\n    \"x\\e]0;title\\a\": 1\n")
        #expect(key?.description.contains("x\\u{1B}]0;title\\u{7}") == true)
        #expect(key?.description.unicodeScalars.contains("\u{1B}") == false)
    }

    @Test func textsAndRuleCountsAreBounded() {
        let long = parseError(Self.rule("A", description: String(repeating: "d", count: 2_001)))
        #expect(long?.path == "segments[0].description")
        #expect(long?.message == "2001 characters long; at most 2000 are allowed")
        let many = "segments:\n" + (0...100).map { "  - {name: R\($0), r: 1, f: 1, m: 1}\n" }.joined()
        #expect(parseError(many)?.description == "rules.yaml: segments: 101 rules; at most 100 are allowed")
    }

    @Test func sexagesimalAndOutOfRangeNumbersAreErrorsNotTraps() {
        // Yams' own constructor turns this into a base-60 integer and traps on the overflow.
        let e = parseError("segments:\n  - name: A\n    r: 1:0:0:0:0:0:0:0:0:0:0:0:0\n    f: 1\n    m: 1\n")
        #expect(e?.path == "segments[0].r")
        #expect(parseError("segments:\n  - name: A\n    r: 1e300\n    f: 1\n    m: 1\n")?.path == "segments[0].r")
        #expect(
            parseError("{\"segments\": [{\"name\": \"A\", \"r\": 1e300, \"f\": 1, \"m\": 1}]}", json: true)?.path
                == "segments[0].r")
        #expect(parseError("segments:\n  - name: A\n    r: .inf\n    f: 1\n    m: 1\n")?.path == "segments[0].r")
    }

    @Test func coloursMustBeWhatTheRendererAccepts() {
        for bad in ["\"#ＡＡＡＡＡＡ\"", "\"#+12345\"", "red", "\"#12345\""] {
            let e = parseError("segments:\n  - {name: A, r: 1, f: 1, m: 1, colour: \(bad)}\n")
            #expect(e?.path == "segments[0].colour", "\(bad)")
        }
    }

    @Test func legitimateRulesFilesStillWork() throws {
        let yaml = """
            # Rules with comments, quoted brackets, block scalars and anchors
            segments:   # the list
              - name: "Champions [VIP]"   # a comment with [ and {
                r: 4
                f: '3-4'
                m: [3, 4]
                description: "Bought [recently] # not a comment, {braces} and 'quotes'"
                strategy: 'It''s [their] reward {'
                colour: "#1B7837"
              - name: Loyal
                r: &high {min: 2, max: 4}
                f: *high
                m: any
                description: |
                  Buy often and spend well:
                    - this is text [[[[ not a list
                  {{{ good retention
                strategy: >-
                  Increase frequency;
                  cross-sell ]]]
              - name: Long text
                r: 1-4
                f: 1
                m: 1
                description: a plain scalar
                  continued on more lines "with quotes
                  and [brackets
                strategy: "a quoted scalar
                  over two lines [ {"
            fallback:
              name: Others
            """
        let rules = try RulesFileLoader.parse(yaml, file: "rules.yaml", json: false)
        #expect(rules.rules.map(\.name) == ["Champions [VIP]", "Loyal", "Long text"])
        #expect(rules.rules[0].description == "Bought [recently] # not a comment, {braces} and 'quotes'")
        #expect(rules.rules[0].strategy == "It's [their] reward {")
        #expect(rules.rules[0].colour == "#1b7837")
        #expect(rules.rules[1].f == ScoreRange(2, 4))
        #expect(
            rules.rules[1].description
                == "Buy often and spend well:\n  - this is text [[[[ not a list\n{{{ good retention\n")
        #expect(rules.rules[1].strategy == "Increase frequency; cross-sell ]]]")
        #expect(rules.rules[2].description == "a plain scalar continued on more lines \"with quotes and [brackets")
        #expect(rules.rules[2].strategy == "a quoted scalar over two lines [ {")
        // A merge key, as Yams' own loader allowed.
        let merged = try RulesFileLoader.parse(
            "segments:\n  - &base {name: A, r: 1, f: 1, m: 1}\n  - <<: *base\n    name: B\n    r: 2\n",
            file: "r.yaml", json: false)
        #expect(merged.rules.map(\.name) == ["A", "B"])
        #expect(merged.rules[1].r == ScoreRange(2, 2) && merged.rules[1].f == ScoreRange(1, 1))
        // The pre-scan's bound for an ordinary file is small.
        #expect(StructureScan.yaml(Array(yaml.utf8), depthLimit: 64).maxDepth <= 5)
    }

    @Test func terminalTextEscapesEveryNonPrintableCharacter() {
        #expect(TerminalText.escape("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        #expect(
            "tab\tcr\rnl\n del\u{7F} c1\u{9B} rlo\u{202E} zw\u{200B} ls\u{2028}".escapedForTerminal
                == "tab\\u{9}cr\\u{D}nl\\u{A} del\\u{7F} c1\\u{9B} rlo\\u{202E} zw\\u{200B} ls\\u{2028}")
        #expect(TerminalText.escape("Café – 東京 🎉") == "Café – 東京 🎉")
        let e = RulesFileError(file: "r\u{1B}.yaml", path: "", message: "x\u{7}")
        #expect(e.description == "r\\u{1B}.yaml: x\\u{7}")
    }
}
