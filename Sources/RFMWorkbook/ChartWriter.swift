import CXLSXWriter

/// Builds a native chart whose series point at table cells, and inserts it into a worksheet.
struct ChartWriter {
    let workbook: WorkbookHandle
    let layout: SheetLayout

    /// Excel's default chart size in pixels, which `x_scale`/`y_scale` multiply.
    static let defaultSize = (width: 480.0, height: 288.0)

    /// Creates `chart` and anchors its top-left corner at (`row`, `column`) of `worksheet`.
    func insert(_ chart: WorkbookChart, on worksheet: Worksheet, row: Int, column: Int) throws(WorkbookError) {
        let operation = "chart '\(chart.title)'"
        let categories = try resolve(chart.categories, operation)
        let type: lxw_chart_type =
            switch chart.kind {
            case .column: LXW_CHART_COLUMN
            case .bar: LXW_CHART_BAR
            case .line: LXW_CHART_LINE
            }
        let handle = try workbook.addChart(type)
        chart_title_set_name(handle, XMLText.clean(chart.title, limit: 255))
        for series in chart.series {
            let values = try resolve(series.values, operation)
            guard let added = chart_add_series(handle, nil, nil) else {
                throw WorkbookError(operation: operation, message: "chart_add_series failed")
            }
            chart_series_set_categories(
                added, categories.sheet, categories.first, categories.column,
                categories.last, categories.column)
            chart_series_set_values(added, values.sheet, values.first, values.column, values.last, values.column)
            if let name = series.name {
                chart_series_set_name(added, XMLText.clean(name, limit: 255))
            } else {
                chart_series_set_name_range(added, values.sheet, values.header, values.column)
            }
            try colour(added, series, kind: chart.kind, operation)
        }
        // libxlsxwriter's x_axis is the horizontal axis: the value axis of a bar chart.
        let (categoryAxis, valueAxis) =
            chart.kind == .bar
            ? (handle.pointee.y_axis, handle.pointee.x_axis) : (handle.pointee.x_axis, handle.pointee.y_axis)
        if let title = chart.categoryAxisTitle { chart_axis_set_name(categoryAxis, XMLText.clean(title, limit: 255)) }
        if let title = chart.valueAxisTitle { chart_axis_set_name(valueAxis, XMLText.clean(title, limit: 255)) }
        if let format = categories.format.axisNumberFormat { chart_axis_set_num_format(categoryAxis, format) }
        if let first = chart.series.first, let format = try resolve(first.values, operation).format.axisNumberFormat {
            chart_axis_set_num_format(valueAxis, format)
        }
        if chart.kind == .bar {
            // First category at the top, as in the table, with the value axis kept at the bottom.
            chart_axis_set_reverse(categoryAxis)
            chart_axis_set_crossing_max(categoryAxis)
        }
        if chart.series.count < 2 {
            chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        }
        var options = lxw_chart_options()
        options.x_scale = Double(max(chart.width, 50)) / Self.defaultSize.width
        options.y_scale = Double(max(chart.height, 50)) / Self.defaultSize.height
        options.x_offset = 8
        try WorkbookError.check(
            worksheet_insert_chart_opt(worksheet.pointer, lxw_row_t(row), lxw_col_t(column), handle, &options),
            "inserting \(operation) on '\(worksheet.name)'")
    }

    /// The series colour (a line chart's line, the others' fill) and the colours of single points (bars).
    private func colour(
        _ added: UnsafeMutablePointer<lxw_chart_series>, _ series: WorkbookChart.Series, kind: WorkbookChart.Kind,
        _ operation: String
    ) throws(WorkbookError) {
        if let colour = series.colour {
            let rgb = try HexColour.parse(colour, for: operation)
            if kind == .line {
                var line = lxw_chart_line()
                line.color = rgb
                line.width = 2.25
                chart_series_set_line(added, &line)
                var fill = lxw_chart_fill()
                fill.color = rgb
                chart_series_set_marker_fill(added, &fill)
                var border = lxw_chart_line()
                border.color = rgb
                chart_series_set_marker_line(added, &border)
            } else {
                var fill = lxw_chart_fill()
                fill.color = rgb
                chart_series_set_fill(added, &fill)
            }
        }
        guard !series.pointColours.isEmpty else { return }
        var colours: [lxw_color_t] = []
        for hex in series.pointColours { colours.append(try HexColour.parse(hex, for: operation)) }
        // libxlsxwriter copies the points; the fills and the NULL-terminated pointer list live for this call only.
        let count = colours.count
        let fills = UnsafeMutablePointer<lxw_chart_fill>.allocate(capacity: count)
        let points = UnsafeMutablePointer<lxw_chart_point>.allocate(capacity: count)
        let list = UnsafeMutablePointer<UnsafeMutablePointer<lxw_chart_point>?>.allocate(capacity: count + 1)
        defer {
            fills.deallocate()
            points.deallocate()
            list.deallocate()
        }
        for (index, rgb) in colours.enumerated() {
            var fill = lxw_chart_fill()
            fill.color = rgb
            (fills + index).initialize(to: fill)
            var point = lxw_chart_point()
            point.fill = fills + index
            (points + index).initialize(to: point)
            list[index] = points + index
        }
        list[count] = nil
        try WorkbookError.check(chart_series_set_points(added, list), "point colours of \(operation)")
    }

    private struct Range {
        var sheet: String
        var header: lxw_row_t
        var first: lxw_row_t
        var last: lxw_row_t
        var column: lxw_col_t
        var format: ColumnFormat
    }

    /// The data cells of a table column (its first sheet when the table was split).
    private func resolve(_ reference: ColumnReference, _ operation: String) throws(WorkbookError) -> Range {
        guard let anchor = layout.anchors[reference.table] else {
            throw WorkbookError(operation: operation, message: "no table with id '\(reference.table)'")
        }
        guard let column = anchor.table.columns.firstIndex(where: { $0.name == reference.column }) else {
            throw WorkbookError(
                operation: operation, message: "table '\(reference.table)' has no column '\(reference.column)'")
        }
        let first = anchor.headerRow + 1
        return Range(
            sheet: anchor.sheetName, header: lxw_row_t(anchor.headerRow), first: lxw_row_t(first),
            last: lxw_row_t(first + max(anchor.dataRows, 1) - 1), column: lxw_col_t(column),
            format: anchor.table.columns[column].format)
    }
}
