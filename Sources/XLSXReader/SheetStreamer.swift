import Foundation
import RFMConcurrency
import ZipIndex

/// Inflates a worksheet part and parses it into `XLSXRowBatch`es (one per inflated chunk), carrying incomplete
/// rows across chunk boundaries. Concurrently, the three stages form a pipeline: one thread inflates, one parses
/// and the caller's thread consumes the batches (on two cores the scheduler shares them out; the parse is the
/// longest stage, the inflate the shortest).
struct SheetStreamer {
    let inflater: PartInflater
    let sharedStringCount: Int
    let limits: XLSXLimits
    let concurrent: Bool

    /// Batches (or inflated chunks) that may wait between one stage and the next.
    static let queueCapacity = 16
    /// Inflated chunks (256 KiB each) that may wait for the parse.
    static let inflatedChunksAhead = 64

    /// Hands every batch to `body` in order until it returns false or the sheet data ends.
    func run(_ body: (XLSXRowBatch) throws -> Bool) throws {
        if concurrent {
            let streamer = self
            let queue = ChunkQueue<XLSXRowBatch>.producing(capacity: Self.queueCapacity) { queue in
                try streamer.produce(inflatingAhead: true) { queue.push($0) }
            }
            defer {
                queue.cancel()
                queue.waitUntilFinished()
            }
            while let batch = try queue.pop() {
                if try !body(batch) { return }
            }
        } else {
            try produce(inflatingAhead: false, body)
        }
    }

    /// Inflates and parses the part, handing each non-empty batch to `deliver` (false: stop). On a damaged
    /// part the complete rows before the damage are delivered first, then the error is thrown.
    /// `inflatingAhead` inflates on a thread of its own, a few chunks ahead of the parse.
    func produce(inflatingAhead: Bool, _ deliver: (XLSXRowBatch) throws -> Bool) throws {
        var parser = SheetRowParser(sharedStringCount: sharedStringCount, limits: limits)
        var carry: [UInt8] = []
        var carryOffset = 0
        let path = inflater.path
        let part = inflater.part

        func fail(_ f: ScanFailure, _ offset: Int, _ p: SheetRowParser) -> XLSXError {
            let cell = SheetRowParser.cellName(column: p.currentColumn, row: p.currentRow)
            switch f {
            case .needMore:
                return .truncated(path: path, part: part)
            case .malformed(let at, let expected, let found):
                let context = p.currentRow > 0 ? " (row \(p.currentRow))" : ""
                return .malformedXML(
                    path: path, part: part, byteOffset: offset + at, expected: expected + context, found: found)
            case .badValue(_, let expected, let found):
                return .badCell(path: path, part: part, cell: cell, expected: expected, found: found)
            case .limit(let what, let limit):
                let place =
                    p.currentColumn >= 0 ? " (near \(cell))" : p.currentRow > 0 ? " (in row \(p.currentRow))" : ""
                return .limitExceeded(path: path, part: part, what: what + place, limit: limit)
            }
        }

        /// Hands over the rows parsed so far; false when the consumer stopped.
        func flush() throws -> Bool {
            if parser.batch.isEmpty { return true }
            return try deliver(parser.takeBatch())
        }

        // Linearity: a row (or a tag, comment, ...) cut at a chunk boundary is carried and parsed again from its
        // start once more bytes have come. To keep the total work linear in the part, the carry is parsed again
        // only when it has at least doubled since the last parse that left it incomplete, or when the new bytes
        // bring the first `</row>` since then (the usual cut row), or when it passed the row limit (to report
        // it); and once more at the end of the part. Each construct has its limit (`XLSXLimits`), so the carry
        // stays below the row limit plus one chunk.
        /// Size of the carry at the last parse that left it incomplete (0: none since it was last empty).
        var failedAt = 0
        /// True when that parse already saw a `</row>` in the carry.
        var failedWithRowEnd = false
        /// True when the carry grew since it was last parsed.
        var carryGrew = false

        /// Parses the bytes of `d` from `start` in place; what the parser leaves (a row cut at the end) is carried.
        func parseInPlace(_ d: Data, from start: Int) throws -> (consumed: Int, stop: Bool) {
            let result = try d.withUnsafeBytes { raw in
                try parser.parse(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[start...]))
            }
            if !result.stop && start + result.consumed < d.count {
                carry.append(contentsOf: d[d.startIndex + start + result.consumed..<d.endIndex])
                failedAt = carry.count
                failedWithRowEnd = false
                carryGrew = false
            }
            carryOffset += result.consumed
            return result
        }

        /// Parses the carried bytes, keeping what the parser leaves.
        func parseCarry() throws -> (consumed: Int, stop: Bool) {
            let result = try carry.withUnsafeBufferPointer { try parser.parse($0) }
            carry.removeSubrange(0..<result.consumed)
            carryOffset += result.consumed
            carryGrew = false
            if result.stop { carry.removeAll() }
            failedAt = carry.count
            failedWithRowEnd = false
            return result
        }

        /// Appends `more` to the carry and parses it if that is worth it (see above); `rowEnd` says that `more`
        /// ends with `</row>`. Returns nil when the carry was not parsed.
        func extendCarry(_ more: Data.SubSequence, rowEnd: Bool) throws -> (consumed: Int, stop: Bool)? {
            carry.append(contentsOf: more)
            carryGrew = true
            let worth = carry.count >= 2 * failedAt || (rowEnd && !failedWithRowEnd) || carry.count > limits.maxRowBytes
            guard worth else { return nil }
            let result = try parseCarry()
            if !carry.isEmpty && rowEnd { failedWithRowEnd = true }
            return result
        }

        /// Parses one chunk; returns false to stop.
        func feed(_ d: Data) throws -> Bool {
            // After `</sheetData>` the rest of the part is inflated (so that its size and CRC-32 are checked)
            // but not parsed.
            if parser.done { return true }
            var result: (consumed: Int, stop: Bool) = (0, false)
            do {
                var start = 0
                if !carry.isEmpty {
                    // A row was cut at the chunk boundary: complete it with this chunk's bytes up to the first
                    // `</row>` and parse the rest in place, instead of copying the whole chunk behind the carry.
                    // When that does not complete it (the `</row>` was inside text), the rest goes behind it too.
                    let rowEnd = Self.endOfFirstRow(d)
                    start = rowEnd ?? d.count
                    if let r = try extendCarry(d[d.startIndex..<d.startIndex + start], rowEnd: rowEnd != nil) {
                        result = r
                    }
                    if !result.stop && !carry.isEmpty && start < d.count {
                        if let r = try extendCarry(d[d.startIndex + start..<d.endIndex], rowEnd: false) {
                            result = r
                        }
                        start = d.count
                    }
                }
                if !result.stop && start < d.count {
                    result = try parseInPlace(d, from: start)
                }
            } catch let f as ScanFailure {
                let error = fail(f, carryOffset, parser)
                if try !flush() { return false }
                throw error
            }
            return try flush()
        }

        /// At the end of the part: parses the carry once more if it grew since it was last parsed.
        func finish() throws -> Bool {
            guard !parser.done, !carry.isEmpty, carryGrew else { return true }
            do {
                _ = try parseCarry()
            } catch let f as ScanFailure {
                let error = fail(f, carryOffset, parser)
                if try !flush() { return false }
                throw error
            }
            return try flush()
        }

        var stopped = false
        // A failure of the ZIP layer (its size, CRC-32 or deflate checks) in the reader's own terms.
        do {
            if inflatingAhead {
                let inflater = self.inflater
                let chunks = ChunkQueue<Data>.producing(capacity: Self.inflatedChunksAhead) { queue in
                    // The inflater reuses its buffer: hand the parsing thread a copy.
                    try inflater.stream { d in queue.push(d.withUnsafeBytes { Data($0) }) }
                }
                defer {
                    chunks.cancel()
                    chunks.waitUntilFinished()
                }
                while let d = try chunks.pop() {
                    if try !feed(d) {
                        stopped = true
                        break
                    }
                }
            } else {
                try inflater.stream { d in
                    let more = try feed(d)
                    if !more { stopped = true }
                    return more
                }
            }
        } catch let error as ZipError {
            throw XLSXError(error)
        }
        if !stopped, try !finish() { stopped = true }
        if stopped || parser.done { return }
        if !parser.sawSheetData {
            throw XLSXError.malformedXML(
                path: path, part: part, byteOffset: carryOffset + carry.count,
                expected: "a <sheetData> element", found: "the end of the part")
        }
        throw XLSXError.truncated(path: path, part: part)
    }

    /// The index just after the first `</row>` in `d`, if any.
    static func endOfFirstRow(_ d: Data) -> Int? {
        d.withUnsafeBytes { raw -> Int? in
            let x = XMLByteScanner(raw.bindMemory(to: UInt8.self))
            return x.find("</row>", from: 0).map { $0 + 6 }
        }
    }
}
