import CCairo
import Foundation
import Testing
import RFMCharts

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
            cairo_set_source_rgba(cr, .random(in: 0...1, using: &random), .random(in: 0...1, using: &random), .random(in: 0...1, using: &random), 0.6)
            cairo_arc(cr, .random(in: 0...Double(width), using: &random), .random(in: 0...Double(height), using: &random), 2.5, 0, 2 * .pi)
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
            cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
                Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue().data.append(bytes!, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        #expect(status == CAIRO_STATUS_SUCCESS)
        let a = try #require(decodedPixels(ours)), b = try #require(decodedPixels(sink.data))
        #expect(a.width == width && a.height == height)
        #expect(a.width == b.width && a.height == b.height)
        #expect(a.pixels == b.pixels)
        #expect(ours.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// Runs of a repeated byte of every length from 1 to 700 (the writer codes runs as deflate matches of 3-258
    /// bytes): rows of segments whose lengths step through every value, the same rows repeated (all-zero
    /// filtered rows), and a row of distinct bytes.
    @Test func runsOfEveryLengthRoundTrip() throws {
        let width = 720, height = 90
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)))
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let data = try #require(cairo_image_surface_get_data(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var length = 1
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride)
            if y % 10 == 0 && y > 0 { memcpy(row, data + (y - 1) * stride, stride); continue }
            var x = 0, colour: UInt32 = 0x00FF_FFFF
            while x < width {
                let end = min(width, x + (y % 3 == 2 ? 1 : length))
                for p in x..<end { row.storeBytes(of: y == 45 ? UInt32(truncatingIfNeeded: p &* 2_654_435_761) & 0x00FF_FFFF : colour, toByteOffset: p * 4, as: UInt32.self) }
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
            for x in 0..<width { expected.append(UnsafeRawPointer(data + y * stride).loadUnaligned(fromByteOffset: x * 4, as: UInt32.self) & 0x00FF_FFFF) }
        }
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.pixels == expected)
    }

    @Test func refusesAnotherPixelFormat() throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4))
        defer { cairo_surface_destroy(surface) }
        #expect(PNGEncoder.encode(surface: surface) == nil)
    }
}
