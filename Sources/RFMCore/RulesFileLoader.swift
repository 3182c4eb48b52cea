import Foundation
import Yams

/// Reads segment rules from JSON or YAML (`--rules FILE`) and validates them strictly.
///
/// Format (JSON has the same shape):
/// ```yaml
/// segments:                 # in order; the first matching rule wins
///   - name: Champions
///     r: 4                  # a score, "3-4", [3, 4], or {min: 3, max: 4}
///     f: 3-4
///     m: [3, 4]
///     description: Bought recently, buy often and spend the most
///     strategy: Reward loyalty
///     colour: "#1b7837"     # optional
/// fallback:                 # optional catch-all (default "Others")
///   name: Others
///   description: ...
///   strategy: ...
/// ```
public enum RulesFileLoader {
    static let ruleKeys: Set<String> = ["name", "r", "f", "m", "description", "strategy", "colour", "color"]
    static let fallbackKeys: Set<String> = ["name", "description", "strategy", "colour", "color"]

    /// Limits on a rules file, checked before any value is built (a hostile file fails fast, in little memory).
    public enum Limits {
        /// The file's size. A real rules file is a few kilobytes.
        public static let bytes = 1 << 20
        /// Nesting of lists and mappings (a rules file needs 4).
        public static let depth = 64
        /// YAML aliases (`*name`) in the text.
        public static let aliases = 1_000
        /// Values (scalars, lists and mappings) after expanding YAML aliases: a "billion laughs" file stops here.
        public static let values = 100_000
        /// Segment rules (besides the catch-all).
        public static let rules = 100
        /// A segment name, in Unicode scalars (names become page and file names).
        public static let nameLength = 100
        /// A description or a strategy, in Unicode scalars.
        public static let textLength = 2_000
    }

    public static func load(path: String) throws(RulesFileError) -> SegmentRuleSet {
        let name = (path as NSString).lastPathComponent
        let data: Data
        do {
            data = try BoundedFileReader.read(path: path, limit: Limits.bytes)
        } catch {
            switch error {
            case .cannotOpen(let reason), .readFailed(let reason):
                throw RulesFileError(
                    file: name, path: "", message: "cannot read the rules file at \(path.escapedForTerminal): \(reason)"
                )
            case .notRegularFile(let kind):
                throw RulesFileError(
                    file: name, path: "", message: "\(path.escapedForTerminal) is \(kind), not a regular file")
            case .tooLarge(let limit):
                throw RulesFileError(
                    file: name, path: "",
                    message: "larger than \(BoundedFileReader.describe(bytes: limit)), the limit for a rules file")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RulesFileError(file: name, path: "", message: "the rules file is not UTF-8 text")
        }
        return try parse(text, file: name, json: path.lowercased().hasSuffix(".json"))
    }

    public static func parse(_ text: String, file: String, json: Bool) throws(RulesFileError) -> SegmentRuleSet {
        func limit(_ message: String) -> RulesFileError { RulesFileError(file: file, path: "", message: message) }
        let bytes = Array(text.utf8)
        guard bytes.count <= Limits.bytes else {
            throw limit("larger than \(BoundedFileReader.describe(bytes: Limits.bytes)), the limit for a rules file")
        }
        let root: Any?
        if json {
            let scan = StructureScan.json(bytes, depthLimit: Limits.depth)
            if let line = scan.lineOverLimit { throw limit("nested deeper than \(Limits.depth) levels (line \(line))") }
            do {
                root = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            } catch {
                throw limit("not valid JSON: \(error.localizedDescription)")
            }
        } else {
            let scan = StructureScan.yaml(bytes, depthLimit: Limits.depth)
            if let line = scan.lineOverLimit { throw limit("nested deeper than \(Limits.depth) levels (line \(line))") }
            guard scan.aliases <= Limits.aliases else {
                throw limit("more than \(Limits.aliases) YAML aliases (*name); a rules file needs none")
            }
            let node: Node?
            do {
                node = try Yams.compose(yaml: text)
            } catch {
                throw limit("not valid YAML: \(String(describing: error).escapedForTerminal)")
            }
            var converter = YAMLValues(file: file)
            root = try node.map { (n: Node) throws(RulesFileError) -> Any in try converter.value(n, depth: 1) }
        }
        return try ruleSet(from: root, file: file)
    }

    /// The rule set of a parsed file (a `[String: Any]` with `segments` and `fallback`).
    static func ruleSet(from root: Any?, file: String) throws(RulesFileError) -> SegmentRuleSet {
        guard let top = root as? [String: Any] else {
            throw RulesFileError(
                file: file, path: "", message: "expected a mapping with a \"segments\" list at the top")
        }
        for key in top.keys.sorted() where key != "segments" && key != "fallback" {
            throw RulesFileError(
                file: file, path: quotedKey(key), message: "unknown field; expected \"segments\" or \"fallback\"")
        }
        guard let list = top["segments"] as? [Any] else {
            throw RulesFileError(file: file, path: "segments", message: "expected a list of segment rules")
        }
        guard !list.isEmpty else {
            throw RulesFileError(file: file, path: "segments", message: "the list is empty; give at least one rule")
        }
        guard list.count <= Limits.rules else {
            throw RulesFileError(
                file: file, path: "segments", message: "\(list.count) rules; at most \(Limits.rules) are allowed")
        }
        var rules: [SegmentRule] = []
        for (k, item) in list.enumerated() {
            let here = "segments[\(k)]"
            guard let dict = item as? [String: Any] else {
                throw RulesFileError(file: file, path: here, message: "expected a mapping with name, r, f, m")
            }
            for key in dict.keys.sorted() where !ruleKeys.contains(key) {
                throw RulesFileError(
                    file: file, path: "\(here).\(quotedKey(key))",
                    message: "unknown field; expected one of name, r, f, m, description, strategy, colour")
            }
            rules.append(
                SegmentRule(
                    name: try string(dict["name"], file, "\(here).name", required: true),
                    r: try range(dict["r"], file, "\(here).r"), f: try range(dict["f"], file, "\(here).f"),
                    m: try range(dict["m"], file, "\(here).m"),
                    description: try string(dict["description"], file, "\(here).description", required: false),
                    strategy: try string(dict["strategy"], file, "\(here).strategy", required: false),
                    colour: try colour(dict["colour"] ?? dict["color"], file, "\(here).colour")))
        }
        var fallback = SegmentRuleSet.standard.fallback
        if let raw = top["fallback"] {
            guard let dict = raw as? [String: Any] else {
                throw RulesFileError(
                    file: file, path: "fallback", message: "expected a mapping with name, description, strategy")
            }
            for key in dict.keys.sorted() where !fallbackKeys.contains(key) {
                throw RulesFileError(
                    file: file, path: "fallback.\(quotedKey(key))",
                    message: "unknown field; expected one of name, description, strategy, colour")
            }
            fallback = SegmentRule(
                name: try string(dict["name"], file, "fallback.name", required: true), r: .init(1, 4), f: .init(1, 4),
                m: .init(1, 4),
                description: try string(dict["description"], file, "fallback.description", required: false),
                strategy: try string(dict["strategy"], file, "fallback.strategy", required: false),
                colour: try colour(dict["colour"] ?? dict["color"], file, "fallback.colour"))
        } else if rules.contains(where: { $0.name == fallback.name }) {
            throw RulesFileError(
                file: file, path: "fallback",
                message: "a rule is named \"Others\"; name the catch-all with a \"fallback\" entry")
        }
        if let problem = check(rules: rules, fallback: fallback) {
            throw RulesFileError(file: file, path: problem.path, message: problem.message)
        }
        return SegmentRuleSet(rules: rules, fallback: fallback)
    }

    /// A problem with a rule set, wherever it came from (a rules file or a model file): the field and what is wrong.
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let message: String
    }

    /// Checks a rule set as a rules file is checked: 1 to `Limits.rules` rules; names present, unique, at most
    /// `Limits.nameLength` long, without control or invisible characters; descriptions and strategies at most
    /// `Limits.textLength` long without control characters (line breaks and tabs allowed); scores 1-4 with
    /// low ≤ high; colours `#rrggbb`. `rulesPath` names the list (`segments` in a rules file, `rules` in a model).
    public static func check(
        rules: [SegmentRule], fallback: SegmentRule, rulesPath: String = "segments",
        fallbackPath: String = "fallback"
    ) -> Problem? {
        guard !rules.isEmpty else {
            return Problem(path: rulesPath, message: "the list is empty; give at least one rule")
        }
        guard rules.count <= Limits.rules else {
            return Problem(path: rulesPath, message: "\(rules.count) rules; at most \(Limits.rules) are allowed")
        }
        var names = Set<String>()
        for (k, rule) in rules.enumerated() {
            let here = "\(rulesPath)[\(k)]"
            if let p = checkName(rule.name, "\(here).name") { return p }
            guard names.insert(rule.name).inserted else {
                return Problem(
                    path: "\(here).name", message: "the name \"\(rule.name.escapedForTerminal)\" is used twice")
            }
            for (field, range) in [("r", rule.r), ("f", rule.f), ("m", rule.m)] {
                guard (1...4).contains(range.low), (1...4).contains(range.high) else {
                    return Problem(
                        path: "\(here).\(field)",
                        message: "score \((1...4).contains(range.low) ? range.high : range.low) is outside 1-4")
                }
                guard range.low <= range.high else {
                    return Problem(
                        path: "\(here).\(field)",
                        message: "the range \(range.low)-\(range.high) is empty (low above high)")
                }
            }
            if let p = checkTexts(rule, here) { return p }
        }
        if let p = checkName(fallback.name, "\(fallbackPath).name") { return p }
        guard !names.contains(fallback.name) else {
            return Problem(
                path: "\(fallbackPath).name",
                message: "the name \"\(fallback.name.escapedForTerminal)\" is also a rule's name")
        }
        return checkTexts(fallback, fallbackPath)
    }

    private static func checkName(_ name: String, _ path: String) -> Problem? {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            return Problem(path: path, message: "the name is empty")
        }
        let length = name.unicodeScalars.count
        guard length <= Limits.nameLength else {
            return Problem(
                path: path, message: "the name is \(length) characters long; at most \(Limits.nameLength) are allowed")
        }
        // Joiners are kept (emoji sequences); every other invisible or control character is refused.
        if let bad = name.unicodeScalars.first(where: {
            !TerminalText.isPrintable($0) && $0.value != 0x200C && $0.value != 0x200D
        }) {
            return Problem(
                path: path,
                message: "the name \"\(name.escapedForTerminal)\" has a control or invisible character "
                    + "(\(TerminalText.escape(String(bad))))")
        }
        return nil
    }

    private static func checkTexts(_ rule: SegmentRule, _ here: String) -> Problem? {
        for (field, text) in [("description", rule.description), ("strategy", rule.strategy)] {
            let length = text.unicodeScalars.count
            guard length <= Limits.textLength else {
                return Problem(
                    path: "\(here).\(field)",
                    message: "\(length) characters long; at most \(Limits.textLength) are allowed")
            }
            if let bad = text.unicodeScalars.first(where: {
                $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F...0x9F).contains($0.value)
            }) {
                return Problem(
                    path: "\(here).\(field)", message: "has a control character (\(TerminalText.escape(String(bad))))")
            }
        }
        if let c = rule.colour, !isColour(c) {
            return Problem(
                path: "\(here).colour", message: "expected a colour like \"#1b7837\", found \"\(c.escapedForTerminal)\""
            )
        }
        return nil
    }

    /// `#` and six ASCII hex digits: what the chart renderer (`RGBA(hex:)`) and the site accept.
    public static func isColour(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 7 && u[0] == UInt8(ascii: "#")
            && u.dropFirst().allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66)
            }
    }

    /// A field name quoted from the file, for an error's path.
    static func quotedKey(_ key: String) -> String {
        if key.isEmpty { return "\"\"" }
        let shown = key.unicodeScalars.count > 60 ? String(key.unicodeScalars.prefix(60)) + "…" : key
        return shown.escapedForTerminal
    }

    /// A value quoted from the file in an error message: escaped and cut to 60 characters.
    static func shown(_ value: Any) -> String {
        let text = String(describing: value)
        return (text.unicodeScalars.count > 60 ? String(text.unicodeScalars.prefix(60)) + "…" : text).escapedForTerminal
    }

    private static func string(_ value: Any?, _ file: String, _ path: String, required: Bool) throws(RulesFileError)
        -> String
    {
        guard let value else {
            if required { throw RulesFileError(file: file, path: path, message: "missing; expected text") }
            return ""
        }
        guard let s = value as? String else {
            throw RulesFileError(file: file, path: path, message: "expected text, found \(shown(value))")
        }
        return s
    }

    private static func colour(_ value: Any?, _ file: String, _ path: String) throws(RulesFileError) -> String? {
        guard let value else { return nil }
        guard let s = value as? String, isColour(s) else {
            throw RulesFileError(
                file: file, path: path, message: "expected a colour like \"#1b7837\", found \(shown(value))")
        }
        return s.lowercased()
    }

    private static func range(_ value: Any?, _ file: String, _ path: String) throws(RulesFileError) -> ScoreRange {
        func score(_ v: Any?) throws(RulesFileError) -> Int {
            var n: Int?
            if let i = v as? Int {
                n = i
            } else if let d = v as? Double {
                n = Int(exactly: d)
            } else if let s = v as? String {
                n = Int(s.trimmingCharacters(in: .whitespaces))
            }
            guard let n else {
                throw RulesFileError(
                    file: file, path: path, message: "expected a score 1-4, found \(v.map(shown) ?? "nothing")")
            }
            guard (1...4).contains(n) else {
                throw RulesFileError(file: file, path: path, message: "score \(n) is outside 1-4")
            }
            return n
        }
        let low: Int
        let high: Int
        switch value {
        case nil:
            throw RulesFileError(file: file, path: path, message: "missing; expected a score 1-4 or a range like 3-4")
        case let list as [Any]:
            guard list.count == 2 else {
                throw RulesFileError(
                    file: file, path: path, message: "expected [low, high], found \(list.count) values")
            }
            low = try score(list[0])
            high = try score(list[1])
        case let dict as [String: Any]:
            for key in dict.keys.sorted() where key != "min" && key != "max" {
                throw RulesFileError(
                    file: file, path: "\(path).\(quotedKey(key))", message: "unknown field; expected min and max")
            }
            low = try score(dict["min"] ?? 1)
            high = try score(dict["max"] ?? 4)
        case let text as String where text.contains("-"):
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw RulesFileError(file: file, path: path, message: "expected a range like 3-4, found \(shown(text))")
            }
            low = try score(String(parts[0]))
            high = try score(String(parts[1]))
        case let text as String where text.lowercased() == "any":
            low = 1
            high = 4
        default:
            low = try score(value)
            high = low
        }
        guard low <= high else {
            throw RulesFileError(file: file, path: path, message: "the range \(low)-\(high) is empty (low above high)")
        }
        return ScoreRange(low, high)
    }
}

/// Converts Yams' node tree to plain values (`[String: Any]`, `[Any]`, `String`, `Int`, `Double`, `Bool`,
/// `NSNull`) with a budget: every node visited counts, also each time an alias is expanded, so a "billion laughs"
/// file stops after `Limits.values` nodes instead of building a tree of 10⁹ values; nesting (through aliases too)
/// is limited to `Limits.depth`. Scalars are resolved here, not by Yams' constructor: Yams turns a plain
/// `1:0:0:0:0:0:0:0:0:0:0:0` into a sexagesimal integer and traps on the overflow.
struct YAMLValues {
    let file: String
    var budget = RulesFileLoader.Limits.values

    init(file: String) { self.file = file }

    func fail(_ message: String, _ node: Node) -> RulesFileError {
        let line = node.mark.map { " (line \($0.line))" } ?? ""
        return RulesFileError(file: file, path: "", message: message + line)
    }

    mutating func value(_ node: Node, depth: Int) throws(RulesFileError) -> Any {
        budget -= 1
        guard budget >= 0 else {
            throw fail("more than \(RulesFileLoader.Limits.values) values after expanding YAML aliases", node)
        }
        switch node {
        case .scalar(let scalar):
            return Self.resolve(scalar)
        case .sequence(let sequence):
            guard depth <= RulesFileLoader.Limits.depth else {
                throw fail("nested deeper than \(RulesFileLoader.Limits.depth) levels", node)
            }
            var out: [Any] = []
            for item in sequence { out.append(try value(item, depth: depth + 1)) }
            return out
        case .mapping(let mapping):
            guard depth <= RulesFileLoader.Limits.depth else {
                throw fail("nested deeper than \(RulesFileLoader.Limits.depth) levels", node)
            }
            var out: [String: Any] = [:]
            var merged: [(String, Any)] = []
            for (key, item) in mapping {
                guard case .scalar(let k) = key else {
                    throw fail("a key is a list or a mapping; expected a field name", key)
                }
                if k.string == "<<", k.style == .plain || k.style == .any {
                    // A merge key: the fields of the mapping (or list of mappings) it names, unless given here.
                    let source = try value(item, depth: depth + 1)
                    for part in (source as? [Any]) ?? [source] {
                        guard let fields = part as? [String: Any] else {
                            throw fail("a merge key (<<) needs a mapping", item)
                        }
                        merged.append(contentsOf: fields.map { ($0.key, $0.value) })
                    }
                    continue
                }
                guard out[k.string] == nil else {
                    throw fail("the field \"\(RulesFileLoader.quotedKey(k.string))\" is given twice", key)
                }
                out[k.string] = try value(item, depth: depth + 1)
            }
            for (k, v) in merged where out[k] == nil { out[k] = v }
            return out
        }
    }

    /// YAML 1.1 core scalars as Yams resolves them, without sexagesimal or radix-prefixed numbers (they stay text).
    static func resolve(_ scalar: Node.Scalar) -> Any {
        let s = scalar.string
        guard scalar.style == .plain || scalar.style == .any, scalar.tag.description != Tag.Name.str.rawValue else {
            return s
        }
        switch s {
        case "", "~", "null", "Null", "NULL": return NSNull()
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return Double.infinity
        case "-.inf", "-.Inf", "-.INF": return -Double.infinity
        case ".nan", ".NaN", ".NAN": return Double.nan
        default: break
        }
        let u = s.utf8
        guard u.count <= 40, let first = u.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= 0x30 && first <= 0x39)
        else { return s }
        if u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }),
            let i = Int(s)
        {
            return i
        }
        if u.allSatisfy({
            ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
        }), let d = Double(s) {
            return d
        }
        return s
    }
}
