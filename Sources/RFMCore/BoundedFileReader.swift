import Foundation

/// Reads a small input file (a rules file, a model file) without hanging and without reading more than a limit.
///
/// A FIFO, a terminal or a device given as a rules or model file would block `open` or `read` forever, and
/// `/dev/zero` never ends, so only regular files are read: `stat` first, then `open` with `O_NONBLOCK` (so an
/// `open` of a FIFO that was swapped in after the `stat` returns at once) and `fstat` of the open descriptor,
/// which is what is actually read. At most `limit + 1` bytes are read, so an oversized file is refused after
/// reading one byte past the limit, whatever its size.
public enum BoundedFileReader {
    public enum Failure: Error, Sendable, Equatable {
        /// No such file, or no permission (the `strerror` text).
        case cannotOpen(String)
        /// A folder, FIFO, socket or device: what it is.
        case notRegularFile(String)
        /// Larger than the limit (bytes).
        case tooLarge(limit: Int)
        /// `read` failed (the `strerror` text).
        case readFailed(String)
    }

    public static func read(path: String, limit: Int) throws(Failure) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        guard isRegular(info) else { throw .notRegularFile(kind(info)) }
        if Int64(info.st_size) > Int64(limit) { throw .tooLarge(limit: limit) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw .readFailed(String(cString: strerror(errno))) }
        guard isRegular(info) else { throw .notRegularFile(kind(info)) }
        // A regular file never blocks; clear O_NONBLOCK anyway so a short read is not an EAGAIN.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        var data = Data(count: limit + 1)
        var filled = 0
        let capacity = limit + 1
        let failure: Int32? = data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) -> Int32? in
            guard let base = raw.baseAddress else { return nil }
            while filled < capacity {
                let n = Foundation.read(fd, base + filled, capacity - filled)
                if n == 0 { break }
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                filled += n
            }
            return nil
        }
        if let failure { throw .readFailed(String(cString: strerror(failure))) }
        if filled > limit { throw .tooLarge(limit: limit) }
        data.count = filled
        return data
    }

    private static func isRegular(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG }

    private static func kind(_ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    /// `1 MiB`, `64 KiB` or `N bytes`.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
