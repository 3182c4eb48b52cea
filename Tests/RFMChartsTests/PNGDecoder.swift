import CCairo
import Foundation

/// Decodes a PNG with Cairo for the tests: size and the set of distinct pixel values.
final class PNGDecoder {
    private(set) var width = 0
    private(set) var height = 0
    private(set) var distinctColors = 0

    init?(_ png: Data) {
        guard let decoded = decodedPixels(png) else { return nil }
        width = decoded.width
        height = decoded.height
        var seen = Set<UInt32>()
        for y in Swift.stride(from: 0, to: height, by: 3) {
            for x in Swift.stride(from: 0, to: width, by: 3) { seen.insert(decoded.pixels[y * width + x]) }
        }
        distinctColors = seen.count
    }
}

/// Every pixel of a PNG as Cairo decodes it (RGB, the unused byte masked off), row by row.
func decodedPixels(_ png: Data) -> (width: Int, height: Int, pixels: [UInt32])? {
    final class Reader {
        var data: Data
        var offset = 0
        init(_ d: Data) { data = d }
    }
    let reader = Reader(png)
    let read: cairo_read_func_t = { closure, out, length in
        guard let closure, let out else { return CAIRO_STATUS_READ_ERROR }
        let me = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
        let n = Int(length)
        guard me.offset + n <= me.data.count else { return CAIRO_STATUS_READ_ERROR }
        me.data.copyBytes(to: out, from: me.offset..<(me.offset + n))
        me.offset += n
        return CAIRO_STATUS_SUCCESS
    }
    guard
        let surface = withExtendedLifetime(
            reader, { cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(reader).toOpaque()) })
    else { return nil }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
        return nil
    }
    let w = Int(cairo_image_surface_get_width(surface))
    let h = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    var out: [UInt32] = []
    out.reserveCapacity(w * h)
    for y in 0..<h {
        for x in 0..<w {
            out.append(
                UnsafeRawPointer(data + y * stride).loadUnaligned(fromByteOffset: x * 4, as: UInt32.self) & 0x00FF_FFFF)
        }
    }
    return (w, h, out)
}
