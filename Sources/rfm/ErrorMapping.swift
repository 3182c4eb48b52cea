import Foundation
import RFMCore
import RFMDatabase
import RFMReport
import RFMSite
import Segmentation
import TransactionGenerator

/// What the command line does with an error that a command's `run()` threw.
enum ErrorOutcome: Equatable {
    /// `rfm: error: MESSAGE` on stderr and this exit status.
    case failure(String, ExitStatus)
    /// An argument parser error (ValidationError, ExitCode, CleanExit, ...): its own exit when that is a success
    /// (help, version), else one line and the help hint, exit 2.
    case usage
    /// A signal stopped the run: the interrupt's exit (130, or 0 when the report had already replaced the old one).
    case interrupted
}

enum ErrorMapping {
    /// The outcome of `error`, thrown while running the subcommand `command` (`report`, `score`, ...) or, for a
    /// `StepError`, inside that step of the run. An error of no type rfm knows is a bug, not bad input or usage: it
    /// becomes an `InternalError` of that step or command, exit 4.
    static func outcome(of error: any Error, command: String) -> ErrorOutcome {
        // A report step's error: what the step raised, and the step's name for an internal error.
        if let error = error as? StepError { return outcome(of: error.underlying, command: error.step) }
        switch error {
        case let error as InputError: return .failure(error.description, .badInput)
        case let error as DatabaseError: return .failure(error.description, .badInput)
        case let error as RulesFileError: return .failure(error.description, .badInput)
        case let error as ModelFileError: return .failure(error.description, .badInput)
        case let error as ThemeError: return .failure(error.description, error.file == nil ? .badUsage : .badInput)
        case OutputError.interrupted: return .interrupted
        case let error as OutputError: return .failure(error.description, .outputFailed)
        case let error as GeneratorError: return .failure(error.description, .outputFailed)
        case let error as SegmentationError:
            // Only reachable when the input produced features the models cannot use; the readers should have said so.
            return .failure("the customers' features cannot be modelled: \(error)", .badInput)
        case let error as InternalError: return .failure(error.description, .internalError)
        case _ where isArgumentParserError(error): return .usage
        default: return .failure(InternalError(step: command, reason: "\(error)").description, .internalError)
        }
    }

    /// True for the errors of swift-argument-parser, public (ValidationError, ExitCode, CleanExit) or not.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
