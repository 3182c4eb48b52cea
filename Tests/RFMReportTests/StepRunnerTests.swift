import Dispatch
import Foundation
import RFMConcurrency
import RFMCore
import RFMReport
import RFMSite
import TestSupport
import Testing

/// The runner on hand-made steps: order, what an output step sees, side by side, errors tagged with their step.
@Suite struct StepRunnerTests {
    struct Trace: Sendable {
        var value = 0
        var seen: [String] = []
    }

    /// A record of what output steps did, shared across their threads.
    final class Log: Sendable {
        private let entries = Locked<[String]>([])
        func add(_ s: String) { entries.withLock { $0.append(s) } }
        var all: [String] { entries.current }
    }

    struct Failure: Error, Equatable { let what: String }

    let runner = StepRunner(progress: Progress(quiet: true))

    @Test func transformsRunInOrderAndOutputStepsSeeTheStateTheyStartedWith() throws {
        let log = Log()
        var state = Trace()
        let steps: [RunStep<Trace>] = [
            .transform("one") {
                $0.value = 1
                $0.seen.append("one")
            },
            .output("after-one", after: ["one"]) { s in log.add("after-one saw \(s.value)") },
            .transform("two") {
                $0.value = 2
                $0.seen.append("two")
            },
            .output("after-two", after: ["two"]) { s in log.add("after-two saw \(s.value)") },
        ]
        let seconds = try runner.run(steps, on: &state)
        #expect(state.seen == ["one", "two"])
        #expect(state.value == 2)
        // The first output step was started before "two" ran, with the state as it was then.
        #expect(Set(log.all) == ["after-one saw 1", "after-two saw 2"])
        #expect(Set(seconds.map(\.name)) == ["one", "after-one", "two", "after-two"])
        #expect(seconds.allSatisfy { $0.seconds >= 0 })
    }

    @Test func outputStepsRunSideBySide() throws {
        // Each waits for the other's signal: run one after the other, the first would time out.
        let a = DispatchSemaphore(value: 0)
        let b = DispatchSemaphore(value: 0)
        let log = Log()
        var state = Trace()
        let steps: [RunStep<Trace>] = [
            .transform("start") { _ in },
            .output("left", after: ["start"]) { _ in
                a.signal()
                log.add(b.wait(timeout: .now() + 10) == .success ? "left met right" : "left alone")
            },
            .output("right", after: ["start"]) { _ in
                b.signal()
                log.add(a.wait(timeout: .now() + 10) == .success ? "right met left" : "right alone")
            },
        ]
        _ = try runner.run(steps, on: &state)
        #expect(Set(log.all) == ["left met right", "right met left"])
    }

    @Test func anErrorIsTaggedWithItsStepAndNothingAfterItStarts() {
        let log = Log()
        var state = Trace()
        let steps: [RunStep<Trace>] = [
            .transform("read") { $0.seen.append("read") },
            .output("slow", after: ["read"]) { _ in
                Thread.sleep(forTimeInterval: 0.2)
                log.add("slow finished")
            },
            .transform("rfm") { _ in throw Failure(what: "bad") },
            .transform("cluster") { $0.seen.append("cluster") },
            .output("files", after: ["cluster"]) { _ in log.add("files") },
        ]
        do {
            _ = try runner.run(steps, on: &state)
            Issue.record("no error")
        } catch {
            #expect(error.step == "rfm")
            #expect(error.underlying as? Failure == Failure(what: "bad"))
        }
        #expect(state.seen == ["read"])
        // The output step already running was waited for; the ones after the failure never started.
        #expect(log.all == ["slow finished"])
    }

    @Test func theFirstFailedStepInTheListIsReported() {
        var state = Trace()
        let steps: [RunStep<Trace>] = [
            .transform("start") { _ in },
            .output("early", after: ["start"]) { _ in
                Thread.sleep(forTimeInterval: 0.1)
                throw Failure(what: "early")
            },
            .output("late", after: ["start"]) { _ in throw Failure(what: "late") },
        ]
        #expect { try runner.run(steps, on: &state) } throws: { ($0 as? StepError)?.step == "early" }
    }

    @Test func aStepWaitingForAMissingStepIsAnInternalError() {
        var state = Trace()
        let steps: [RunStep<Trace>] = [.output("pages", after: ["charts"]) { _ in }]
        #expect { try runner.run(steps, on: &state) } throws: { error in
            guard let error = error as? StepError, let inner = error.underlying as? InternalError else { return false }
            return error.step == "pages" && inner.step == "pages" && inner.description.contains("internal error")
        }
        // Named as done by an earlier run, it is satisfied.
        #expect(throws: Never.self) { try runner.run(steps, on: &state, earlier: ["charts"]) }
    }

    @Test func theReportStepsAreNamedAndTimedInTimingsJSON() throws {
        let out = temporaryFolder().appendingPathComponent("report")
        var options = ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true)
        options.theme = try Theme.load(name: "default", themesDirectory: packageRoot.appendingPathComponent("themes"))
        _ = try ReportRun(options: options).run()
        let timings =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("timings.json")))
            as! [String: Any]
        let steps = timings["steps"] as! [String: Double]
        #expect(
            Set(steps.keys) == [
                "read", "clean", "rfm", "score", "segment", "cluster", "charts", "pages", "files", "workbook",
            ])
        #expect(
            ReportSteps.all(options).map(\.name) == [
                "read", "clean", "rfm", "score", "segment", "cluster", "charts", "pages", "files", "workbook",
            ])
        var monthly = options
        monthly.snapshot = .month(year: 2011, month: 11)
        #expect(ReportSteps.all(monthly).map(\.name).contains("compare_months"))
    }
}
