import Foundation

/// `report` is the default subcommand, so without this check a misspelled subcommand (`rfm reprot`) is read as an
/// input file and fails as "cannot read the file reprot" (exit 1). A first argument that looks like a word (a letter,
/// then letters, digits, `-` or `_`: no path separator, no extension) and names no existing file is a usage error
/// instead, with the subcommand it is closest to. `rfm data.csv` and `rfm FILE` for an existing FILE are reports.
enum SubcommandCheck {
    /// The subcommands, as the command line's configuration names them.
    static let subcommands = RFMCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
    /// Also accepted as a first argument: swift-argument-parser's own `help` subcommand.
    static let builtIn = ["help"]

    /// The usage error for `arguments` (without the program's name), or nil when they are fine.
    static func misspelling(
        _ arguments: [String], fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String? {
        guard let first = arguments.first, looksLikeAWord(first), !(subcommands + builtIn).contains(first),
            !fileExists(first)
        else {
            return nil
        }
        if let suggestion = closest(to: first) {
            return "'\(first)' is not a subcommand, nor a file that exists; did you mean '\(suggestion)'?"
        }
        return "'\(first)' is not a subcommand (\(subcommands.joined(separator: ", "))), nor a file that exists"
    }

    static func looksLikeAWord(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
    }

    /// The subcommand within two edits (an insertion, a deletion, a substitution or a swap of neighbours) of `word`,
    /// and fewer edits than `word` has letters; the first of the nearest.
    static func closest(to word: String) -> String? {
        let lowered = word.lowercased()
        let scored = subcommands.map { (name: $0, distance: editDistance(lowered, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2, best.distance < word.count
        else { return nil }
        return best.name
    }

    /// Optimal string alignment distance (Levenshtein with transpositions of adjacent characters).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
