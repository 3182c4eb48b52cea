import CZlibSystem
import Foundation

/// Writes bytes to a file, gzip-compressed or not, through one buffer.
final class ByteFileWriter {
    private let handle: FileHandle
    private let path: String
    /// zlib keeps a pointer back to its stream, so the stream lives at one address until it is ended.
    private var stream: UnsafeMutablePointer<z_stream>?
    private var compressed = [UInt8](repeating: 0, count: 1 << 20)

    /// `gzipLevel` nil writes plain bytes.
    init(path: String, gzipLevel: Int32?) throws(GeneratorError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw GeneratorError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
        self.path = path
        if let level = gzipLevel {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            guard
                deflateInit2_(
                    s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                    Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else {
                s.deallocate()
                throw GeneratorError.cannotWrite(path: path, reason: "zlib could not start a gzip stream")
            }
            stream = s
        }
    }

    deinit {
        if let stream {
            deflateEnd(stream)
            stream.deallocate()
        }
        try? handle.close()
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(GeneratorError) {
        guard stream != nil else {
            try put(Data(buffer: bytes))
            return
        }
        try deflate(bytes, flush: Z_NO_FLUSH)
    }

    /// Ends the gzip stream (if any) and closes the file.
    func finish() throws(GeneratorError) {
        if stream != nil {
            try deflate(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
            deflateEnd(stream)
            stream?.deallocate()
            stream = nil
        }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw GeneratorError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    private func deflate(_ bytes: UnsafeBufferPointer<UInt8>, flush: Int32) throws(GeneratorError) {
        guard let stream else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
        stream.pointee.avail_in = uInt(bytes.count)
        repeat {
            let (status, produced) = compressed.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let status = CZlibSystem.deflate(stream, flush)
                return (status, out.count - Int(stream.pointee.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw GeneratorError.cannotWrite(path: path, reason: "zlib error \(status)")
            }
            if produced > 0 { try put(Data(compressed[0..<produced])) }
            if flush == Z_FINISH && status == Z_STREAM_END { break }
        } while stream.pointee.avail_in > 0 || flush == Z_FINISH || stream.pointee.avail_out == 0
    }

    private func put(_ data: Data) throws(GeneratorError) {
        do { try handle.write(contentsOf: data) } catch {
            throw GeneratorError.cannotWrite(path: path, reason: "\(error)")
        }
    }
}

/// A generated file that could not be written (exit status 3), or bad parameters (2).
public enum GeneratorError: Error, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case unsupportedFormat(path: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write the generated log: \(reason)"
        case .unsupportedFormat(let path): return "\(path): expected a name ending in .csv, .csv.gz or .xlsx"
        }
    }
}
