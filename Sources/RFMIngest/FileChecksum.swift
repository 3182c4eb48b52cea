import CZlibSystem
import Foundation
import RFMConcurrency
import RFMCore

/// Checksums of input files, so a report records exactly what it read.
public enum FileChecksum {
    /// Why a file has no checksum.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Reason: Equatable, Sendable {
            /// `stat` or `open` failed with this `errno` (no such file, permission denied, ...).
            case cannotOpen(errno: Int32)
            /// It is a directory, not a file.
            case isDirectory
            /// `read` failed with this `errno` after `bytesRead` bytes: the CRC-32 of what was read would be wrong.
            case readFailed(bytesRead: Int, errno: Int32)
            /// A stream (a pipe, `/dev/fd/N`, a device) this process has not read: it cannot be read a second time.
            case streamNotRead
        }

        /// The path as given.
        public let path: String
        public let reason: Reason

        public init(path: String, reason: Reason) {
            self.path = path
            self.reason = reason
        }

        /// `PATH: no CRC-32: REASON`, the reason in words (`read failed after 1048576 bytes: Input/output error`).
        public var description: String {
            let why: String
            switch reason {
            case .cannotOpen(let code): why = "cannot open it: \(String(cString: strerror(code)))"
            default: why = userReason
            }
            return "\(path): no CRC-32: \(why)"
        }

        /// The reason as a user reads it, without the checksum: a missing input is "no such file", as when the
        /// reader itself opens it.
        var userReason: String {
            switch reason {
            case .cannotOpen(let code): code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
            case .isDirectory: "it is a directory"
            case .readFailed(let bytes, let code):
                "read failed after \(bytes) bytes: \(String(cString: strerror(code)))"
            case .streamNotRead: "it is a stream (a pipe or device) that this run has not read"
            }
        }

        /// The failure as bad input (exit 1), naming the file: a report never records a CRC-32 it could not compute.
        public var inputError: InputError { .unreadable(file: path, reason: userReason) }
    }

    /// `crc32(of:)` of an input: a file that cannot be read whole is bad input naming it, never a partial checksum.
    public static func inputCRC32(_ path: String) throws(InputError) -> UInt32 {
        do throws(Failure) {
            return try crc32(of: path)
        } catch {
            throw error.inputError
        }
    }

    /// zlib's CRC-32 of the whole file. A regular file is read to its end; a stream (a pipe, `/dev/fd/N`, a
    /// device) is never opened again: its CRC-32 is the one computed while `TransactionLoader` read it in this
    /// process. Throws when the file cannot be opened, is a directory, or a read fails (at any point: no CRC-32 of
    /// part of a file is ever returned), or when the stream was not read.
    public static func crc32(of path: String) throws(Failure) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(path: path, reason: .cannotOpen(errno: errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(path: path, reason: .isDirectory)
        default:
            let key = StreamKey(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            guard let crc = streams.withLock({ $0[key] }) else { throw Failure(path: path, reason: .streamNotRead) }
            return crc
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: .cannotOpen(errno: errno)) }
        defer { close(fd) }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var crc = CZlibSystem.crc32(0, nil, 0)
        var bytesRead = 0
        while true {
            let n = read(fd, chunk, 1 << 20)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw Failure(path: path, reason: .readFailed(bytesRead: bytesRead, errno: errno)) }
            if n == 0 { break }
            crc = CZlibSystem.crc32(crc, chunk.assumingMemoryBound(to: Bytef.self), uInt(n))
            bytesRead += n
        }
        return UInt32(crc)
    }

    private struct StreamKey: Hashable {
        let path: String
        let device: UInt64
        let inode: UInt64
    }

    private static let streams = Locked<[StreamKey: UInt32]>([:])

    /// Records the CRC-32 of a stream read once, for `crc32(of:)` (keyed by path, device and inode).
    static func record(_ crc: UInt32, forStream path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let key = StreamKey(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        streams.withLock { $0[key] = crc }
    }
}
