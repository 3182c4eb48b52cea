/// A zlib stream (RFC 1950/1951) of one dynamic-Huffman deflate block whose matches are runs: of a repeated byte
/// (distance 1) or of a repeated 3-byte pixel (distance 3, the first row of a coloured area after the Up filter);
/// every other byte is a literal. Zlib's `Z_RLE` strategy and a bit more, without zlib's per-byte work.
///
/// Written for the charts' Up-filtered scanlines, which are 91-98% zero bytes: zlib at level 1 (its fastest
/// matching level) took 10-17 ms a chart at about 330 MB/s, even on a buffer of zeros; here runs are compared 32
/// bytes a step and every other byte is a table lookup. The tests decode the streams with libpng and zlib.
enum RunLengthDeflate {
    /// The zlib stream of `input`.
    static func zlibStream(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let (tokens, adler) = tokenize(input)
        var frequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 4)
        tokens.withUnsafeBufferPointer { tp in
            frequencies.withUnsafeMutableBufferPointer { f in
                for t in tp {
                    f[Int(t & 0x1FF)] += 1
                    if t & 0x1FF > 256 { distanceFrequencies[Int(t >> 18)] += 1 }
                }
            }
        }
        frequencies[256] = 1
        let lengths = HuffmanCode.lengths(frequencies, limit: 15)
        let code = HuffmanCode(lengths: lengths)
        // Distance codes 0-3 are the distances 1-4 (no extra bits); 1 and 3 are used.
        let distanceLengths = HuffmanCode.lengths(distanceFrequencies, limit: 15)
        let distanceCode = HuffmanCode(lengths: distanceLengths)
        // Per symbol, its code in the low bits and its length above bit 32: one load a token.
        let symbolCodes = (0..<286).map { UInt64(code.codes[$0]) | UInt64(code.lengths[$0]) << 32 }
        let distanceCodes = (0..<4).map { UInt64(distanceCode.codes[$0]) | UInt64(distanceCode.lengths[$0]) << 32 }

        // At most 15 + 5 + 15 bits a token, plus the header's code lengths.
        var writer = BitWriter(capacity: tokens.count * 5 + 1024)
        writer.append(0x78)  // deflate, 32 KiB window
        writer.append(0x01)  // fastest, no dictionary; (0x78 << 8 | 0x01) is a multiple of 31
        writer.write(0b101, count: 3)  // the last block, dynamic Huffman codes
        writeCodeLengths(literalLengths: lengths, distanceLengths: distanceLengths, into: &writer)
        tokens.withUnsafeBufferPointer { tp in
            symbolCodes.withUnsafeBufferPointer { sc in
                for t in tp {
                    let symbol = Int(t & 0x1FF)
                    let c = sc[symbol]
                    writer.write(c & 0xFFFF_FFFF, count: Int(c >> 32))
                    if symbol > 256 {
                        // The extra bits (up to 5) and the distance code (up to 15 bits) in one write.
                        let extraCount = Int((t >> 9) & 0xF)
                        let d = distanceCodes[Int(t >> 18)]
                        writer.write(UInt64((t >> 13) & 0x1F) | (d & 0xFFFF_FFFF) << UInt64(extraCount), count: extraCount + Int(d >> 32))
                    }
                }
            }
        }
        writer.write(UInt64(code.codes[256]), count: Int(code.lengths[256]))
        writer.flushToByte()
        for shift in [24, 16, 8, 0] { writer.append(UInt8((adler >> UInt32(shift)) & 0xFF)) }
        return writer.bytes
    }

    /// Literals (the byte) and runs: a length symbol 257-285, its extra-bit count << 9, the extra bits << 13 and
    /// the distance code (0 for distance 1, 2 for distance 3) << 18; and the Adler-32 of the input, with a run of
    /// one repeated byte added in closed form (zlib's `adler32` at about 1 byte a cycle was a fifth of the time).
    private static func tokenize(_ input: UnsafeBufferPointer<UInt8>) -> (tokens: [UInt32], adler: UInt32) {
        var tokens = [UInt32]()
        var adler = Adler32()
        let n = input.count
        guard n > 0, let base = input.baseAddress else { return (tokens, 1) }
        tokens.reserveCapacity(n / 16 + 1024)
        var p = 0
        while p < n {
            let byteRun = p >= 1 ? runLength(base, from: p, count: n, distance: 1) : 0
            let pixelRun = p >= 3 && byteRun < 258 ? runLength(base, from: p, count: n, distance: 3) : 0
            let run = max(byteRun, pixelRun)
            if run >= 3 {
                let distanceCode: UInt32 = byteRun >= pixelRun ? 0 : 2
                var left = run
                while left >= 3 {
                    // Leave at least 3 for the next match, or nothing.
                    var length = min(left, 258)
                    if left - length > 0 && left - length < 3 { length = left - 3 }
                    tokens.append(LengthSymbols.token[length] | distanceCode << 18)
                    left -= length
                }
                let covered = run - left
                if distanceCode == 0 {
                    adler.add(repeating: base[p - 1], count: covered)
                } else {
                    for q in p..<(p + covered) { adler.add(base[q]) }
                }
                p += covered
            } else {
                tokens.append(UInt32(base[p]))
                adler.add(base[p])
                p += 1
            }
        }
        return (tokens, adler.value)
    }

    /// How many bytes from `p` on equal the byte `distance` before them (a run that may overlap itself, as a
    /// deflate match does), compared 8 at a time.
    @inline(__always)
    private static func runLength(_ base: UnsafePointer<UInt8>, from p: Int, count n: Int, distance: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        var q = p
        // 32 bytes a step while they all match, then 8 at a time to find the first difference.
        while q &+ 32 <= n {
            let a = raw.loadUnaligned(fromByteOffset: q, as: UInt64.self) ^ raw.loadUnaligned(fromByteOffset: q &- distance, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: q &+ 8, as: UInt64.self) ^ raw.loadUnaligned(fromByteOffset: q &+ 8 &- distance, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: q &+ 16, as: UInt64.self) ^ raw.loadUnaligned(fromByteOffset: q &+ 16 &- distance, as: UInt64.self)
            let d = raw.loadUnaligned(fromByteOffset: q &+ 24, as: UInt64.self) ^ raw.loadUnaligned(fromByteOffset: q &+ 24 &- distance, as: UInt64.self)
            if (a | b | c | d) != 0 { break }
            q &+= 32
        }
        while q &+ 8 <= n {
            let different = raw.loadUnaligned(fromByteOffset: q, as: UInt64.self) ^ raw.loadUnaligned(fromByteOffset: q &- distance, as: UInt64.self)
            if different != 0 { return q &- p &+ (UInt64(littleEndian: different).trailingZeroBitCount >> 3) }
            q &+= 8
        }
        while q < n && base[q] == base[q - distance] { q += 1 }
        return q - p
    }

    /// The block header after BTYPE: HLIT, HDIST, HCLEN, the code-length code and the run-length coded lengths
    /// (RFC 1951 §3.2.7).
    private static func writeCodeLengths(literalLengths: [UInt8], distanceLengths: [UInt8], into writer: inout BitWriter) {
        var literalCount = 286
        while literalCount > 257 && literalLengths[literalCount - 1] == 0 { literalCount -= 1 }
        let all = Array(literalLengths[0..<literalCount]) + distanceLengths
        // Run-length code the lengths: 16 repeats the previous 3-6 times, 17 and 18 are 3-10 and 11-138 zeros.
        var symbols = [(symbol: Int, extra: Int, extraBits: Int)]()
        var i = 0
        while i < all.count {
            let value = all[i]
            var run = 1
            while i + run < all.count && all[i + run] == value { run += 1 }
            if value == 0 && run >= 3 {
                var left = run
                while left >= 11 { let r = min(left, 138); symbols.append((18, r - 11, 7)); left -= r }
                if left >= 3 { symbols.append((17, left - 3, 3)); left = 0 }
                for _ in 0..<left { symbols.append((0, 0, 0)) }
            } else if value != 0 && run >= 4 {
                symbols.append((Int(value), 0, 0))
                var left = run - 1
                while left >= 3 { let r = min(left, 6); symbols.append((16, r - 3, 2)); left -= r }
                for _ in 0..<left { symbols.append((Int(value), 0, 0)) }
            } else {
                for _ in 0..<run { symbols.append((Int(value), 0, 0)) }
            }
            i += run
        }
        var frequencies = [Int](repeating: 0, count: 19)
        for s in symbols { frequencies[s.symbol] += 1 }
        let lengthCode = HuffmanCode(lengths: HuffmanCode.lengths(frequencies, limit: 7))
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengthCount = 19
        while codeLengthCount > 4 && lengthCode.lengths[order[codeLengthCount - 1]] == 0 { codeLengthCount -= 1 }
        writer.write(UInt64(literalCount - 257), count: 5)
        writer.write(UInt64(distanceLengths.count - 1), count: 5)
        writer.write(UInt64(codeLengthCount - 4), count: 4)
        for k in 0..<codeLengthCount { writer.write(UInt64(lengthCode.lengths[order[k]]), count: 3) }
        for s in symbols {
            writer.write(UInt64(lengthCode.codes[s.symbol]), count: Int(lengthCode.lengths[s.symbol]))
            if s.extraBits > 0 { writer.write(UInt64(s.extra), count: s.extraBits) }
        }
    }
}

/// Adler-32 (RFC 1950 §8.2), byte by byte or a run of one byte at once.
private struct Adler32 {
    private var a: UInt64 = 1
    private var b: UInt64 = 0
    private static let modulus: UInt64 = 65_521

    var value: UInt32 { UInt32(truncatingIfNeeded: (b % Self.modulus) << 16 | (a % Self.modulus)) }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        a += UInt64(byte)
        b += a
        // Reduce long before b could overflow (a < 2·65521 after a reduction, b grows by at most a each byte).
        if b >= 1 << 62 { a %= Self.modulus; b %= Self.modulus }
    }

    /// Adds `count` copies of `byte`: a grows by count·byte, b by count·a + byte·count(count+1)/2.
    @inline(__always)
    mutating func add(repeating byte: UInt8, count: Int) {
        a %= Self.modulus
        b %= Self.modulus
        let n = UInt64(count) % Self.modulus
        let v = UInt64(byte)
        // count(count + 1)/2 mod m, from count mod 2m so that the division stays exact.
        let n2 = UInt64(count) % (2 * Self.modulus)
        let triangle = (n2 * (n2 + 1) / 2) % Self.modulus
        b = (b + n * a + v * triangle) % Self.modulus
        a = (a + n * v) % Self.modulus
    }
}

/// A canonical Huffman code (RFC 1951 §3.2.2), codes bit-reversed for an LSB-first writer.
private struct HuffmanCode {
    let lengths: [UInt8]
    let codes: [UInt32]

    init(lengths: [UInt8]) {
        self.lengths = lengths
        var count = [Int](repeating: 0, count: 16)
        for l in lengths where l > 0 { count[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for bits in 1..<16 {
            code = (code + count[bits - 1]) << 1
            next[bits] = code
        }
        var codes = [UInt32](repeating: 0, count: lengths.count)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            let value = next[Int(l)]
            next[Int(l)] += 1
            var reversed: UInt32 = 0
            for b in 0..<Int(l) where value & (1 << b) != 0 { reversed |= 1 << UInt32(Int(l) - 1 - b) }
            codes[symbol] = reversed
        }
        self.codes = codes
    }

    /// Code lengths of at most `limit` bits for the frequencies (0 for unused symbols; at least two symbols get a
    /// code, as decoders expect a complete code). Over the limit, the frequencies are halved and the code rebuilt.
    static func lengths(_ frequencies: [Int], limit: Int) -> [UInt8] {
        var f = frequencies
        var used = f.indices.filter { f[$0] > 0 }
        // A complete code needs two symbols: give unused ones a nominal frequency.
        var filler = 0
        while used.count < 2 {
            if f[filler] == 0 { f[filler] = 1; used.append(filler) }
            filler += 1
        }
        while true {
            let lengths = unlimitedLengths(f, symbols: used)
            if lengths.max()! <= limit {
                var out = [UInt8](repeating: 0, count: f.count)
                for (i, s) in used.enumerated() { out[s] = UInt8(lengths[i]) }
                return out
            }
            for s in used { f[s] = max(1, f[s] >> 1) }
        }
    }

    /// Huffman code lengths of the used symbols (same order), ties broken by symbol order so that the code is
    /// deterministic.
    private static func unlimitedLengths(_ f: [Int], symbols: [Int]) -> [Int] {
        // Nodes: leaves 0..<m, then internal nodes; a simple O(m²) merge is plenty for 286 symbols.
        let m = symbols.count
        var weight = symbols.map { f[$0] }
        var parent = [Int](repeating: -1, count: 2 * m - 1)
        var alive = Array(0..<m)
        while alive.count > 1 {
            var a = -1, b = -1
            for (position, node) in alive.enumerated() {
                if a < 0 || weight[node] < weight[alive[a]] { b = a; a = position } else if b < 0 || weight[node] < weight[alive[b]] { b = position }
            }
            let na = alive[a], nb = alive[b]
            let merged = weight.count
            weight.append(weight[na] + weight[nb])
            parent[na] = merged
            parent[nb] = merged
            alive.remove(at: max(a, b))
            alive.remove(at: min(a, b))
            alive.append(merged)
        }
        return (0..<m).map { leaf in
            var depth = 0, node = leaf
            while parent[node] >= 0 { node = parent[node]; depth += 1 }
            return depth
        }
    }
}

/// Deflate's bit order: values least significant bit first (Huffman codes are stored reversed). Bits collect in
/// a 64-bit word and leave four bytes at a time into a buffer sized for the worst case.
private struct BitWriter: ~Copyable {
    private let storage: UnsafeMutableRawPointer
    private let capacity: Int
    private var count = 0
    private var buffer: UInt64 = 0
    private var bits = 0

    /// A writer for at most `capacity` bytes.
    init(capacity: Int) {
        self.capacity = capacity + 8
        storage = .allocate(byteCount: capacity + 8, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// The bytes written (after `flushToByte`).
    var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: storage, count: count)) }

    mutating func append(_ byte: UInt8) {
        precondition(bits == 0 && count < capacity)
        storage.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Writes up to 32 bits.
    @inline(__always)
    mutating func write(_ value: UInt64, count n: Int) {
        buffer |= value << UInt64(bits)
        bits += n
        if bits >= 32 {
            precondition(count + 4 <= capacity)
            storage.storeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian, toByteOffset: count, as: UInt32.self)
            count += 4
            buffer >>= 32
            bits -= 32
        }
    }

    mutating func flushToByte() {
        while bits > 0 {
            precondition(count < capacity)
            storage.storeBytes(of: UInt8(truncatingIfNeeded: buffer), toByteOffset: count, as: UInt8.self)
            count += 1
            buffer >>= 8
            bits -= min(bits, 8)
        }
        buffer = 0
        bits = 0
    }
}

/// Match lengths 3-258 as tokens: the length symbol, the number of extra bits << 9 and the extra bits << 13.
private enum LengthSymbols {
    static let token: [UInt32] = (0...258).map { length in
        guard length >= 3 else { return 0 }
        let bases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let extra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var index = bases.count - 1
        while bases[index] > length { index -= 1 }
        return UInt32(257 + index) | UInt32(extra[index]) << 9 | UInt32(length - bases[index]) << 13
    }
}
