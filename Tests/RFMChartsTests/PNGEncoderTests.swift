import CCairo
import CZlibSystem
import Foundation
import RFMCharts
import Testing

@Suite struct PNGEncoderTests {
    /// The project's PNG writer and Cairo's own (libpng) decode to the same pixels, on a surface with flat areas,
    /// gradients, anti-aliased shapes and text, and odd sizes.
    @Test(arguments: [(1, 1), (7, 3), (333, 257), (1240, 860)])
    func samePixelsAsCairosWriter(width: Int, height: Int) throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)))
        defer { cairo_surface_destroy(surface) }
        let cr = try #require(cairo_create(surface))
        cairo_set_source_rgb(cr, 0.97, 0.98, 1)
        cairo_paint(cr)
        let gradient = cairo_pattern_create_linear(0, 0, Double(width), Double(height))
        cairo_pattern_add_color_stop_rgb(gradient, 0, 1, 0, 0)
        cairo_pattern_add_color_stop_rgb(gradient, 1, 0, 0.3, 1)
        cairo_set_source(cr, gradient)
        cairo_rectangle(cr, Double(width) * 0.1, Double(height) * 0.2, Double(width) * 0.5, Double(height) * 0.3)
        cairo_fill(cr)
        cairo_pattern_destroy(gradient)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            cairo_set_source_rgba(
                cr, .random(in: 0...1, using: &random), .random(in: 0...1, using: &random),
                .random(in: 0...1, using: &random), 0.6)
            cairo_arc(
                cr, .random(in: 0...Double(width), using: &random), .random(in: 0...Double(height), using: &random),
                2.5, 0, 2 * .pi)
            cairo_fill(cr)
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.2)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 18)
        cairo_move_to(cr, 5, Double(height) / 2)
        cairo_show_text(cr, "Revenue £1,234,567")
        cairo_destroy(cr)

        let ours = try #require(PNGEncoder.encode(surface: surface))
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(
                surface,
                { closure, bytes, length in
                    Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue().data.append(bytes!, count: Int(length))
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(sink).toOpaque())
        }
        #expect(status == CAIRO_STATUS_SUCCESS)
        let a = try #require(decodedPixels(ours))
        let b = try #require(decodedPixels(sink.data))
        #expect(a.width == width && a.height == height)
        #expect(a.width == b.width && a.height == b.height)
        #expect(a.pixels == b.pixels)
        #expect(ours.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// Runs of a repeated byte of every length from 1 to 700 (deflate codes matches of 3-258 bytes): rows of segments whose lengths step through every value, the same rows repeated (all-zero
    /// filtered rows), and a row of distinct bytes.
    @Test func runsOfEveryLengthRoundTrip() throws {
        let width = 720
        let height = 90
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)))
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let data = try #require(cairo_image_surface_get_data(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var length = 1
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride)
            if y % 10 == 0 && y > 0 {
                memcpy(row, data + (y - 1) * stride, stride)
                continue
            }
            var x = 0
            var colour: UInt32 = 0x00FF_FFFF
            while x < width {
                let end = min(width, x + (y % 3 == 2 ? 1 : length))
                for p in x..<end {
                    row.storeBytes(
                        of: y == 45 ? UInt32(truncatingIfNeeded: p &* 2_654_435_761) & 0x00FF_FFFF : colour,
                        toByteOffset: p * 4, as: UInt32.self)
                }
                x = end
                colour = colour == 0x00FF_FFFF ? UInt32(0x0010_2030 &+ y) : 0x00FF_FFFF
                length = length % 700 + 1
            }
        }
        cairo_surface_mark_dirty(surface)
        let ours = try #require(PNGEncoder.encode(surface: surface))
        let decoded = try #require(decodedPixels(ours))
        var expected = [UInt32]()
        for y in 0..<height {
            for x in 0..<width {
                expected.append(
                    UnsafeRawPointer(data + y * stride).loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                        & 0x00FF_FFFF)
            }
        }
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.pixels == expected)
    }

    /// The file is a valid PNG written by zlib: every chunk's CRC-32 checks, the IDAT is one zlib stream (RFC 1950
    /// header of level 1, Adler-32 checked by `uncompress`) of exactly the Up-filtered scanlines, and undoing the
    /// filter here, without libpng, gives back the surface's own pixels, as libpng's decoding does.
    @Test(arguments: [(1, 1), (5, 4), (640, 430)])
    func zlibStreamDecodesToTheRawPixels(width: Int, height: Int) throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)))
        defer { cairo_surface_destroy(surface) }
        let cr = try #require(cairo_create(surface))
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0.2, 0.4, 0.8)
        cairo_rectangle(cr, Double(width) * 0.2, Double(height) * 0.3, Double(width) * 0.5, Double(height) * 0.4)
        cairo_fill(cr)
        cairo_set_source_rgba(cr, 0.9, 0.1, 0.1, 0.5)
        cairo_arc(cr, Double(width) / 2, Double(height) / 2, Double(min(width, height)) / 3, 0, 2 * .pi)
        cairo_fill(cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let data = try #require(cairo_image_surface_get_data(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var raw = [UInt32]()
        for y in 0..<height {
            for x in 0..<width {
                raw.append(
                    UnsafeRawPointer(data + y * stride).loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                        & 0x00FF_FFFF)
            }
        }

        let png = [UInt8](try #require(PNGEncoder.encode(surface: surface)))
        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func be32(_ i: Int) -> UInt32 { png[i..<(i + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        var chunks: [(type: String, body: [UInt8])] = []
        var p = 8
        while p + 12 <= png.count {
            let length = Int(be32(p))
            try #require(p + 12 + length <= png.count)
            let typeAndBody = Array(png[(p + 4)..<(p + 8 + length)])
            let crc = typeAndBody.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            #expect(crc == be32(p + 8 + length))
            chunks.append((String(decoding: typeAndBody.prefix(4), as: UTF8.self), Array(typeAndBody.dropFirst(4))))
            p += 12 + length
        }
        #expect(p == png.count)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].body
        #expect(header.count == 13 && Array(header[8...]) == [8, 2, 0, 0, 0])
        let idat = chunks[1].body
        #expect(idat.count >= 2 && idat[0] == 0x78 && idat[1] == 0x01)  // deflate, 32 KiB window, level 1

        let rowBytes = width * 3
        var length = uLong((rowBytes + 1) * height)
        var filtered = [UInt8](repeating: 0, count: Int(length) + 1)
        let status = filtered.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        #expect(status == Z_OK)
        #expect(Int(length) == (rowBytes + 1) * height)
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var decoded = [UInt32]()
        for y in 0..<height {
            let line = y * (rowBytes + 1)
            #expect(filtered[line] == 2)  // Up
            var row = [UInt8](repeating: 0, count: rowBytes)
            for i in 0..<rowBytes { row[i] = filtered[line + 1 + i] &+ previous[i] }
            for x in 0..<width {
                decoded.append(UInt32(row[3 * x]) << 16 | UInt32(row[3 * x + 1]) << 8 | UInt32(row[3 * x + 2]))
            }
            previous = row
        }
        #expect(decoded == raw)
        let libpng = try #require(decodedPixels(Data(png)))
        #expect(libpng.width == width && libpng.height == height && libpng.pixels == raw)
    }

    @Test func refusesAnotherPixelFormat() throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4))
        defer { cairo_surface_destroy(surface) }
        #expect(PNGEncoder.encode(surface: surface) == nil)
    }
}
