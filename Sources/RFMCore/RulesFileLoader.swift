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

    public static func load(path: String) throws(RulesFileError) -> SegmentRuleSet {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RulesFileError(file: name, path: "", message: "cannot read the rules file at \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RulesFileError(file: name, path: "", message: "the rules file is not UTF-8 text")
        }
        return try parse(text, file: name, json: path.lowercased().hasSuffix(".json"))
    }

    public static func parse(_ text: String, file: String, json: Bool) throws(RulesFileError) -> SegmentRuleSet {
        let root: Any?
        if json {
            do {
                root = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } catch {
                throw RulesFileError(file: file, path: "", message: "not valid JSON: \(error.localizedDescription)")
            }
        } else {
            do {
                root = try Yams.load(yaml: text)
            } catch {
                throw RulesFileError(file: file, path: "", message: "not valid YAML: \(error)")
            }
        }
        guard let top = root as? [String: Any] else {
            throw RulesFileError(file: file, path: "", message: "expected a mapping with a \"segments\" list at the top")
        }
        for key in top.keys.sorted() where key != "segments" && key != "fallback" {
            throw RulesFileError(file: file, path: key, message: "unknown field; expected \"segments\" or \"fallback\"")
        }
        guard let list = top["segments"] as? [Any] else {
            throw RulesFileError(file: file, path: "segments", message: "expected a list of segment rules")
        }
        guard !list.isEmpty else {
            throw RulesFileError(file: file, path: "segments", message: "the list is empty; give at least one rule")
        }
        var rules: [SegmentRule] = []
        var names = Set<String>()
        for (k, item) in list.enumerated() {
            let here = "segments[\(k)]"
            guard let dict = item as? [String: Any] else {
                throw RulesFileError(file: file, path: here, message: "expected a mapping with name, r, f, m")
            }
            for key in dict.keys.sorted() where !ruleKeys.contains(key) {
                throw RulesFileError(file: file, path: "\(here).\(key)",
                                     message: "unknown field; expected one of name, r, f, m, description, strategy, colour")
            }
            let name = try string(dict["name"], file, "\(here).name", required: true)
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RulesFileError(file: file, path: "\(here).name", message: "the name is empty")
            }
            guard names.insert(name).inserted else {
                throw RulesFileError(file: file, path: "\(here).name", message: "the name \"\(name)\" is used twice")
            }
            rules.append(SegmentRule(
                name: name,
                r: try range(dict["r"], file, "\(here).r"), f: try range(dict["f"], file, "\(here).f"),
                m: try range(dict["m"], file, "\(here).m"),
                description: try string(dict["description"], file, "\(here).description", required: false),
                strategy: try string(dict["strategy"], file, "\(here).strategy", required: false),
                colour: try colour(dict["colour"] ?? dict["color"], file, "\(here).colour")))
        }
        var fallback = SegmentRuleSet.standard.fallback
        if let raw = top["fallback"] {
            guard let dict = raw as? [String: Any] else {
                throw RulesFileError(file: file, path: "fallback", message: "expected a mapping with name, description, strategy")
            }
            for key in dict.keys.sorted() where !fallbackKeys.contains(key) {
                throw RulesFileError(file: file, path: "fallback.\(key)",
                                     message: "unknown field; expected one of name, description, strategy, colour")
            }
            let name = try string(dict["name"], file, "fallback.name", required: true)
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RulesFileError(file: file, path: "fallback.name", message: "the name is empty")
            }
            guard !names.contains(name) else {
                throw RulesFileError(file: file, path: "fallback.name", message: "the name \"\(name)\" is also a rule's name")
            }
            fallback = SegmentRule(
                name: name, r: .init(1, 4), f: .init(1, 4), m: .init(1, 4),
                description: try string(dict["description"], file, "fallback.description", required: false),
                strategy: try string(dict["strategy"], file, "fallback.strategy", required: false),
                colour: try colour(dict["colour"] ?? dict["color"], file, "fallback.colour"))
        } else if names.contains(fallback.name) {
            throw RulesFileError(file: file, path: "fallback",
                                 message: "a rule is named \"Others\"; name the catch-all with a \"fallback\" entry")
        }
        return SegmentRuleSet(rules: rules, fallback: fallback)
    }

    private static func string(_ value: Any?, _ file: String, _ path: String, required: Bool) throws(RulesFileError) -> String {
        guard let value else {
            if required { throw RulesFileError(file: file, path: path, message: "missing; expected text") }
            return ""
        }
        guard let s = value as? String else { throw RulesFileError(file: file, path: path, message: "expected text, found \(value)") }
        return s
    }

    private static func colour(_ value: Any?, _ file: String, _ path: String) throws(RulesFileError) -> String? {
        guard let value else { return nil }
        guard let s = value as? String, s.count == 7, s.first == "#", s.dropFirst().allSatisfy(\.isHexDigit) else {
            throw RulesFileError(file: file, path: path, message: "expected a colour like \"#1b7837\", found \(value)")
        }
        return s.lowercased()
    }

    private static func range(_ value: Any?, _ file: String, _ path: String) throws(RulesFileError) -> ScoreRange {
        func score(_ v: Any?) throws(RulesFileError) -> Int {
            var n: Int?
            if let i = v as? Int { n = i } else if let d = v as? Double, d == d.rounded() { n = Int(d) } else if let s = v as? String {
                n = Int(s.trimmingCharacters(in: .whitespaces))
            }
            guard let n else { throw RulesFileError(file: file, path: path, message: "expected a score 1-4, found \(v ?? "nothing")") }
            guard (1...4).contains(n) else {
                throw RulesFileError(file: file, path: path, message: "score \(n) is outside 1-4")
            }
            return n
        }
        let low: Int, high: Int
        switch value {
        case nil:
            throw RulesFileError(file: file, path: path, message: "missing; expected a score 1-4 or a range like 3-4")
        case let list as [Any]:
            guard list.count == 2 else {
                throw RulesFileError(file: file, path: path, message: "expected [low, high], found \(list.count) values")
            }
            low = try score(list[0]); high = try score(list[1])
        case let dict as [String: Any]:
            for key in dict.keys.sorted() where key != "min" && key != "max" {
                throw RulesFileError(file: file, path: "\(path).\(key)", message: "unknown field; expected min and max")
            }
            low = try score(dict["min"] ?? 1); high = try score(dict["max"] ?? 4)
        case let text as String where text.contains("-"):
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw RulesFileError(file: file, path: path, message: "expected a range like 3-4, found \(text)") }
            low = try score(String(parts[0])); high = try score(String(parts[1]))
        case let text as String where text.lowercased() == "any":
            low = 1; high = 4
        default:
            low = try score(value); high = low
        }
        guard low <= high else {
            throw RulesFileError(file: file, path: path, message: "the range \(low)-\(high) is empty (low above high)")
        }
        return ScoreRange(low, high)
    }
}
