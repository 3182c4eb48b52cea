/// A chart as a value: what to draw, its title, size and colours. Render it with `ChartRenderer`.
public struct Chart: Sendable {
    public var title: String
    /// One line saying what is plotted (wrapped onto two lines if needed).
    public var subtitle: String
    /// Width and height in CSS pixels.
    public var width: Double
    public var height: Double
    public var kind: ChartKind
    public var palette: ChartPalette

    /// Creates a chart, 900×520 CSS px with the standard palette unless told otherwise.
    public init(
        title: String, subtitle: String = "", kind: ChartKind, width: Double = 900, height: Double = 520,
        palette: ChartPalette = .standard
    ) {
        self.title = title
        self.subtitle = subtitle
        self.kind = kind
        self.width = width
        self.height = height
        self.palette = palette
    }

    /// Smallest and largest accepted width or height, in CSS px.
    public static let sizeRange: ClosedRange<Double> = 120...8000
}
