import Foundation
import RFMConcurrency

/// Runs a list of `RunStep`s: the transforms one after another on this thread, each output step on a thread of its
/// own as soon as the steps it names are done. It shows `[i/n] name` progress, records every step's seconds under
/// its name, and tags an error with the step that raised it (`StepError`). After a failure it starts nothing more
/// and waits for the output steps already running (none is left writing into a folder that is being discarded);
/// the error thrown is the failed step's that comes first in the list.
public struct StepRunner {
    let progress: Progress

    public init(progress: Progress) { self.progress = progress }

    /// Seconds per step name, in the order the steps finished.
    public typealias StepSeconds = [(name: String, seconds: Double)]

    /// Runs `steps` on `state`. `earlier`: steps a previous run on this state already did (an archive analyses a
    /// month, then writes it), which the output steps may wait for.
    public func run<State>(_ steps: [RunStep<State>], on state: inout State, earlier: [String] = []) throws(StepError)
        -> StepSeconds
    {
        var names = Set<String>(earlier)
        for step in steps {
            guard names.insert(step.name).inserted else {
                throw StepError(
                    step: step.name, underlying: InternalError(step: step.name, reason: "two run steps have this name"))
            }
        }
        for step in steps {
            for name in step.waitsFor ?? [] where !names.contains(name) {
                throw StepError(
                    step: step.name,
                    underlying: InternalError(
                        step: step.name, reason: "it waits for \"\(name)\", which is not a step of this run"))
            }
        }
        let finished = Locked(Finished())
        let signal = DispatchSemaphore(value: 0)
        var done = Set<String>(earlier)
        var started = Set<Int>()
        var running = 0
        var seconds: StepSeconds = []
        var failures: [(index: Int, error: StepError)] = []

        /// Takes in what the output steps have finished since the last look; with `wait`, waits until at least one
        /// has (or none is running). A signal may arrive after its step was already taken in: it only wakes the loop.
        func collect(wait: Bool) {
            while true {
                let news = finished.withLock { f -> Finished in
                    defer { f = Finished() }
                    return f
                }
                running -= news.steps.count
                for s in news.steps {
                    done.insert(s.name)
                    seconds.append((s.name, s.seconds))
                }
                failures += news.failures
                if !wait || !news.steps.isEmpty || running == 0 { return }
                signal.wait()
            }
        }
        /// Starts every output step whose steps are done, with a copy of the state as it is now.
        func startReady() {
            guard failures.isEmpty else { return }
            for (index, step) in steps.enumerated() where !started.contains(index) {
                guard case .output(let after, let body) = step.work, after.allSatisfy(done.contains) else { continue }
                started.insert(index)
                running += 1
                progress.show(step: index + 1, of: steps.count, name: step.name, detail: step.label(state))
                let copy = state
                let name = step.name
                let thread = Thread {
                    let clock = ContinuousClock.now
                    do {
                        try body(copy)
                        let elapsed = (ContinuousClock.now - clock).seconds
                        finished.withLock { $0.steps.append((name, elapsed)) }
                    } catch {
                        let elapsed = (ContinuousClock.now - clock).seconds
                        finished.withLock {
                            $0.failures.append((index, StepError(step: name, underlying: error)))
                            $0.steps.append((name, elapsed))
                        }
                    }
                    signal.signal()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
        }

        for (index, step) in steps.enumerated() {
            guard case .transform(let body) = step.work else { continue }
            collect(wait: false)
            startReady()
            guard failures.isEmpty else { break }
            progress.show(step: index + 1, of: steps.count, name: step.name, detail: step.label(state))
            started.insert(index)
            let clock = ContinuousClock.now
            do {
                try body(&state)
            } catch {
                failures.append((index, StepError(step: step.name, underlying: error)))
                break
            }
            seconds.append((step.name, (ContinuousClock.now - clock).seconds))
            done.insert(step.name)
        }
        // The output steps left: started as their steps finish, all waited for.
        while true {
            collect(wait: false)
            startReady()
            if running == 0 {
                let waiting = steps.indices.filter { !started.contains($0) }
                if failures.isEmpty, let first = waiting.first {
                    let step = steps[first]
                    failures.append(
                        (
                            first,
                            StepError(
                                step: step.name,
                                underlying: InternalError(
                                    step: step.name, reason: "its steps \(step.waitsFor ?? []) never finished"))
                        ))
                }
                break
            }
            collect(wait: true)
        }
        if let first = failures.min(by: { $0.index < $1.index }) { throw first.error }
        return seconds
    }

    /// What output threads hand back: the steps that ended and the errors they raised.
    private struct Finished: Sendable {
        var steps: [(name: String, seconds: Double)] = []
        var failures: [(index: Int, error: StepError)] = []
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
