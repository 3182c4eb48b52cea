/// Character rules for Excel defined names (table names).
enum CharacterSetCheck {
    /// Letters, digits, "_" and "." are allowed inside a table name.
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "." || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// True for names Excel would read as a cell ("A1", "XFD12") or R1C1 reference ("R", "C", "R1C1").
    static func looksLikeCellReference(_ name: String) -> Bool {
        let upper = name.uppercased()
        if upper == "R" || upper == "C" { return true }
        let letters = upper.prefix { $0.isASCII && $0.isLetter }
        let rest = upper.dropFirst(letters.count)
        if (1...3).contains(letters.count) && !rest.isEmpty && rest.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return true
        }
        return upper.hasPrefix("R") && upper.dropFirst().contains("C")
            && upper.dropFirst().allSatisfy { $0 == "C" || ($0.isASCII && $0.isNumber) }
    }
}
