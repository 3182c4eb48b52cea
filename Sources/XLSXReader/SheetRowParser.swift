import Foundation

/// Streaming parser of worksheet XML: finds the `<row>` elements of `<sheetData>` in successive buffers
/// and decodes their cells into an `XLSXRowBatch`. State (row numbering, whether `<sheetData>` is open)
/// carries across buffers.
struct SheetRowParser {
    /// The type attribute `t` of a cell.
    enum CellType { case number, shared, inline, formulaString, bool, error, date }

    /// The number of shared strings (a shared-string cell's index must be below it).
    let sharedStringCount: Int
    let limits: XLSXLimits
    /// The rows decoded since the last `takeBatch()`.
    private(set) var batch = XLSXRowBatch()
    /// True between `<sheetData>` and `</sheetData>`.
    private(set) var inSheetData = false
    /// True once a `<sheetData>` start or empty tag has been seen.
    private(set) var sawSheetData = false
    /// True once `</sheetData>` (or `<sheetData/>`) has been seen: nothing more to read.
    private(set) var done = false
    /// Row and 0-based column being decoded (for error messages).
    private(set) var currentRow = 0
    private(set) var currentColumn = -1
    private var lastRow = 0
    private var raw: [UInt8] = []
    private var scratch: [UInt8] = []

    init(sharedStringCount: Int, limits: XLSXLimits) {
        self.sharedStringCount = sharedStringCount
        self.limits = limits
    }

    /// Hands over the rows decoded so far and starts a new batch.
    mutating func takeBatch() -> XLSXRowBatch {
        let b = batch
        batch = XLSXRowBatch(reservingLike: b)
        return b
    }

    /// Adds every complete row in `buf` to the batch; returns the bytes consumed and whether the sheet data
    /// ended (`</sheetData>`). After an error the batch holds the complete rows before it.
    mutating func parse(_ buf: UnsafeBufferPointer<UInt8>) throws -> (consumed: Int, stop: Bool) {
        let x = XMLByteScanner(buf, limits: limits)
        var i = 0
        while true {
            guard let lt = x.nextLT(i) else { return (x.count, false) }
            guard let t = try x.completeTag(at: lt) else { return (lt, false) }
            if inSheetData {
                if (t.kind == .start || t.kind == .empty) && x.isNamed(t, "row") {
                    guard let next = try completeRow(x, t) else {
                        if x.count - lt > limits.maxRowBytes {
                            throw ScanFailure.limit(what: "bytes in one row", limit: limits.maxRowBytes)
                        }
                        return (lt, false)
                    }
                    i = next
                    continue
                }
                if t.kind == .end && x.isNamed(t, "sheetData") {
                    inSheetData = false
                    done = true
                    return (t.end, true)
                }
            } else if x.isNamed(t, "sheetData") {
                if t.kind == .start {
                    inSheetData = true
                    sawSheetData = true
                } else if t.kind == .empty {
                    sawSheetData = true
                    done = true
                    return (t.end, true)
                }
            }
            i = t.end
        }
    }

    /// Parses one `<row>` element into the batch and returns the index after it, or returns nil (adding
    /// nothing) when the buffer ends inside it.
    private mutating func completeRow(_ x: XMLByteScanner, _ t: XMLTag) throws(ScanFailure) -> Int? {
        let mark = batch.mark
        do throws(ScanFailure) {
            return try parseRow(x, t)
        } catch {
            batch.rollBack(to: mark)
            if case .needMore = error { return nil }
            throw error
        }
    }

    /// Parses one `<row>` element whose start tag is `t` into the batch; returns the index after it.
    private mutating func parseRow(_ x: XMLByteScanner, _ t: XMLTag) throws(ScanFailure) -> Int {
        var number = lastRow + 1
        var j = t.attrStart
        while let a = try x.attribute(from: &j, end: t.attrEnd) {
            if !a.prefixed && x.equals(a.localStart, a.nameEnd, "r") {
                guard let n = Self.positiveInt(x.base + a.valueStart, a.valueEnd - a.valueStart), n <= 1 << 30 else {
                    throw .malformed(
                        at: a.valueStart, expected: "a row number (r=\"1\" or more)",
                        found: x.describe(a.valueStart))
                }
                number = n
            }
        }
        currentRow = number
        currentColumn = -1
        if t.kind == .empty {
            lastRow = number
            batch.endRow(number: number)
            return t.end
        }
        var column = -1
        var i = t.end
        while true {
            guard let lt = x.nextLT(i) else { throw .needMore }
            guard lt + 6 <= x.count else { throw .needMore }
            let b1 = x.base[lt + 1]
            let b2 = x.base[lt + 2]
            if b1 == 0x63 && (b2 == 0x20 || b2 == 0x3E || b2 == 0x2F || XMLByteScanner.isSpace(b2)) {  // "<c"
                (column, i) = try fastCell(x, lt, previous: column)
                continue
            }
            if b1 == 0x2F && x.hasPrefix("</row>", at: lt) {
                lastRow = number
                batch.endRow(number: number)
                return lt + 6
            }
            let u = try x.tag(at: lt)
            switch u.kind {
            case .end:
                guard x.isNamed(u, "row") else {
                    throw .malformed(at: lt, expected: "</row> closing row \(number)", found: x.describe(lt))
                }
                lastRow = number
                batch.endRow(number: number)
                return u.end
            case .start, .empty:
                if x.isNamed(u, "c") {
                    (column, i) = try parseCell(x, u, previous: column)
                } else {
                    i = try x.skipElement(u)
                }
            case .other:
                i = u.end
            }
        }
    }

    /// Parses one `<c>` element into the batch; returns its 0-based column and the index after it.
    private mutating func parseCell(
        _ x: XMLByteScanner, _ u: XMLTag,
        previous: Int
    ) throws(ScanFailure) -> (Int, Int) {
        var column = previous + 1
        var type = CellType.number
        var j = u.attrStart
        while let a = try x.attribute(from: &j, end: u.attrEnd) {
            if a.prefixed || a.nameEnd - a.localStart != 1 { continue }
            let name = x.base[a.localStart]
            if name == 0x72 {  // r
                guard let c = Self.column(x.base + a.valueStart, a.valueEnd - a.valueStart) else {
                    throw .badValue(
                        at: a.valueStart, expected: "a cell reference such as r=\"B2\"",
                        found: x.describe(a.valueStart))
                }
                column = c
            } else if name == 0x74 {  // t
                type = try Self.cellType(x, a.valueStart, a.valueEnd)
            }
        }
        return try cellBody(x, from: u.end, column: column, type: type, empty: u.kind == .empty)
    }

    /// Parses an unprefixed `<c ...>` start tag at `lt` in one pass (attributes and the closing `>`),
    /// then its content.
    private mutating func fastCell(
        _ x: XMLByteScanner, _ lt: Int,
        previous: Int
    ) throws(ScanFailure) -> (Int, Int) {
        var column = previous + 1
        var type = CellType.number
        var empty = false
        var j = lt + 2
        // The tag is scanned up to its limit only: `count` is where the scan stops, `cut` why it stopped.
        let base = x.base
        let count = x.count - lt > x.maxTagBytes ? lt + x.maxTagBytes : x.count
        let cut = x.tagCut(count)
        while true {
            guard j < count else { throw cut }
            let b = base[j]
            if XMLByteScanner.isSpace(b) {
                j += 1
                continue
            }
            if b == 0x3E {
                j += 1
                break
            }
            if b == 0x2F {
                guard j + 1 < count else { throw cut }
                guard base[j + 1] == 0x3E else { throw .malformed(at: j, expected: "'/>'", found: x.describe(j)) }
                empty = true
                j += 2
                break
            }
            let ns = j
            while j < count {
                let c = base[j]
                if c == 0x3D || c == 0x3E || c == 0x2F || c == 0x3C || XMLByteScanner.isSpace(c) { break }
                j += 1
            }
            let ne = j
            while j < count && XMLByteScanner.isSpace(base[j]) { j += 1 }
            guard j + 1 < count else { throw cut }
            guard base[j] == 0x3D, ne > ns else {
                throw .malformed(at: j, expected: "an attribute name=\"value\" in <c>", found: x.describe(j))
            }
            j += 1
            while j < count && XMLByteScanner.isSpace(base[j]) { j += 1 }
            guard j < count else { throw cut }
            let q = base[j]
            guard q == 0x22 || q == 0x27 else {
                throw .malformed(at: j, expected: "a quoted attribute value", found: x.describe(j))
            }
            let vs = j + 1
            var ve = vs
            while ve < count && base[ve] != q {
                if base[ve] == 0x3C { throw .malformed(at: ve, expected: "a closing quote", found: "'<'") }
                ve += 1
            }
            guard ve < count else { throw cut }
            j = ve + 1
            if ne - ns == 1 {
                if base[ns] == 0x72 {  // r
                    guard let c = Self.column(base + vs, ve - vs) else {
                        throw .badValue(at: vs, expected: "a cell reference such as r=\"B2\"", found: x.describe(vs))
                    }
                    column = c
                } else if base[ns] == 0x74 {  // t
                    type = try Self.cellType(x, vs, ve)
                }
            }
        }
        return try cellBody(x, from: j, column: column, type: type, empty: empty)
    }

    /// Parses the content of a cell after its start tag (up to and including `</c>`) and adds the cell to
    /// the batch; returns its column and the index after it.
    private mutating func cellBody(
        _ x: XMLByteScanner, from start: Int, column: Int, type: CellType,
        empty: Bool
    ) throws(ScanFailure) -> (Int, Int) {
        guard column < 16384 else {
            throw .badValue(at: start, expected: "a column up to XFD (16,384 columns)", found: "column \(column + 1)")
        }
        currentColumn = column
        if empty {
            batch.append(.empty, column: column)
            return (column, start)
        }
        var valueStart = -1
        var valueEnd = -1
        var valueInRaw = false
        var inline = -1
        var i = start
        while true {
            guard let lt = x.nextLT(i) else { throw .needMore }
            guard lt + 3 < x.count else { throw .needMore }
            let b1 = x.base[lt + 1]
            let b2 = x.base[lt + 2]
            let b3 = x.base[lt + 3]
            if b1 == 0x76 && b2 == 0x3E {  // "<v>"
                guard let close = x.nextLT(lt + 3), close + 3 < x.count else { throw valueCut(x, from: lt + 3) }
                if x.base[close + 1] == 0x2F && x.base[close + 2] == 0x76 && x.base[close + 3] == 0x3E {  // "</v>"
                    if close - lt - 3 > limits.maxCellBytes {
                        throw .limit(what: "bytes in one cell", limit: limits.maxCellBytes)
                    }
                    valueStart = lt + 3
                    valueEnd = close
                    valueInRaw = false
                    i = close + 4
                    continue
                }
            } else if b1 == 0x2F && b2 == 0x63 && b3 == 0x3E {  // "</c>"
                try finishCell(
                    x, column: column, type: type, inline: inline, valueStart: valueStart,
                    valueEnd: valueEnd, valueInRaw: valueInRaw)
                return (column, lt + 4)
            }
            let w = try x.tag(at: lt)
            switch w.kind {
            case .end:
                guard x.isNamed(w, "c") else {
                    throw .malformed(at: lt, expected: "</c> closing the cell", found: x.describe(lt))
                }
                try finishCell(
                    x, column: column, type: type, inline: inline, valueStart: valueStart,
                    valueEnd: valueEnd, valueInRaw: valueInRaw)
                return (column, w.end)
            case .start:
                if x.isNamed(w, "v") {
                    guard let close = x.nextLT(w.end), close + 1 < x.count else { throw valueCut(x, from: w.end) }
                    if x.base[close + 1] == 0x21 {  // CDATA or comment inside the value
                        raw.removeAll(keepingCapacity: true)
                        let c2 = try x.rawText(from: w.end, into: &raw, maxBytes: limits.maxCellBytes)
                        valueInRaw = true
                        valueStart = w.end
                        i = c2
                    } else {
                        valueInRaw = false
                        valueStart = w.end
                        valueEnd = close
                        i = close
                    }
                    if i - w.end > limits.maxCellBytes {
                        throw .limit(what: "bytes in one cell", limit: limits.maxCellBytes)
                    }
                    let e = try x.tag(at: i)
                    guard e.kind == .end, x.isNamed(e, "v") else {
                        throw .malformed(at: i, expected: "</v> closing the value", found: x.describe(i))
                    }
                    i = e.end
                } else if x.isNamed(w, "is") {
                    let (s, next) = try x.stringItem(
                        from: w.end, endName: "is", maxBytes: limits.maxCellBytes,
                        raw: &raw, scratch: &scratch)
                    if inline >= 0 { batch.rollBack(to: (cells: batch.cells.count, text: inline)) }
                    inline = batch.appendPlain(s.utf8)
                    i = next
                } else {
                    i = try x.skipElement(w)  // <f>, <extLst>
                }
            case .empty:
                if x.isNamed(w, "v") {
                    valueStart = w.end
                    valueEnd = w.end
                    valueInRaw = false
                }
                i = w.end
            case .other:
                i = w.end
            }
        }
    }

    /// Why a `<v>` value starting at `start` with no `<` after it cannot be parsed yet: the buffer ends
    /// (`needMore`), or it already holds more than the cell limit of value bytes.
    @inline(__always)
    private func valueCut(_ x: XMLByteScanner, from start: Int) -> ScanFailure {
        x.count - start > limits.maxCellBytes + 4
            ? .limit(what: "bytes in one cell", limit: limits.maxCellBytes) : .needMore
    }

    /// Adds the cell to the batch once its content has been scanned. `inline` is where the text of an `<is>`
    /// element starts in the batch's text (-1 without one).
    @inline(__always)
    private mutating func finishCell(
        _ x: XMLByteScanner, column: Int, type: CellType, inline: Int, valueStart: Int,
        valueEnd: Int, valueInRaw: Bool
    ) throws(ScanFailure) {
        if inline >= 0 {
            batch.appendText(.text, column: column, from: inline)
            return
        }
        if valueStart < 0 {
            batch.append(.empty, column: column)
            return
        }
        if valueInRaw {
            let bytes = raw
            try bytes.withUnsafeBufferPointer { (b) throws(ScanFailure) in
                try convert(b.baseAddress ?? x.base, b.count, column: column, type: type, at: valueStart, x)
            }
            return
        }
        try convert(x.base + valueStart, valueEnd - valueStart, column: column, type: type, at: valueStart, x)
    }

    /// Decodes a cell value from its raw `<v>` bytes according to the cell type and adds it to the batch.
    private mutating func convert(
        _ p: UnsafePointer<UInt8>, _ n: Int, column: Int, type: CellType, at offset: Int,
        _ x: XMLByteScanner
    ) throws(ScanFailure) {
        switch type {
        case .number:
            if let d = CellNumber.parse(p, n) {
                batch.append(.number, column: column, value: d)
                return
            }
            if Self.isBlank(p, n) {
                batch.append(.empty, column: column)
                return
            }
            throw .badValue(at: offset, expected: "a number", found: Self.quoted(p, n))
        case .shared:
            guard let k = Self.positiveInt(p, n, allowZero: true), k < sharedStringCount else {
                throw .badValue(
                    at: offset, expected: "a shared string index below \(sharedStringCount)",
                    found: Self.quoted(p, n))
            }
            batch.append(.sharedString, column: column, index: k)
        case .bool:
            let s = Self.trimmed(p, n)
            if s == "1" || s == "true" {
                batch.append(.bool, column: column, value: 1)
                return
            }
            if s == "0" || s == "false" {
                batch.append(.bool, column: column, value: 0)
                return
            }
            throw .badValue(at: offset, expected: "a boolean (0 or 1)", found: Self.quoted(p, n))
        case .error:
            batch.appendText(.error, column: column, from: batch.appendDecoded(p, n))
        case .formulaString, .inline, .date:
            batch.appendText(.text, column: column, from: batch.appendDecoded(p, n))
        }
    }

    /// Maps the `t` attribute value to a cell type.
    private static func cellType(_ x: XMLByteScanner, _ s: Int, _ e: Int) throws(ScanFailure) -> CellType {
        if x.equals(s, e, "s") { return .shared }
        if x.equals(s, e, "n") { return .number }
        if x.equals(s, e, "str") { return .formulaString }
        if x.equals(s, e, "inlineStr") { return .inline }
        if x.equals(s, e, "b") { return .bool }
        if x.equals(s, e, "e") { return .error }
        if x.equals(s, e, "d") { return .date }
        throw .badValue(at: s, expected: "a cell type t of s, n, str, inlineStr, b, e or d", found: x.describe(s))
    }

    /// The 0-based column of a reference such as `AB12` (letters then digits), or nil.
    static func column(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var c = 0
        var k = 0
        while k < n {
            var b = p[k]
            if b >= 0x61 && b <= 0x7A { b -= 0x20 }
            guard b >= 0x41 && b <= 0x5A else { break }
            c = c * 26 + Int(b - 0x40)
            if c > 1 << 20 { return nil }
            k += 1
        }
        guard k > 0 else { return nil }
        while k < n {
            guard p[k] &- 0x30 < 10 else { return nil }
            k += 1
        }
        return c - 1
    }

    /// A non-negative decimal integer (positive unless `allowZero`), surrounding whitespace allowed.
    static func positiveInt(_ p: UnsafePointer<UInt8>, _ n: Int, allowZero: Bool = false) -> Int? {
        var k = 0
        var e = n
        while k < e && XMLByteScanner.isSpace(p[k]) { k += 1 }
        while e > k && XMLByteScanner.isSpace(p[e - 1]) { e -= 1 }
        guard k < e, e - k <= 12 else { return nil }
        var v = 0
        while k < e {
            let d = p[k] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
            k += 1
        }
        return (v > 0 || allowZero) ? v : nil
    }

    private static func isBlank(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        (0..<n).allSatisfy { XMLByteScanner.isSpace(p[$0]) }
    }

    private static func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func quoted(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        "'" + String(decoding: UnsafeBufferPointer(start: p, count: min(n, 40)), as: UTF8.self).replacingNewlines()
            + "'"
    }

    /// A1-style name of a 0-based column and a row number, for messages.
    static func cellName(column: Int, row: Int) -> String {
        guard column >= 0 else { return "in row \(row)" }
        var c = column + 1
        var letters = ""
        while c > 0 {
            let r = (c - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            c = (c - 1) / 26
        }
        return letters + String(row)
    }
}
