/// A 128-bit fingerprint of a row's cells, used to find exact duplicate rows without keeping the rows.
///
/// Two independent 64-bit multiply-rotate lanes over every byte, field lengths and field separators mixed in,
/// finished with MurmurHash3's `fmix64`. With 10 million rows the chance that two different rows share
/// both lanes is about 10⁻²⁴, far below any other source of error.
public struct RowFingerprint: Sendable, Hashable {
    public private(set) var low: UInt64 = 0x243F_6A88_85A3_08D3
    public private(set) var high: UInt64 = 0x1319_8A2E_0370_7344

    public init() {}

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        low = (low ^ word) &* 0x9E37_79B9_7F4A_7C15
        low = (low << 29) | (low >> 35)
        high = (high &+ word) &* 0xC2B2_AE3D_27D4_EB4F
        high = (high << 31) | (high >> 33)
        high ^= low
    }

    /// Adds one field's bytes.
    @inline(__always)
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        mix(tail ^ (UInt64(n) << 56) ^ 0xA5)
    }

    /// Adds a typed field (numbers, dates, interned ids); `tag` keeps a number and a text apart.
    @inline(__always)
    public mutating func combine(word: UInt64, tag: UInt64) {
        mix(word)
        mix(tag &* 0xFF51_AFD7_ED55_8CCD)
    }

    /// The finished fingerprint.
    public var finalised: (UInt64, UInt64) { (Self.fmix(low ^ high), Self.fmix(high &+ 0x5851_F42D_4C95_7F2D)) }

    @inline(__always)
    static func fmix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}

/// An open-addressing set of 128-bit fingerprints (linear probing, power-of-two capacity).
public struct FingerprintSet: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size * 2)
        mask = size - 1
    }

    /// Inserts the fingerprint; returns false when it was already present.
    public mutating func insert(_ fp: (UInt64, UInt64)) -> Bool {
        // (0, 0) marks an empty slot; move a real (0, 0) fingerprint aside.
        let a = fp.0 == 0 && fp.1 == 0 ? 1 : fp.0
        let b = fp.1
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var i = Int(truncatingIfNeeded: a) & mask
        while true {
            let sa = slots[2 * i]
            let sb = slots[2 * i + 1]
            if sa == 0 && sb == 0 {
                slots[2 * i] = a
                slots[2 * i + 1] = b
                count += 1
                return true
            }
            if sa == a && sb == b { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        // Four times larger while the table is small (fewer rehashes of the early rows), then doubling, so that a
        // large table is never more than twice what it needs.
        let size = (mask + 1) * (mask + 1 < 1 << 18 ? 4 : 2)
        slots = [UInt64](repeating: 0, count: size * 2)
        mask = size - 1
        count = 0
        var k = 0
        while k < old.count {
            if old[k] != 0 || old[k + 1] != 0 { _ = insert((old[k], old[k + 1])) }
            k += 2
        }
    }
}

/// An open-addressing set of 64-bit keys (used for distinct customer-invoice pairs).
public struct UInt64Set: Sendable {
    private var slots: [UInt64]
    private var used: [Bool]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    /// Inserts the key; returns false when it was already present.
    public mutating func insert(_ key: UInt64) -> Bool {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var i = Int(truncatingIfNeeded: RowFingerprint.fmix(key)) & mask
        while used[i] {
            if slots[i] == key { return false }
            i = (i + 1) & mask
        }
        used[i] = true
        slots[i] = key
        count += 1
        return true
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldUsed = used
        let size = (mask + 1) * 2
        slots = [UInt64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
        count = 0
        for k in 0..<oldSlots.count where oldUsed[k] { _ = insert(oldSlots[k]) }
    }
}
