import Foundation

/// Why a piece of text is there; lets tests pick out tick labels, legends and so on.
enum TextRole: Sendable, Equatable {
    case title, subtitle, legend, axisTitle, xTick, yTick, valueLabel, cellLabel, annotation, note
}

/// A laid-out string: baseline origin, rotation about the origin, measured size.
struct TextItem: Sendable, Equatable {
    var text: String
    var origin: Point
    /// Radians, clockwise on screen (Cairo's convention); 0 is horizontal.
    var angle: Double
    var fontSize: Double
    var bold: Bool
    var color: RGBA
    var width: Double
    var ascent: Double
    var descent: Double
    var role: TextRole

    /// The four corners of the text box on the canvas.
    var corners: [Point] {
        let c = cos(angle)
        let s = sin(angle)
        return [(0.0, -ascent), (width, -ascent), (width, descent), (0.0, descent)].map { (tx, ty) in
            Point(x: origin.x + tx * c - ty * s, y: origin.y + tx * s + ty * c)
        }
    }

    /// The axis-aligned box around the text.
    var bounds: Rect {
        let p = corners
        let xs = p.map(\.x)
        let ys = p.map(\.y)
        return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }
}

/// Many small filled circles (scatter points), drawn in order.
struct DotCloud: Sendable, Equatable {
    var centers: [Point]
    var colorIndex: [Int]
    var colors: [RGBA]
    var radius: Double
}

/// One step of a path outline.
enum PathElement: Sendable, Equatable {
    case move(Point)
    case line(Point)
    /// A cubic Bézier from the current point through two control points to `to`.
    case curve(Point, Point, to: Point)
    case close
}

/// One drawing operation, in paint order.
enum SceneItem: Sendable, Equatable {
    case rect(Rect, fill: RGBA)
    case line(Point, Point, stroke: RGBA, width: Double)
    case polyline([Point], stroke: RGBA, width: Double)
    case circle(Point, radius: Double, fill: RGBA?, stroke: RGBA?, strokeWidth: Double)
    case dots(DotCloud)
    /// A rectangle filled with a left-to-right gradient through evenly spaced stops.
    case gradient(Rect, stops: [RGBA])
    /// A closed outline of lines and cubic Béziers, filled (the colour's alpha blends it over what is below).
    case path([PathElement], fill: RGBA)
    case text(TextItem)
}

/// A chart laid out: everything to paint, in CSS px; the same scene paints PNG and SVG.
struct Scene: Sendable {
    var width: Double
    var height: Double
    var background: RGBA
    var fontFamily: String
    var items: [SceneItem]

    /// All text items, optionally of one role.
    func texts(_ role: TextRole? = nil) -> [TextItem] {
        items.compactMap { if case .text(let t) = $0, role == nil || t.role == role { t } else { nil } }
    }
}
