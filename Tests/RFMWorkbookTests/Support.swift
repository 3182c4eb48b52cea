import Foundation
import RFMWorkbook
import TestSupport

/// Runs helper programs and makes scratch folders for the tests.
enum Support {
    /// A fresh empty folder under the system temporary directory.
    static func scratchFolder(_ name: String = #function) throws -> URL {
        ScratchSpace.folder("workbook")
    }

    /// Runs `executable` with `arguments`; returns (exit status, stdout, stderr).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs a Python script given as text with `arguments`, decoding its stdout as JSON.
    static func python(_ interpreter: String, _ script: String, _ arguments: [String]) throws -> Any {
        let result = try run(interpreter, ["-c", script] + arguments)
        guard result.status == 0 else { throw ScriptFailure(message: result.err) }
        return try JSONSerialization.jsonObject(with: Data(result.out.utf8))
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
