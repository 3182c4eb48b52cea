import CCairo
import CZlibSystem
import Foundation

/// Writes an RGB24 Cairo image surface as a PNG with zlib directly.
///
/// Measured on the report's charts (1240 × 860 device pixels, release build): `cairo_surface_write_to_png_stream`
/// took 40-200 ms a chart against 0-5 ms to paint it, nearly all in libpng's adaptive filtering and default
/// deflate; the charts were most of a monthly report's time. Here every row uses the Up filter (chart areas are
/// flat, so rows repeat: 91-98% of the filtered bytes are 0) and the scanlines go through zlib at level 1, its
/// fastest matching level (`compressionLevel`). The pixels are the same (the tests decode both).
public enum PNGEncoder {
    /// zlib's level for the image data: 1, the fastest that still finds matches (a chart's scanlines are mostly
    /// runs of zeros, so higher levels shrink the file little for several times the time).
    static let compressionLevel: Int32 = 1

    /// PNG bytes of an RGB24 Cairo image surface (flushed by this call); nil for another format.
    public static func encode(surface: OpaquePointer) -> Data? {
        cairo_surface_flush(surface)
        guard cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24,
            let data = cairo_image_surface_get_data(surface)
        else { return nil }
        return encode(
            pixels: UnsafePointer(data), width: Int(cairo_image_surface_get_width(surface)),
            height: Int(cairo_image_surface_get_height(surface)), stride: Int(cairo_image_surface_get_stride(surface)))
    }

    /// PNG bytes of `height` rows of `width` pixels, each a native-endian `0x00RRGGBB` word, rows `stride` bytes apart.
    static func encode(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> Data? {
        guard width > 0, height > 0, stride >= width * 4 else { return nil }
        let rowBytes = width * 3
        // Scanlines: the filter byte 2 (Up), then each byte minus the byte above it. One spare byte at the end: each
        // pixel is stored as four bytes (R, G, B, 0) and the next pixel (or the next row's filter byte) overwrites the 0.
        var filtered = [UInt8](repeating: 0, count: (rowBytes + 1) * height + 1)
        let zeros = [UInt32](repeating: 0, count: width)
        filtered.withUnsafeMutableBufferPointer { out in
            zeros.withUnsafeBytes { zeroRow in
                let base = UnsafeMutableRawPointer(out.baseAddress!)
                for y in 0..<height {
                    let line = base + y * (rowBytes + 1)
                    line.storeBytes(of: 2, as: UInt8.self)
                    let row = UnsafeRawPointer(pixels + y * stride)
                    let above = y > 0 ? UnsafeRawPointer(pixels + (y - 1) * stride) : zeroRow.baseAddress!
                    // A row equal to the one above (most rows of a chart) filters to zeros.
                    if y > 0 && memcmp(row, above, width * 4) == 0 {
                        (line + 1).initializeMemory(as: UInt8.self, repeating: 0, count: rowBytes)
                        continue
                    }
                    for x in 0..<width {
                        let a = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                        let b = above.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                        // Byte-wise a − b (mod 256 in each byte), then 0x00RRGGBB → bytes R, G, B, 0.
                        let d = ((a | 0x8080_8080) &- (b & 0x7F7F_7F7F)) ^ ((a ^ ~b) & 0x8080_8080)
                        (line + 1 + x * 3).storeBytes(
                            of: (d.byteSwapped >> 8).littleEndian, toByteOffset: 0, as: UInt32.self)
                    }
                }
            }
        }
        filtered.removeLast()
        guard let compressed = filtered.withUnsafeBufferPointer({ zlibStream($0) }) else { return nil }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // 8 bits per sample, truecolour, deflate, adaptive filtering, no interlace.
        header.append(contentsOf: [8, 2, 0, 0, 0])
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", compressed, to: &png)
        appendChunk("IEND", Data(), to: &png)
        return png
    }

    /// The zlib stream (RFC 1950) of `input` at `compressionLevel`, in one `compress2` call into a buffer of
    /// zlib's bound for that size; nil only if zlib fails (it cannot with a buffer of `compressBound` bytes).
    static func zlibStream(_ input: UnsafeBufferPointer<UInt8>) -> Data? {
        var length = compressBound(uLong(input.count))
        var out = Data(count: Int(length))
        let status = out.withUnsafeMutableBytes { raw in
            compress2(
                raw.bindMemory(to: Bytef.self).baseAddress, &length, input.baseAddress, uLong(input.count),
                compressionLevel)
        }
        guard status == Z_OK else { return nil }
        out.count = Int(length)
        return out
    }

    private static func appendChunk(_ type: String, _ body: Data, to png: inout Data) {
        png.appendBigEndian(UInt32(body.count))
        let typeAndBody = Data(type.utf8) + body
        png.append(typeAndBody)
        let crc = typeAndBody.withUnsafeBytes { crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
        png.appendBigEndian(UInt32(crc))
    }
}

extension Data {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
        ])
    }
}
