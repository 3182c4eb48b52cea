#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory mapping of a whole file; the bytes stay valid while the object lives.
package final class MappedFile: @unchecked Sendable {
    /// Start of the mapped bytes (nil for an empty file).
    package let base: UnsafeRawPointer?
    /// Size of the file in bytes.
    package let count: Int

    /// Maps the file at `path`; `ZipError.io` names what failed.
    package init(path: String) throws(ZipError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .io(path: path, message: "it is not a regular file") }
        count = Int(st.st_size)
        if count == 0 {
            base = nil
            return
        }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw .io(path: path, message: String(cString: strerror(errno))) }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// Little-endian unsigned integer of `size` bytes at `offset` (caller checks bounds).
    @inline(__always)
    package func le(_ offset: Int, _ size: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<size {
            v |= UInt64(base!.load(fromByteOffset: offset + k, as: UInt8.self)) << (8 * UInt64(k))
        }
        return v
    }
}
