import Foundation

/// Feeds the inflated bytes of a worksheet part to `SheetRowParser`, carrying incomplete rows across
/// chunk boundaries, optionally inflating on a second thread.
struct SheetStreamer {
    let inflater: PartInflater
    let sharedStrings: [String]
    let limits: XLSXLimits
    let concurrent: Bool

    /// Streams every row to `body` until it returns false or the sheet data ends.
    func run(_ body: (XLSXRow) throws -> Bool) throws {
        var parser = SheetRowParser(sharedStrings: sharedStrings, limits: limits)
        var carry: [UInt8] = []
        var carryOffset = 0
        let path = inflater.path, part = inflater.part

        func fail(_ f: ScanFailure, _ offset: Int, _ p: SheetRowParser) -> XLSXError {
            let cell = SheetRowParser.cellName(column: p.currentColumn, row: p.currentRow)
            switch f {
            case .needMore:
                return .truncated(path: path, part: part)
            case let .malformed(at, expected, found):
                let context = p.currentRow > 0 ? " (row \(p.currentRow))" : ""
                return .malformedXML(path: path, part: part, byteOffset: offset + at, expected: expected + context, found: found)
            case let .badValue(_, expected, found):
                return .badCell(path: path, part: part, cell: cell, expected: expected, found: found)
            case let .limit(what, limit):
                return .limitExceeded(path: path, part: part, what: what + " (near \(cell))", limit: limit)
            }
        }

        /// Parses one chunk; returns false to stop.
        func feed(_ d: Data) throws -> Bool {
            let result: (consumed: Int, stop: Bool)
            do {
                if carry.isEmpty {
                    result = try d.withUnsafeBytes { raw in
                        try parser.parse(raw.bindMemory(to: UInt8.self), emit: body)
                    }
                    if !result.stop && result.consumed < d.count {
                        carry.append(contentsOf: d[d.startIndex + result.consumed ..< d.endIndex])
                    }
                    carryOffset += result.consumed
                } else {
                    carry.append(contentsOf: d)
                    result = try carry.withUnsafeBufferPointer { try parser.parse($0, emit: body) }
                    carry.removeSubrange(0..<result.consumed)
                    carryOffset += result.consumed
                }
            } catch let f as ScanFailure {
                throw fail(f, carryOffset, parser)
            }
            return !result.stop
        }

        var stopped = false
        if concurrent {
            let inflater = self.inflater
            let queue = ChunkQueue<Data>.producing(capacity: 4) { queue in
                // The inflater reuses its buffer: hand the other thread a copy.
                try inflater.stream { d in queue.push(d.withUnsafeBytes { Data($0) }) }
            }
            defer {
                queue.cancel()
                queue.waitUntilFinished()
            }
            while let d = try queue.pop() {
                if try !feed(d) { stopped = true; break }
            }
        } else {
            try inflater.stream { d in
                let more = try feed(d)
                if !more { stopped = true }
                return more
            }
        }
        if stopped || parser.done { return }
        if !parser.sawSheetData {
            throw XLSXError.malformedXML(path: path, part: part, byteOffset: carryOffset + carry.count,
                                         expected: "a <sheetData> element", found: "the end of the part")
        }
        throw XLSXError.truncated(path: path, part: part)
    }
}
