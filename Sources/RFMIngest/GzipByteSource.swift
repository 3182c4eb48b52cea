import CZlibSystem
import Foundation
import RFMCore

/// Inflates a gzip file (one or more members) in chunks with zlib.
final class GzipByteSource: ByteSource {
    private let file: FileByteSource
    private var input = GrowableBuffer(capacity: 1 << 18)
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var open = false
    private var finished = false
    private var inputDone = false
    let name: String

    var consumed: Int { file.consumed }

    convenience init(path: String, name: String) throws(InputError) {
        try self.init(FileByteSource(path: path, name: name))
    }

    init(_ file: FileByteSource) throws(InputError) {
        self.file = file
        let name = file.name
        self.name = name
        // 15 + 32: 32 KiB window, detect the gzip header automatically.
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .corrupt(file: name, reason: "zlib could not start (status \(status))") }
        open = true
    }

    deinit {
        if open { inflateEnd(stream) }
        stream.deallocate()
    }

    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int {
        if finished { return 0 }
        buffer.reserve(chunkSize)
        var produced = 0
        while produced == 0 {
            if input.available == 0 && !inputDone {
                input.start = 0
                input.end = 0
                if try file.read(into: input, chunkSize: 1 << 18) == 0 { inputDone = true }
            }
            if input.available == 0 && inputDone {
                if stream.pointee.total_in == 0 && stream.pointee.total_out == 0 {
                    finished = true
                    return 0
                }
                throw .corrupt(file: name, reason: "the gzip data ends early (the file is truncated)")
            }
            stream.pointee.next_in = input.base.advanced(by: input.start).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(input.available)
            stream.pointee.next_out = buffer.base.advanced(by: buffer.end).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(chunkSize)
            let status = inflate(stream, Z_NO_FLUSH)
            let used = input.available - Int(stream.pointee.avail_in)
            input.start += used
            let out = chunkSize - Int(stream.pointee.avail_out)
            buffer.end += out
            produced += out
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if status == Z_BUF_ERROR && used == 0 && out == 0 && inputDone {
                    throw .corrupt(file: name, reason: "the gzip data ends early (the file is truncated)")
                }
            case Z_STREAM_END:
                // Another gzip member may follow (concatenated .gz files).
                if input.available == 0 && !inputDone {
                    input.start = 0
                    input.end = 0
                    if try file.read(into: input, chunkSize: 1 << 18) == 0 { inputDone = true }
                }
                if input.available > 0 {
                    inflateReset(stream)
                } else {
                    finished = true
                    inflateEnd(stream)
                    open = false
                    return produced
                }
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw .corrupt(file: name, reason: "gzip data error: \(message)")
            }
        }
        return produced
    }
}
