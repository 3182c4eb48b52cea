/// A palette with its colours parsed, checked once per render.
struct ResolvedPalette: Sendable {
    let background: RGBA, text: RGBA, mutedText: RGBA, grid: RGBA, axis: RGBA
    let series: [RGBA]
    let sequential: [RGBA]
    let fontFamily: String

    init(_ p: ChartPalette) throws(ChartError) {
        background = try RGBA(hex: p.background, field: "background")
        text = try RGBA(hex: p.text, field: "text")
        mutedText = try RGBA(hex: p.mutedText, field: "mutedText")
        grid = try RGBA(hex: p.grid, field: "grid")
        axis = try RGBA(hex: p.axis, field: "axis")
        var s: [RGBA] = []
        for (i, h) in p.series.enumerated() { s.append(try RGBA(hex: h, field: "series[\(i)]")) }
        var q: [RGBA] = []
        for (i, h) in p.sequential.enumerated() { q.append(try RGBA(hex: h, field: "sequential[\(i)]")) }
        guard !s.isEmpty else { throw ChartError(operation: "palette", message: "series colours are empty") }
        guard q.count >= 2 else {
            throw ChartError(operation: "palette", message: "sequential needs at least 2 colours")
        }
        guard !p.fontFamily.isEmpty else { throw ChartError(operation: "palette", message: "fontFamily is empty") }
        series = s
        sequential = q
        fontFamily = p.fontFamily
    }

    /// The i-th categorical colour, repeating.
    func series(_ i: Int) -> RGBA { series[((i % series.count) + series.count) % series.count] }

    /// The ramp colour at t in 0...1.
    func sequential(at t: Double) -> RGBA {
        let t = t.isFinite ? min(1, max(0, t)) : 0
        let pos = t * Double(sequential.count - 1)
        let i = min(sequential.count - 2, Int(pos))
        return sequential[i].mixed(with: sequential[i + 1], pos - Double(i))
    }

    /// Label colour on a filled shape: palette text or background if either reaches 4.5:1, else black/white.
    func label(on fill: RGBA) -> RGBA { RGBA.readable(on: fill, preferring: [text, background]) }
}
