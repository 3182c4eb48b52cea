import Foundation
import Testing

@testable import RFMWorkbook

/// An abandoned constant-memory workbook gives back its temporary files.
@Suite(.serialized) struct LeakTests {
    /// Descriptors of this process open on files in `folder` (libxlsxwriter's tmpfiles, unlinked).
    static func openFiles(in folder: URL) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? ""
            return target.hasPrefix(folder.path)
        }.count
    }

    // libxlsxwriter's tmpfiles go to a folder of the test's own, so other tests running meanwhile
    // cannot disturb the count.
    @Test func failedConstantMemoryWriteClosesItsTemporaryFiles() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = WorkbookSpec(
            sheets: (0..<20).map { index in
                SheetSpec(
                    name: "S\(index)",
                    blocks: [
                        .table(SheetTable(id: "t\(index)", columns: [TableColumn("a")], rows: [[.text("x")]])),
                        .chart(
                            WorkbookChart(
                                kind: .line, title: "c", categories: ColumnReference(table: "t\(index)", column: "a"),
                                series: [.init(ColumnReference(table: "t\(index)", column: index == 19 ? "nope" : "a"))]
                            )),
                    ])
            })
        #expect(throws: WorkbookError.self) {
            try WorkbookWriter.write(
                spec, to: folder.appendingPathComponent("x.xlsx").path,
                options: WriterOptions(constantMemoryThreshold: 0, temporaryDirectory: folder.path))
        }
        #expect(Self.openFiles(in: folder) == 0, "temporary files of the abandoned workbook stay open")
    }

    @Test func failedWriteIntoMissingFolderLeaksNothing() throws {
        let spec = WorkbookSpec(
            sheets: (0..<20).map { index in
                SheetSpec(
                    name: "S\(index)", blocks: [.table(SheetTable(columns: [TableColumn("a")], rows: [[.text("x")]]))])
            })
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: WorkbookError.self) {
            try WorkbookWriter.write(
                spec, to: "/nonexistent-\(getpid())/x.xlsx",
                options: WriterOptions(constantMemoryThreshold: 0, temporaryDirectory: folder.path))
        }
        #expect(Self.openFiles(in: folder) == 0)
    }
}
