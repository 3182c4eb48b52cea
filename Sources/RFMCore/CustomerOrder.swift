/// The order of customers that scores break ties by (SPEC §5): by id ascending, numerically when every id is
/// an integer (`17850`, `17850.0`), otherwise as text (by Unicode code points).
public enum CustomerOrder: String, Sendable, Codable {
    case numeric, text

    /// Sorts the ids and says which order was used. Returns the permutation: `sorted[k]` = original index.
    public static func sort(_ ids: [String]) -> (order: CustomerOrder, permutation: [Int]) {
        var values = [Int64](repeating: 0, count: ids.count)
        var numeric = true
        for (k, id) in ids.enumerated() {
            guard let v = Int64(id) else {
                numeric = false
                break
            }
            values[k] = v
        }
        if numeric {
            let p = ids.indices.sorted { a, b in
                values[a] != values[b]
                    ? values[a] < values[b] : Array(ids[a].utf8).lexicographicallyPrecedes(ids[b].utf8)
            }
            return (.numeric, p)
        }
        let p = ids.indices.sorted { a, b in ids[a].unicodeScalars.lexicographicallyPrecedes(ids[b].unicodeScalars) }
        return (.text, p)
    }
}
