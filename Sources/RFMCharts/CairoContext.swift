import CCairo

/// Owns one Cairo surface and its drawing context; both are checked when made and freed in `deinit`.
final class CairoContext {
    let surface: OpaquePointer
    let cr: OpaquePointer

    /// Takes ownership of `surface` (also when it throws).
    init(surface: OpaquePointer, operation: String) throws(ChartError) {
        do {
            try ChartError.check(cairo_surface_status(surface), operation)
        } catch {
            cairo_surface_destroy(surface)
            throw error
        }
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw ChartError(operation: operation, message: "no drawing context")
        }
        do {
            try ChartError.check(cairo_status(cr), "\(operation): create context")
        } catch {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
            throw error
        }
        self.surface = surface
        self.cr = cr
        // Unhinted metrics: text advances scale exactly with the device scale, so layout
        // measured once is right for PNG at any scale and for SVG.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    /// Throws if the context or surface is in an error state.
    func check(_ operation: String) throws(ChartError) {
        try ChartError.check(cairo_status(cr), operation)
        try ChartError.check(cairo_surface_status(surface), operation)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }
}
