import CXLSXWriter
import Foundation
import Testing

@testable import RFMWorkbook

/// Failures are typed `WorkbookError`s and leave no file behind.
@Suite struct FailureTests {
    @Test func missingFolderThrowsAndLeavesNothing() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/out.xlsx").path
        let error = #expect(throws: WorkbookError.self) { try WorkbookWriter.write(Fixture.spec, to: path) }
        #expect(error?.operation == "creating \(path)")
        #expect(error?.description == "workbook: creating \(path) failed: No such file or directory")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func failedRenameRemovesTheTemporaryFile() throws {
        // The destination is a non-empty folder: the workbook is written, the rename fails.
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("taken.xlsx")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: destination.appendingPathComponent("keep"))
        let error = #expect(throws: WorkbookError.self) { try WorkbookWriter.write(Fixture.spec, to: destination.path) }
        #expect(error?.operation.hasPrefix("rename") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.xlsx"])
    }

    @Test func existingFileIsReplacedOnlyOnSuccess() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.xlsx").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var bad = Fixture.spec
        bad.headerColour = "teal"
        let error = #expect(throws: WorkbookError.self) { try WorkbookWriter.write(bad, to: path) }
        #expect(error?.operation == "header colour")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try WorkbookWriter.write(Fixture.spec, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(2) == Data("PK".utf8))
    }

    @Test func badChartReferenceIsAnError() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("chart.xlsx").path
        let spec = WorkbookSpec(sheets: [
            SheetSpec(
                name: "S",
                blocks: [
                    .table(SheetTable(id: "t", columns: [TableColumn("a")], rows: [[.text("x")]])),
                    .chart(
                        WorkbookChart(
                            kind: .line, title: "c", categories: ColumnReference(table: "t", column: "a"),
                            series: [.init(ColumnReference(table: "t", column: "nope"))])),
                ])
        ])
        let error = #expect(throws: WorkbookError.self) { try WorkbookWriter.write(spec, to: path) }
        #expect(error?.message.contains("no column 'nope'") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func duplicateSheetNamesAreAnError() {
        let spec = WorkbookSpec(sheets: [SheetSpec(name: "A", blocks: []), SheetSpec(name: "a", blocks: [])])
        #expect(throws: WorkbookError.self) { try SheetLayout(spec, rowLimit: 100) }
    }

    @Test func libraryStatusGoesThroughCheck() {
        #expect(throws: Never.self) { try WorkbookError.check(LXW_NO_ERROR, "ok") }
        let error = #expect(throws: WorkbookError.self) {
            try WorkbookError.check(LXW_ERROR_CREATING_XLSX_FILE, "close")
        }
        #expect(error?.message.isEmpty == false)
        #expect(WorkbookError.libraryVersion == "1.1.4")
    }
}
