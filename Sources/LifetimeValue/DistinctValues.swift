/// The distinct values of a column and each entry's index among them, so a function of the value (a logarithm
/// that depends on a parameter) is computed once per distinct value, not once per customer: customers' ages in
/// days take a few hundred values, however many customers there are.
struct DistinctValues {
    let values: [Double]
    let index: [Int32]

    init(_ column: [Double]) {
        let sorted = Array(Set(column)).sorted()
        var position: [Double: Int32] = [:]
        position.reserveCapacity(sorted.count)
        for (i, v) in sorted.enumerated() { position[v] = Int32(i) }
        values = sorted
        index = column.map { position[$0]! }
    }
}
