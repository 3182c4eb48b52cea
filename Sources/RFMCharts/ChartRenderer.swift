import CCairo
import Foundation

/// Renders a `Chart` to PNG or SVG with the same layout and drawing code.
public enum ChartRenderer {
    /// Largest PNG side in device pixels (Cairo's own limit is 32,767).
    public static let maxPixelSide = 16_384.0

    /// PNG bytes; `scale` 2 gives twice the pixels for high-density screens (same layout).
    public static func png(_ chart: Chart, scale: Double = 1) throws(ChartError) -> Data {
        let scene = try ChartLayout.scene(for: chart)
        guard scale.isFinite, scale >= 0.25, scale <= 8 else {
            throw ChartError(operation: "render PNG \"\(chart.title)\"", message: "scale \(scale) is outside 0.25…8")
        }
        let w = (chart.width * scale).rounded()
        let h = (chart.height * scale).rounded()
        guard w <= maxPixelSide, h <= maxPixelSide else {
            throw ChartError(
                operation: "render PNG \"\(chart.title)\"",
                message: "\(Int(w))×\(Int(h)) pixels exceeds \(Int(maxPixelSide))")
        }
        let context = try CairoContext(
            surface: cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h)),
            operation: "create \(Int(w))×\(Int(h)) image surface")
        cairo_scale(context.cr, scale, scale)
        try ScenePainter.paint(scene, on: context)
        guard let png = PNGEncoder.encode(surface: context.surface) else {  // flushes the surface first
            throw ChartError(operation: "write PNG \"\(chart.title)\"", message: "the image could not be compressed")
        }
        return png
    }

    /// SVG text in CSS px with every id prefixed by `idPrefix` (a letter, then letters, digits, "-" or "_").
    public static func svg(_ chart: Chart, idPrefix: String) throws(ChartError) -> String {
        guard SVGIdentifiers.isValidPrefix(idPrefix) else {
            throw ChartError(
                operation: "render SVG \"\(chart.title)\"",
                message: "id prefix \"\(idPrefix)\" must start with a letter and hold only letters, digits, - and _")
        }
        let scene = try ChartLayout.scene(for: chart)
        // A scatter chart's dots are written by `SVGDots`, Cairo drawing a placeholder in their place; if the
        // placeholder cannot be found, the chart is drawn again with Cairo's dots.
        let clouds = scene.items.compactMap { item -> DotCloud? in
            if case .dots(let c) = item { return c } else { return nil }
        }
        var raw = try cairoSVG(scene, chart, dotPlaceholder: clouds.count == 1)
        if clouds.count == 1 {
            if let replaced = SVGDots.replacingPlaceholder(in: raw, with: clouds[0]) {
                raw = replaced
            } else {
                raw = try cairoSVG(scene, chart, dotPlaceholder: false)
            }
        }
        return SVGIdentifiers.accessible(SVGIdentifiers.prefixed(raw, prefix: idPrefix), label: chart.title)
    }

    /// The scene as Cairo writes it in SVG.
    private static func cairoSVG(_ scene: Scene, _ chart: Chart, dotPlaceholder: Bool) throws(ChartError) -> String {
        let sink = ByteSink()
        try withExtendedLifetime(sink) { () throws(ChartError) in
            guard
                let surface = cairo_svg_surface_create_for_stream(
                    ByteSink.write, sink.pointer, chart.width, chart.height)
            else {
                throw ChartError(operation: "create SVG surface", message: "no surface")
            }
            let context = try CairoContext(surface: surface, operation: "create SVG surface")
            cairo_svg_surface_set_document_unit(context.surface, CAIRO_SVG_UNIT_PX)
            try ScenePainter.paint(scene, on: context, dotPlaceholder: dotPlaceholder)
            cairo_surface_finish(context.surface)
            try ChartError.check(cairo_surface_status(context.surface), "write SVG \"\(chart.title)\"")
        }
        return String(decoding: sink.data, as: UTF8.self)
    }
}
