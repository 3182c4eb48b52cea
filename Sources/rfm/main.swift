import ArgumentParser
import Foundation
import RFMCore
import RFMReport
import RFMSite
import TransactionGenerator

/// Exit statuses (README): 0 ok, 1 bad input, 2 bad usage, 3 output not written, 130 interrupted.
enum ExitStatus: Int32 {
    case ok = 0, badInput = 1, badUsage = 2, outputFailed = 3, interrupted = 130
}

func fail(_ message: String, _ status: ExitStatus) -> Never {
    FileHandle.standardError.write(Data("rfm: error: \(message)\n".utf8))
    exit(status.rawValue)
}

InterruptHandling.install()
do {
    var command = try RFMCommand.parseAsRoot()
    try command.run()
} catch let error as InputError {
    fail(error.description, .badInput)
} catch let error as RulesFileError {
    fail(error.description, .badInput)
} catch let error as ModelFileError {
    fail(error.description, .badInput)
} catch let error as ThemeError {
    fail(error.description, error.file == nil ? .badUsage : .badInput)
} catch let error as OutputError {
    fail(error.description, .outputFailed)
} catch let error as GeneratorError {
    fail(error.description, .outputFailed)
} catch {
    if RFMCommand.exitCode(for: error) == .success { RFMCommand.exit(withError: error) }
    FileHandle.standardError.write(Data((RFMCommand.fullMessage(for: error) + "\n").utf8))
    exit(ExitStatus.badUsage.rawValue)
}
