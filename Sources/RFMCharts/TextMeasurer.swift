import CCairo

/// Ascent and descent of a font at one size, in px.
struct FontMetrics: Sendable, Equatable {
    var ascent: Double
    var descent: Double
    var lineHeight: Double { ascent + descent }
}

/// Measures text with Cairo on a 1×1 scratch surface (no pixels drawn), with a cache.
final class TextMeasurer {
    private let context: CairoContext
    let fontFamily: String
    private var widths: [String: Double] = [:]
    private var metricsCache: [String: FontMetrics] = [:]
    private var current: (size: Double, bold: Bool)?

    init(fontFamily: String) throws(ChartError) {
        context = try CairoContext(
            surface: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), operation: "text measuring surface")
        self.fontFamily = fontFamily
    }

    private func select(_ size: Double, _ bold: Bool) {
        if let c = current, c.size == size, c.bold == bold { return }
        cairo_select_font_face(
            context.cr, fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context.cr, size)
        current = (size, bold)
    }

    /// Advance width of `text`.
    func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let key = "\(size)|\(bold)|\(text)"
        if let w = widths[key] { return w }
        select(size, bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context.cr, text, &extents)
        let w = extents.x_advance
        widths[key] = w
        return w
    }

    /// Font ascent and descent at `size`.
    func metrics(size: Double, bold: Bool = false) -> FontMetrics {
        let key = "\(size)|\(bold)"
        if let m = metricsCache[key] { return m }
        select(size, bold)
        var e = cairo_font_extents_t()
        cairo_font_extents(context.cr, &e)
        let m = FontMetrics(ascent: e.ascent, descent: e.descent)
        metricsCache[key] = m
        return m
    }

    /// Throws if Cairo failed while measuring (e.g. no font could be loaded).
    func check() throws(ChartError) { try context.check("measure text") }

    /// `text` shortened with "…" to fit `maxWidth` ("" if not even "…" fits).
    func truncate(_ text: String, maxWidth: Double, size: Double, bold: Bool = false) -> String {
        if width(text, size: size, bold: bold) <= maxWidth { return text }
        let chars = Array(text)
        var lo = 0
        var hi = chars.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            let candidate = String(chars[0..<mid]).trimmingTrailingSpaces() + "…"
            if width(candidate, size: size, bold: bold) <= maxWidth { lo = mid } else { hi = mid - 1 }
        }
        if lo == 0 { return width("…", size: size, bold: bold) <= maxWidth ? "…" : "" }
        return String(chars[0..<lo]).trimmingTrailingSpaces() + "…"
    }

    /// Greedy word wrap into at most `maxLines` lines; the last line is truncated with "…" if text remains.
    func wrap(_ text: String, maxWidth: Double, size: Double, bold: Bool = false, maxLines: Int) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        var lines: [String] = []
        var line = ""
        var i = 0
        while i < words.count {
            let candidate = line.isEmpty ? words[i] : line + " " + words[i]
            if width(candidate, size: size, bold: bold) <= maxWidth || line.isEmpty {
                line = candidate
                i += 1
            } else {
                lines.append(line)
                line = ""
                if lines.count == maxLines - 1 {
                    line = words[i...].joined(separator: " ")
                    i = words.count
                }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { truncate($0, maxWidth: maxWidth, size: size, bold: bold) }
    }

    /// Horizontal alignment of a text item relative to its x.
    enum Anchor { case start, middle, end }
    /// Vertical alignment relative to its y.
    enum Baseline { case alphabetic, middle, top, bottom }

    /// A horizontal text item placed by anchor and baseline.
    func item(
        _ text: String, x: Double, y: Double, size: Double, bold: Bool = false, color: RGBA, role: TextRole,
        anchor: Anchor = .start, baseline: Baseline = .alphabetic
    ) -> TextItem {
        let w = width(text, size: size, bold: bold)
        let m = metrics(size: size, bold: bold)
        let ox: Double =
            switch anchor {
            case .start: x
            case .middle: x - w / 2
            case .end: x - w
            }
        let oy: Double =
            switch baseline {
            case .alphabetic: y
            case .middle: y + (m.ascent - m.descent) / 2
            case .top: y + m.ascent
            case .bottom: y - m.descent
            }
        return TextItem(
            text: text, origin: Point(x: ox, y: oy), angle: 0, fontSize: size, bold: bold, color: color,
            width: w, ascent: m.ascent, descent: m.descent, role: role)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
