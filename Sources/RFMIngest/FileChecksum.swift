import CZlibSystem
import Foundation
import RFMConcurrency

/// Checksums of input files, so a report records exactly what it read.
public enum FileChecksum {
    /// zlib's CRC-32 of the whole file, or nil when it cannot be read. A regular file is read; a stream (a pipe,
    /// `/dev/fd/N`, a device) is never opened again: its CRC-32 is the one computed while `TransactionLoader` read it
    /// in this process, or nil.
    public static func crc32(path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT != S_IFREG {
            return streams.withLock { $0[StreamKey(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))] }
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var crc = CZlibSystem.crc32(0, nil, 0)
        while true {
            let n = read(fd, chunk, 1 << 20)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            crc = CZlibSystem.crc32(crc, chunk.assumingMemoryBound(to: Bytef.self), uInt(n))
        }
        return UInt32(crc)
    }

    private struct StreamKey: Hashable {
        let path: String
        let device: UInt64
        let inode: UInt64
    }

    private static let streams = Locked<[StreamKey: UInt32]>([:])

    /// Records the CRC-32 of a stream read once, for `crc32(path:)` (keyed by path, device and inode).
    static func record(_ crc: UInt32, forStream path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let key = StreamKey(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        streams.withLock { $0[key] = crc }
    }
}
