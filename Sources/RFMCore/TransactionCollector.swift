import RFMPrimitives

/// Takes rows from the readers one at a time, parses them, applies the cleaning rules of SPEC §3 in order
/// while counting, and keeps the surviving rows in a `TransactionTable`. Memory grows with kept rows
/// (about 32 bytes each) and distinct customers, never with the text of the rows.
public struct TransactionCollector: Sendable {
    public private(set) var table = TransactionTable()
    /// Fingerprints of the rows kept while the preview fills: those rows are checked for duplicates at once, so
    /// that the preview shows rows that stay.
    private var seen = FingerprintSet(capacity: 1 << 8)
    /// The fingerprint of every row of `table` (two words a row): the other duplicates are found in one pass
    /// at `finish()` (`DuplicateRowFinder`), which costs a fraction of a hash-set insert per row while reading.
    private var fingerprints: [UInt64] = []
    /// Rows removed by each rule, by the rule's position in `CleaningRule.allCases`; `finish()` adds them to
    /// `table.cleaning.removed` (a dictionary update per removed row hashed the rule's name every time).
    private var removedCounts = [Int](repeating: 0, count: CleaningRule.allCases.count)
    private let strict: Bool
    private var mapping = ColumnMapping(header: [], index: [:])
    private var location = SourceLocation(file: "")
    private var uses1904 = false
    private var columnCount = 0
    // Column indices of the current input (-1 when absent).
    private var iInvoice = -1, iCustomer = -1, iQuantity = -1, iPrice = -1, iAmount = -1, iDate = -1
    private var iCountry = -1, iDescription = -1, iStock = -1

    public static let previewRows = 100

    /// The largest total of all kept amounts (quantity × price, or the amount column). Far above any ledger
    /// (a million customers spending a million each is 1e12), and low enough that every later sum, square and
    /// distance of monetary values stays finite; a total past it is bad input, named where it was passed.
    public static let largestAmountTotal = 1e18
    /// The sum of every kept row's amount so far (all positive), which bounds every customer's monetary value.
    private var amountTotal = 0.0

    public init(strict: Bool) {
        self.strict = strict
    }

    /// Starts a new input (file or worksheet) with its own header mapping.
    public mutating func begin(file: String, sheet: String?, mapping: ColumnMapping, uses1904: Bool = false) {
        self.mapping = mapping
        location = SourceLocation(file: file, sheet: sheet)
        self.uses1904 = uses1904
        columnCount = mapping.header.count
        func at(_ role: ColumnRole) -> Int { mapping.index[role] ?? -1 }
        iInvoice = at(.invoice)
        iCustomer = at(.customer)
        iQuantity = at(.quantity)
        iPrice = at(.price)
        iAmount = mapping.usesAmount ? at(.amount) : -1
        iDate = at(.date)
        iCountry = at(.country)
        iDescription = at(.description)
        iStock = at(.stockcode)
        if !mapping.hasInvoice { table.hasInvoices = false }
    }

    /// Records a data row that could not be split into fields (wrong field count, broken quoting).
    public mutating func malformed(line: Int, column: String?, expected: String, found: String) throws(InputError) {
        table.cleaning.rowsRead += 1
        var where_ = location
        where_.line = line
        where_.column = column
        try recordMalformed(MalformedRow(location: where_, expected: expected, found: found))
    }

    private mutating func recordMalformed(_ row: MalformedRow) throws(InputError) {
        if strict { throw .malformedRow(location: row.location, expected: row.expected, found: row.found) }
        countRemoved(.malformed)
        if table.cleaning.malformedExamples.count < CleaningReport.malformedExamplesKept {
            table.cleaning.malformedExamples.append(row)
        }
    }

    private mutating func malformedCell(_ line: Int, _ column: Int, _ expected: String, _ cell: RawCell)
        throws(InputError)
    {
        var where_ = location
        where_.line = line
        where_.column = column < mapping.header.count ? mapping.header[column] : "column \(column + 1)"
        var found = cell.displayText
        if found.isEmpty {
            found = "an empty field"
        } else {
            if found.count > 60 { found = String(found.prefix(57)) + "..." }
            found = "\"\(found)\""
        }
        try recordMalformed(MalformedRow(location: where_, expected: expected, found: found))
    }

    /// Adds one data row (cells in header order). `line` is the line or row number for messages.
    public mutating func add(_ cells: UnsafeBufferPointer<RawCell>, line: Int) throws(InputError) {
        table.cleaning.rowsRead += 1
        if cells.count != columnCount {
            var where_ = location
            where_.line = line
            try recordMalformed(
                MalformedRow(
                    location: where_, expected: "\(columnCount) fields as in the header", found: "\(cells.count)"))
            return
        }
        // Parse the values the pipeline computes with; a failure makes the row malformed (counted first).
        guard let time = timestamp(cells[iDate]) else {
            try malformedCell(line, iDate, DateParser.expectation, cells[iDate])
            return
        }
        var quantity = 1.0
        var price = 0.0
        var amount = 0.0
        if iAmount >= 0 {
            guard let a = number(cells[iAmount]) else {
                try malformedCell(line, iAmount, "a number", cells[iAmount])
                return
            }
            amount = a
        } else {
            guard let q = number(cells[iQuantity]) else {
                try malformedCell(line, iQuantity, "a number", cells[iQuantity])
                return
            }
            guard let p = number(cells[iPrice]) else {
                try malformedCell(line, iPrice, "a number", cells[iPrice])
                return
            }
            quantity = q
            price = p
            amount = q * p
        }
        // 1. missing customer id
        guard hasID(cells[iCustomer]) else {
            countRemoved(.missingCustomerID)
            return
        }
        // 2. cancellations
        if iInvoice >= 0, Self.isCancellation(cells[iInvoice]) {
            countRemoved(.cancelledInvoice)
            return
        }
        // 3. and 4. non-positive quantity and price (or amount)
        if iAmount >= 0 {
            if !(amount > 0) {
                countRemoved(.amountNonPositive)
                return
            }
        } else {
            if !(quantity > 0) {
                countRemoved(.quantityNonPositive)
                return
            }
            if !(price > 0) {
                countRemoved(.priceNonPositive)
                return
            }
        }
        amountTotal += amount
        if !(amountTotal <= Self.largestAmountTotal) {
            // Not a counted malformed row: every value parsed; their total is what a report cannot use.
            var where_ = location
            where_.line = line
            let column = iAmount >= 0 ? iAmount : (abs(price) >= abs(quantity) ? iPrice : iQuantity)
            where_.column = column < mapping.header.count ? mapping.header[column] : "column \(column + 1)"
            throw .malformedRow(
                location: where_,
                expected:
                    "amounts whose total stays within \(NumberFormatting.plain(Self.largestAmountTotal)) (this row's "
                    + "\(iAmount >= 0 ? "amount" : "quantity × price") takes the total of all amounts past it, where sums would overflow)",
                found: NumberFormatting.plain(amount))
        }
        let customer = Self.internCanonical(cells[iCustomer], into: &table.customers)
        let invoice: Int32 = iInvoice >= 0 ? Self.internCanonical(cells[iInvoice], into: &table.invoices) : -1
        // 5. exact duplicates over all columns, numbers and dates compared as values
        var fp = RowFingerprint()
        for c in 0..<cells.count {
            switch c {
            case iCustomer: fp.combine(word: UInt64(customer), tag: 3)
            case iInvoice: fp.combine(word: UInt64(bitPattern: Int64(invoice)), tag: 7)
            case iDate: fp.combine(word: UInt64(bitPattern: time.seconds), tag: 2)
            case iQuantity: fp.combine(word: (quantity + 0).bitPattern, tag: 1)
            case iPrice: fp.combine(word: (price + 0).bitPattern, tag: 1)
            case iAmount: fp.combine(word: (amount + 0).bitPattern, tag: 1)
            default:
                switch cells[c] {
                case .empty: fp.combine(word: 0, tag: 5)
                case .text(let bytes):
                    if bytes.isEmpty { fp.combine(word: 0, tag: 5) } else { fp.combine(bytes: bytes) }
                case .number(let v): fp.combine(word: (v + 0).bitPattern, tag: 4)
                case .bool(let b): fp.combine(word: b ? 1 : 0, tag: 6)
                }
            }
        }
        let fingerprint = fp.finalised
        if table.preview.count < Self.previewRows && !seen.insert(fingerprint) {
            countRemoved(.duplicateRows)
            return
        }
        fingerprints.append(fingerprint.0)
        fingerprints.append(fingerprint.1)
        var country: Int32 = -1
        if iCountry >= 0 {
            country = Self.internTrimmed(cells[iCountry], into: &table.countries)
        }
        table.customer.append(customer)
        table.invoice.append(invoice)
        table.time.append(time.seconds)
        table.amount.append(amount)
        if table.amountScale != nil { appendUnits(quantity: quantity, price: price, amount: amount) }
        table.country.append(country)
        table.cleaning.rowsAfter += 1
        if table.preview.count < Self.previewRows {
            var where_ = location
            where_.line = line
            func text(_ i: Int) -> String { i >= 0 ? cells[i].displayText : "" }
            table.preview.append(
                PreviewRow(
                    source: where_, invoice: text(iInvoice), stockCode: text(iStock), description: text(iDescription),
                    quantity: iAmount >= 0 ? "" : NumberFormatting.plain(quantity), date: time.description,
                    unitPrice: iAmount >= 0 ? "" : String(price), amount: amount,
                    customer: table.customers.string(customer), country: text(iCountry)))
        }
    }

    /// Keeps the row's amount in exact decimal units (`TransactionTable.amountUnits`): quantity × price of the
    /// decimals the two doubles were read from (or the amount column's), at the table's scale, raised when a row
    /// has more places. A value that is not a short decimal, or a product past 64 bits, ends exact amounts for the
    /// table.
    @inline(__always)
    private mutating func appendUnits(quantity: Double, price: Double, amount: Double) {
        var units: Int64
        var scale: Int
        if iAmount >= 0 {
            guard let a = DecimalUnits.recover(amount) else { return dropUnits() }
            (units, scale) = a
        } else {
            guard let q = DecimalUnits.recover(quantity), let p = DecimalUnits.recover(price) else {
                return dropUnits()
            }
            let product = q.units.multipliedReportingOverflow(by: p.units)
            guard !product.overflow else { return dropUnits() }
            (units, scale) = (product.partialValue, q.scale + p.scale)
        }
        let tableScale = table.amountScale ?? 0
        if scale > tableScale {
            for i in table.amountUnits.indices {
                guard let r = DecimalUnits.rescale(table.amountUnits[i], from: tableScale, to: scale) else {
                    return dropUnits()
                }
                table.amountUnits[i] = r
            }
            table.amountScale = scale
        } else if scale < tableScale {
            guard let r = DecimalUnits.rescale(units, from: scale, to: tableScale) else { return dropUnits() }
            units = r
        }
        table.amountUnits.append(units)
    }

    private mutating func dropUnits() {
        table.amountScale = nil
        table.amountUnits = []
    }

    /// Records what was read from an input.
    public mutating func finishInput(_ summary: InputSummary) { table.inputs.append(summary) }

    /// The collected, cleaned table: the rows that repeat an earlier row are removed here (rule 5).
    public mutating func finish() -> TransactionTable {
        removeLaterDuplicates()
        var finished = table
        for (position, rule) in CleaningRule.allCases.enumerated() {
            finished.cleaning.removed[rule, default: 0] += removedCounts[position]
        }
        return finished
    }

    /// Removes the rows whose fingerprint an earlier row has (rows kept in order), with their fingerprints.
    private mutating func removeLaterDuplicates() {
        let duplicate = DuplicateRowFinder.laterOccurrences(fingerprints)
        guard let firstDuplicate = duplicate.firstIndex(of: true) else { return }
        func compact<T>(_ column: inout [T], width: Int = 1) {
            let kept = column.withUnsafeMutableBufferPointer { c in
                var kept = firstDuplicate &* width
                for i in (firstDuplicate &+ 1)..<duplicate.count where !duplicate[i] {
                    for w in 0..<width { c[kept &+ w] = c[i &* width &+ w] }
                    kept &+= width
                }
                return kept
            }
            column.removeLast(column.count - kept)
        }
        let before = table.customer.count
        compact(&table.customer)
        compact(&table.invoice)
        compact(&table.time)
        compact(&table.amount)
        if table.amountScale != nil { compact(&table.amountUnits) }
        compact(&table.country)
        compact(&fingerprints, width: 2)
        let removed = before - table.customer.count
        table.cleaning.rowsAfter -= removed
        countRemoved(.duplicateRows, removed)
    }

    @inline(__always)
    private mutating func countRemoved(_ rule: CleaningRule, _ rows: Int = 1) {
        let position: Int
        switch rule {
        case .malformed: position = 0
        case .missingCustomerID: position = 1
        case .cancelledInvoice: position = 2
        case .quantityNonPositive: position = 3
        case .priceNonPositive: position = 4
        case .amountNonPositive: position = 5
        case .duplicateRows: position = 6
        }
        removedCounts[position] += rows
    }

    // MARK: Cell conversions

    @inline(__always)
    private func number(_ cell: RawCell) -> Double? {
        switch cell {
        case .number(let v): return v.isFinite ? v : nil
        case .text(let bytes): return NumberParser.parse(bytes)
        case .empty, .bool: return nil
        }
    }

    @inline(__always)
    private func timestamp(_ cell: RawCell) -> LocalTimestamp? {
        switch cell {
        case .number(let v): return DateParser.fromExcelSerial(v, uses1904: uses1904)
        case .text(let bytes): return DateParser.parse(bytes)
        case .empty, .bool: return nil
        }
    }

    /// True when the invoice text starts with `C` or `c` (after leading spaces).
    @inline(__always)
    static func isCancellation(_ cell: RawCell) -> Bool {
        guard case .text(let bytes) = cell else { return false }
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        return i < bytes.count && (bytes[i] | 0x20) == UInt8(ascii: "c")
    }

    /// True when the cell holds a customer id (not empty, not only spaces).
    @inline(__always)
    private func hasID(_ cell: RawCell) -> Bool {
        switch cell {
        case .empty: return false
        case .number(let v): return v.isFinite
        case .bool: return true
        case .text(let bytes): return !Self.canonicalRange(bytes).isEmpty
        }
    }

    /// An id as the reader keeps it (surrounding spaces removed, an integer's `.0` dropped), for ids read
    /// elsewhere (a database).
    public static func canonicalID(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[canonicalRange(raw)]), as: UTF8.self)
        }
    }

    /// The id's bytes without surrounding spaces and without a trailing `.0` on an integer (`17850.0` → `17850`).
    @inline(__always)
    static func canonicalRange(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        // integer followed by '.' and zeros only
        var k = start
        if k < end, bytes[k] == UInt8(ascii: "-") { k += 1 }
        let digitsStart = k
        while k < end, bytes[k] >= 0x30, bytes[k] <= 0x39 { k += 1 }
        if k > digitsStart, k < end, bytes[k] == UInt8(ascii: ".") {
            var z = k + 1
            while z < end, bytes[z] == 0x30 { z += 1 }
            if z == end { return start..<k }
        }
        return start..<end
    }

    private static func internCanonical(_ cell: RawCell, into interner: inout ByteInterner) -> Int32 {
        switch cell {
        case .text(let bytes):
            let r = Self.canonicalRange(bytes)
            return interner.intern(UnsafeRawBufferPointer(rebasing: bytes[r]))
        case .number(let v):
            // An integer id (`17850`) is written into a stack buffer, not a String: the same bytes as
            // `NumberFormatting.plain`.
            if v == v.rounded(), abs(v) < 1e15 {
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                    var magnitude = Int64(v).magnitude
                    var k = 20
                    repeat {
                        k -= 1
                        digits[k] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                        magnitude /= 10
                    } while magnitude > 0
                    if v < 0 {
                        k -= 1
                        digits[k] = UInt8(ascii: "-")
                    }
                    return interner.intern(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: digits[k...])))
                }
            }
            return internString(NumberFormatting.plain(v), into: &interner)
        case .bool(let b):
            return internString(b ? "TRUE" : "FALSE", into: &interner)
        case .empty:
            return interner.intern(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    private static func internTrimmed(_ cell: RawCell, into interner: inout ByteInterner) -> Int32 {
        switch cell {
        case .text(let bytes):
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D { end -= 1 }
            return interner.intern(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        case .empty:
            return -1
        default:
            return internString(cell.displayText, into: &interner)
        }
    }

    private static func internString(_ text: String, into interner: inout ByteInterner) -> Int32 {
        var copy = text
        return copy.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)) }
    }
}
