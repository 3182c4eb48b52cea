/// Maps byte strings (customer ids, invoice numbers, countries) to dense integer ids, storing each once.
public struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int
    /// The id returned last: consecutive rows usually repeat the invoice and the customer, and comparing with
    /// the last string is cheaper than hashing.
    private var lastID: Int32 = -1

    public init(capacity: Int = 1 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of distinct strings.
    public var count: Int { hashes.count }

    /// The id of `bytes`, adding it when new.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if lastID >= 0 && equals(Int(lastID), bytes) { return lastID }
        let h = Self.hash(bytes)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[i]
            if id < 0 { break }
            if hashes[Int(id)] == h && equals(Int(id), bytes) {
                lastID = id
                return id
            }
            i = (i + 1) & mask
        }
        let id = Int32(hashes.count)
        lastID = id
        hashes.append(h)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        table[i] = id
        if hashes.count * 4 > table.count * 3 { rehash() }
        return id
    }

    /// The bytes of string `id`.
    public func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        arena[offsets[Int(id)]..<offsets[Int(id) + 1]]
    }

    /// The string `id` decoded as UTF-8, or as Latin-1 when it is not valid UTF-8.
    public func string(_ id: Int32) -> String { TextDecoding.decode(bytes(id)) }

    /// The strings that are not valid UTF-8 (and so are decoded as Latin-1).
    public var latin1Count: Int {
        (0..<count).count(where: { !TextDecoding.isValidUTF8(bytes(Int32($0))) })
    }

    @inline(__always)
    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[id]
        let end = offsets[id + 1]
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var k = 0
            while k < bytes.count {
                if a[start + k] != bytes[k] { return false }
                k += 1
            }
            return true
        }
    }

    private mutating func rehash() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] >= 0 { i = (i + 1) & mask }
            table[i] = Int32(id)
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3
            i += 1
        }
        return RowFingerprint.fmix(h)
    }
}

/// Text decoding with the Latin-1 fallback of SPEC §2.
public enum TextDecoding {
    /// UTF-8 when valid, else Latin-1 (every byte one character).
    public static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// True when the bytes are valid UTF-8.
    public static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
