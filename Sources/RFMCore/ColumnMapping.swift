/// Which column of a file's header plays which role, and whether money comes as quantity × price or as one amount.
public struct ColumnMapping: Sendable, Equatable {
    /// The header as read, in file order.
    public let header: [String]
    /// Column index for each role found.
    public let index: [ColumnRole: Int]

    /// True when the file has an amount column and no quantity/price pair.
    public var usesAmount: Bool { index[.quantity] == nil || index[.price] == nil }
    /// True when the file has no invoice column: a purchase is then one customer on one calendar day.
    public var hasInvoice: Bool { index[.invoice] != nil }

    public init(header: [String], index: [ColumnRole: Int]) {
        self.header = header
        self.index = index
    }

    /// Finds the columns by header name (SPEC §2) with the user's `--column role=header` overrides.
    public static func resolve(
        header: [String], overrides: [ColumnRole: String], file: String, sheet: String? = nil
    ) throws(InputError) -> ColumnMapping {
        let keys = header.map(ColumnRole.normalise)
        var index: [ColumnRole: Int] = [:]
        var taken = Set<Int>()
        for (role, name) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let i = keys.firstIndex(of: ColumnRole.normalise(name)) else {
                throw .unknownColumnOverride(file: file, role: role.rawValue, header: name, available: header)
            }
            index[role] = i
            taken.insert(i)
        }
        for role in ColumnRole.allCases where index[role] == nil {
            for alias in role.aliases {
                if let i = keys.firstIndex(of: ColumnRole.normalise(alias)), !taken.contains(i) {
                    index[role] = i
                    taken.insert(i)
                    break
                }
            }
        }
        func require(_ role: ColumnRole) throws(InputError) {
            if index[role] == nil {
                let names = role.aliases.prefix(2).map { "\"\($0)\"" }.joined(separator: " or ")
                throw .missingColumn(file: file, sheet: sheet, role: role.rawValue, expected: names, header: header)
            }
        }
        try require(.customer)
        try require(.date)
        let hasPair = index[.quantity] != nil && index[.price] != nil
        if !hasPair {
            if index[.amount] == nil {
                let missing: ColumnRole = index[.quantity] == nil ? .quantity : .price
                let names = missing.aliases.prefix(2).map { "\"\($0)\"" }.joined(separator: " or ")
                throw .missingColumn(
                    file: file, sheet: sheet, role: missing.rawValue,
                    expected: names + " (or an \"Amount\" column instead of quantity and price)", header: header)
            }
        } else {
            index[.amount] = nil
        }
        return ColumnMapping(header: header, index: index)
    }
}
