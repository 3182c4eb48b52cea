import CZlibSystem
import Foundation

/// Checksums of input files, so a report records exactly what it read.
public enum FileChecksum {
    /// zlib's CRC-32 of the whole file, or nil when it cannot be read.
    public static func crc32(path: String) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var crc = CZlibSystem.crc32(0, nil, 0)
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            crc = chunk.withUnsafeBytes { CZlibSystem.crc32(crc, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
        }
        return UInt32(crc)
    }
}
