/// A1-style cell names for messages.
enum CellName {
    /// "A1" for row 0, column 0.
    static func a1(row: Int, column: Int) -> String {
        var letters = ""
        var n = column + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return "\(letters)\(row + 1)"
    }
}
