/// Diagonal hatch lines inside a rectangle (45°, rising to the right), for bars drawn as "to be read with care".
enum Hatching {
    /// Segments of the lines x + y = c, every `spacing` pixels of c, clipped to `rect`.
    static func lines(in rect: Rect, spacing: Double) -> [(Point, Point)] {
        guard rect.width > 0, rect.height > 0, spacing > 0 else { return [] }
        var out: [(Point, Point)] = []
        var c = rect.minX + rect.minY + spacing / 2
        while c < rect.maxX + rect.maxY {
            // Where x + y = c enters and leaves the rectangle.
            let x0 = max(rect.minX, c - rect.maxY)
            let x1 = min(rect.maxX, c - rect.minY)
            if x1 > x0 {
                out.append((Point(x: x0, y: c - x0), Point(x: x1, y: c - x1)))
            }
            c += spacing
        }
        return out
    }
}
