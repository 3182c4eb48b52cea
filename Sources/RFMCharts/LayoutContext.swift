/// What every layout step needs: canvas size, resolved colours, the text measurer and the type scale.
struct LayoutContext {
    let width: Double
    let height: Double
    let palette: ResolvedPalette
    let measurer: TextMeasurer

    /// Outer margin of the canvas.
    let pad = 20.0
    static let titleSize = 18.0
    static let subtitleSize = 13.0
    static let labelSize = 12.0
    static let smallSize = 11.0

    var canvas: Rect { Rect(x: 0, y: 0, width: width, height: height) }
    var labelMetrics: FontMetrics { measurer.metrics(size: Self.labelSize) }
}
