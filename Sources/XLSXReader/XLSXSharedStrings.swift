/// The shared-string table of a workbook as one block of UTF-8 bytes, so that a reader can hand a cell's text on
/// without copying or allocating.
public final class XLSXSharedStrings: Sendable {
    /// The UTF-8 bytes of every string, one after the other.
    public let bytes: [UInt8]
    /// `ends[i]` is where string `i` ends in `bytes` (it starts where string `i - 1` ends).
    private let ends: [Int]

    init(_ strings: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
        var ends: [Int] = []
        ends.reserveCapacity(strings.count)
        for s in strings {
            bytes.append(contentsOf: s.utf8)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// The number of strings.
    public var count: Int { ends.count }

    /// The positions in `bytes` of string `index`.
    @inline(__always)
    public func byteRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// String `index`.
    public func string(_ index: Int) -> String { String(decoding: bytes[byteRange(index)], as: UTF8.self) }
}
