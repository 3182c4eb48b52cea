import CZlibSystem
import Foundation
import RFMCore

/// An input opened exactly once. A regular file may be read again (the XLSX reader maps it, the parse cache
/// checksums it); anything else — a named pipe, `/dev/stdin`, a process substitution's `/dev/fd/N`, a character
/// device — is a stream: its first bytes (for the format) come from the same descriptor as the rest, it is never
/// opened a second time, and it skips the parse cache.
final class InputFile {
    let path: String
    let name: String
    let fd: Int32
    /// A regular file (seekable, with a size); false for a stream.
    let isRegular: Bool
    /// Size in bytes (0 for a stream).
    let size: Int
    /// The first bytes (up to 8), for the format. For a stream they were consumed and are handed back by `FileByteSource`.
    let head: [UInt8]
    private var closed = false

    /// Largest XLSX workbook read from a stream: a zip needs random access, so it is copied to a temporary file first.
    static let maxSpooledWorkbookBytes = 1 << 30

    init(path: String, name: String) throws(InputError) {
        self.path = path
        self.name = name
        // stat first: never open a folder; it does not block on a pipe.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unreadable(
                file: name,
                reason: errno == ENOENT || errno == ENOTDIR ? "no such file" : String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw .unreadable(file: name, reason: "this is a folder; expected a CSV or XLSX file")
        }
        // A pipe blocks here until its writer opens it (as `cat` does); a process substitution's writer already has.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(
                file: name, reason: errno == EACCES ? "permission denied" : String(cString: strerror(errno)))
        }
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .unreadable(file: name, reason: reason)
        }
        self.fd = fd
        let isRegular = info.st_mode & S_IFMT == S_IFREG
        self.isRegular = isRegular
        size = isRegular ? Int(info.st_size) : 0
        var head = [UInt8](repeating: 0, count: 8)
        var got = 0
        while got < head.count {
            let n = head.withUnsafeMutableBytes { raw in
                isRegular
                    ? pread(fd, raw.baseAddress! + got, raw.count - got, off_t(got))
                    : read(fd, raw.baseAddress! + got, raw.count - got)
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .unreadable(file: name, reason: reason)
            }
            if n == 0 { break }
            got += n
        }
        self.head = Array(head[0..<got])
    }

    deinit { closeFile() }

    func closeFile() {
        if !closed {
            close(fd)
            closed = true
        }
    }

    /// The format from the first bytes: `PK\3\4` is a zip (XLSX), `1F 8B` gzip, anything else CSV text.
    func detectFormat() throws(InputError) -> TransactionLoader.Format {
        if head.count >= 4, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03 || head[2] == 0x05 { return .xlsx }
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzipCSV }
        if head.count >= 4, head[0] == 0xD0, head[1] == 0xCF, head[2] == 0x11, head[3] == 0xE0 {
            throw .unsupportedFormat(
                file: name, reason: "this is an old binary Excel (.xls) workbook; save it as .xlsx or CSV")
        }
        return .csv
    }

    /// Copies a stream (its head and the rest) to a new temporary file, registered with `TemporaryFileRegistry`,
    /// for the XLSX reader; the caller deletes it with `removeSpool`. At most `maxSpooledWorkbookBytes`.
    func spool(limit: Int = InputFile.maxSpooledWorkbookBytes) throws(InputError) -> String {
        let prefix = (NSTemporaryDirectory() as NSString).appendingPathComponent("rfm-spool-\(getpid())-")
        guard let (out, spoolPath) = TemporaryFileRegistry.shared.create(prefix: prefix, suffix: ".xlsx") else {
            throw .unreadable(
                file: name,
                reason: "cannot create a temporary file for the workbook: \(String(cString: strerror(errno)))")
        }
        var ok = false
        defer {
            close(out)
            if !ok { Self.removeSpool(spoolPath) }
        }
        var total = 0
        var checksum = CZlibSystem.crc32(0, nil, 0)
        func write(_ p: UnsafeRawPointer, _ n: Int) throws(InputError) {
            var done = 0
            while done < n {
                let w = Foundation.write(out, p + done, n - done)
                if w < 0 && errno == EINTR { continue }
                guard w > 0 else {
                    throw .unreadable(
                        file: name,
                        reason: "cannot spool the workbook to a temporary file: \(String(cString: strerror(errno)))")
                }
                done += w
            }
        }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        head.withUnsafeBytes { chunk.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        try write(chunk, head.count)
        checksum = CZlibSystem.crc32(checksum, chunk.assumingMemoryBound(to: Bytef.self), uInt(head.count))
        total = head.count
        while true {
            let n = read(fd, chunk, 1 << 20)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .unreadable(file: name, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            total += n
            guard total <= limit else {
                throw .unsupportedFormat(
                    file: name,
                    reason: "an XLSX workbook read from a pipe is copied to a temporary file "
                        + "(a zip needs random access), up to \(limit >> 20) MiB; this one is larger: save it to a file and give its path"
                )
            }
            try write(chunk, n)
            checksum = CZlibSystem.crc32(checksum, chunk.assumingMemoryBound(to: Bytef.self), uInt(n))
        }
        FileChecksum.record(UInt32(checksum), forStream: path)
        ok = true
        return spoolPath
    }

    static func removeSpool(_ path: String) {
        unlink(path)
        TemporaryFileRegistry.shared.remove(path)
    }

    /// True when `path` names something other than a regular file (following symbolic links): a pipe, a device.
    static func isStream(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }
}
