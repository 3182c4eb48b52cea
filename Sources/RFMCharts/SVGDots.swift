import CCairo

/// The dots of a scatter chart in SVG, written directly as `<circle>` elements instead of through Cairo's SVG
/// surface. Cairo wrote each dot as a path with its own full style (about 230 bytes and ten formatted numbers):
/// the two PCA maps of Online Retail took 60-100 ms each, a third of all the charts' time, for 1 MB files.
///
/// Cairo draws the rest of the chart; in the dots' place it fills a tiny placeholder rectangle in a colour no
/// chart uses. The placeholder's SVG text is learnt once by drawing it on an empty page (so it matches whatever
/// this Cairo version writes), then replaced by the circles. Consecutive dots of one colour share a `<g>` with the
/// colour and opacity, and every dot stays its own element in the original order, so overlapping dots still add
/// up as before. If the placeholder is not found exactly once, the caller draws the dots with Cairo instead.
enum SVGDots {
    /// The placeholder's colour (never a palette colour: the components are not multiples of 1/255).
    static let placeholderColour = RGBA(r: 0.1234, g: 0.5678, b: 0.9012)

    /// Fills the placeholder rectangle (device space, whatever the current transformation).
    static func drawPlaceholder(_ cr: OpaquePointer) {
        cairo_save(cr)
        cairo_identity_matrix(cr)
        cairo_new_path(cr)
        cairo_set_source_rgb(cr, placeholderColour.r, placeholderColour.g, placeholderColour.b)
        cairo_rectangle(cr, 1, 1, 1, 1)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// The placeholder's text in this Cairo's SVG: the difference between an empty page and one with the placeholder.
    static let placeholderText: String? = {
        func page(_ withPlaceholder: Bool) -> String? {
            let sink = ByteSink()
            return withExtendedLifetime(sink) { () -> String? in
                guard let surface = cairo_svg_surface_create_for_stream(ByteSink.write, sink.pointer, 16, 16) else {
                    return nil
                }
                defer { cairo_surface_destroy(surface) }
                guard let cr = cairo_create(surface) else { return nil }
                cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
                if withPlaceholder { drawPlaceholder(cr) }
                cairo_destroy(cr)
                cairo_surface_finish(surface)
                guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
                return String(decoding: sink.data, as: UTF8.self)
            }
        }
        guard let empty = page(false), let marked = page(true) else { return nil }
        let a = Array(empty.utf8)
        let b = Array(marked.utf8)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        // Back to the start of the element, so the text found is a whole element.
        while prefix > 0, b[prefix - 1] != UInt8(ascii: "<") { prefix -= 1 }
        if prefix > 0 { prefix -= 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        // Forward to the end of the element (the two pages can share its last bytes, such as `>`).
        var end = b.count - suffix
        while end < b.count, end > prefix, b[end - 1] != UInt8(ascii: ">") { end += 1 }
        // The placeholder is the page's last element (what comes before it in the difference, such as the page
        // group's numbered id, differs from page to page).
        guard end > prefix, b[end - 1] == UInt8(ascii: ">") else { return nil }
        var start = end - 1
        while start > prefix, b[start] != UInt8(ascii: "<") { start -= 1 }
        if b[start + 1] == UInt8(ascii: "/") {  // a closing tag: the element starts at the `<` before
            start -= 1
            while start > prefix, b[start] != UInt8(ascii: "<") { start -= 1 }
        }
        guard b[start] == UInt8(ascii: "<") else { return nil }
        return String(decoding: b[start..<end], as: UTF8.self)
    }()

    /// `svg` with its one placeholder replaced by the dots; nil when the placeholder is not there exactly once.
    static func replacingPlaceholder(in svg: String, with cloud: DotCloud) -> String? {
        guard let marker = placeholderText, !marker.isEmpty else { return nil }
        let ranges = svg.ranges(of: marker)
        guard ranges.count == 1, let range = ranges.first else { return nil }
        return svg.replacingCharacters(in: range, with: elements(cloud))
    }

    /// The dots as `<g fill=… fill-opacity=…><circle …/>…</g>` runs, in the cloud's order.
    static func elements(_ cloud: DotCloud) -> String {
        // Each colour's group opening, once.
        let openings = cloud.colors.map { c -> [UInt8] in
            Array("<g fill=\"\(hex(c))\"".utf8)
                + (c.a < 1 ? Array(" fill-opacity=\"".utf8) + number(c.a) + [UInt8(ascii: "\"")] : [])
                + [UInt8(ascii: ">")]
        }
        let radius = number(cloud.radius)
        var out = [UInt8]()
        out.reserveCapacity(cloud.centers.count * 36 + 64)
        var open = -1
        for (p, k) in zip(cloud.centers, cloud.colorIndex) {
            if k != open {
                if open >= 0 { out += "</g>".utf8 }
                out += openings[k]
                open = k
            }
            out += "<circle cx=\"".utf8
            append(p.x, to: &out)
            out += "\" cy=\"".utf8
            append(p.y, to: &out)
            out += "\" r=\"".utf8
            out += radius
            out += "\"/>".utf8
        }
        if open >= 0 { out += "</g>".utf8 }
        return String(decoding: out, as: UTF8.self)
    }

    /// `#RRGGBB` of a colour's components.
    static func hex(_ c: RGBA) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = [UInt8(ascii: "#")]
        for v in [c.r, c.g, c.b] {
            let byte = Int((min(max(v, 0), 1) * 255).rounded())
            out.append(digits[byte >> 4])
            out.append(digits[byte & 15])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func number(_ v: Double) -> [UInt8] {
        var out = [UInt8]()
        append(v, to: &out)
        return out
    }

    /// A coordinate with at most two decimals (a hundredth of a pixel), trailing zeros dropped.
    static func append(_ v: Double, to out: inout [UInt8]) {
        guard v.isFinite else {
            out += "0".utf8
            return
        }
        var hundredths = Int64((v * 100).rounded())
        if hundredths < 0 {
            out.append(UInt8(ascii: "-"))
            hundredths = -hundredths
        }
        let whole = hundredths / 100
        let fraction = Int(hundredths % 100)
        out += String(whole).utf8
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
    }
}
