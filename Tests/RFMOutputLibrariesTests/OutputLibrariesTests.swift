import CCairo
import CXLSXWriter
import Foundation
import RFMCharts
import RFMWorkbook
import Testing

/// The C libraries the report layers build on link and report failures through the typed checks.
@Suite struct OutputLibrariesTests {
    @Test func cairoStatusesBecomeTypedErrors() throws {
        try ChartError.check(CAIRO_STATUS_SUCCESS, "noop")
        #expect(throws: ChartError.self) { try ChartError.check(CAIRO_STATUS_NO_MEMORY, "surface") }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10)
        defer { cairo_surface_destroy(surface) }
        try ChartError.check(cairo_surface_status(surface), "image surface")
        #expect(ChartError.cairoVersion.hasPrefix("1."))
    }

    @Test func libxlsxwriterErrorsBecomeTypedErrors() throws {
        try WorkbookError.check(LXW_NO_ERROR, "noop")
        #expect { try WorkbookError.check(LXW_ERROR_CREATING_XLSX_FILE, "close") } throws: { error in
            (error as? WorkbookError)?.message.isEmpty == false
        }
        #expect(!WorkbookError.libraryVersion.isEmpty)
    }
}
