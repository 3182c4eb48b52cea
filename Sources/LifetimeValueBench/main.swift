import Foundation
import LifetimeValue
import RFMCore
import RFMIngest
import RFMPrimitives

// Usage (from the repository root, after `swift build -c release`):
//   .build/release/LifetimeValueBench file PATH [ROUNDS]  read PATH (CSV, CSV.gz, XLSX), then time the lifetime-value
//                                                         inputs, the two fits and the predictions (12m, 1%)
//   .build/release/LifetimeValueBench dump PATH            the inputs per customer as CSV (days)
//   .build/release/LifetimeValueBench synthetic N [ROUNDS]  the same on N customers simulated from BG/NBD + Gamma-Gamma

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// Customers simulated from the models themselves (seeded): rate λ ~ Gamma(r, α) per day, dropout p ~ Beta(a, b)
/// after each purchase day, ages uniform over two years, spends Gamma around a Gamma-distributed mean.
func simulate(_ n: Int) -> RepeatPurchases {
    var g = SeededGenerator(seed: 19)
    func unit() -> Double { max(g.nextUnit(), 1e-300) }
    func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit()) }
    func gamma(_ shape: Double) -> Double {  // Marsaglia & Tsang
        if shape < 1 { return gamma(shape + 1) * pow(unit(), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal()
            let v = pow(1 + c * x, 3)
            if v > 0, log(unit()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
    var repeats: [Int] = []
    var lasts: [Double] = []
    var ages: [Double] = []
    var spends: [Double] = []
    for _ in 0..<n {
        let rate = gamma(0.25) / 30
        let x1 = gamma(0.8)
        let p = x1 / (x1 + gamma(2.4))
        let age = Double(Int(unit() * 730))
        var t = 0.0
        var x = 0
        var last = 0.0
        while true {
            if unit() < p && x > 0 { break }
            t += -log(unit()) / max(rate, 1e-9)
            if t > age { break }
            x += 1
            last = t.rounded(.down)
        }
        let mean = 15 / gamma(3.7) * 6
        repeats.append(x)
        lasts.append(last)
        ages.append(age)
        spends.append(x > 0 ? (0..<min(x, 50)).reduce(0.0) { s, _ in s + gamma(6) * mean / 6 } / Double(min(x, 50)) : 0)
    }
    return RepeatPurchases(repeats: repeats, lastRepeat: lasts, age: ages, meanRepeatSpend: spends)
}

func run(_ data: RepeatPurchases, inputs: Double?, rounds: Int) {
    var fits: [Double] = []
    var predictions: [Double] = []
    var outcome: LifetimeValueOutcome?
    for _ in 0..<rounds {
        let t0 = DispatchTime.now()
        let purchases = BGNBDFit().fit(data)
        let spend = GammaGammaFit().fit(data)
        fits.append(seconds(t0))
        let t1 = DispatchTime.now()
        outcome = CustomerLifetimeValue.estimate(data, horizon: ForecastHorizon("12m")!, monthlyDiscount: 0.01)
        predictions.append(seconds(t1) - 0)
        _ = (purchases, spend)
    }
    fits.sort()
    predictions.sort()
    print("customers \(data.count), with a repeat purchase \(data.repeats.filter { $0 > 0 }.count)")
    if let inputs { print(String(format: "inputs (x, t_x, T, spend)  %.3f s", inputs)) }
    print(
        String(
            format: "fits (BG/NBD + Gamma-Gamma)  median %.3f s  (%.3f-%.3f)", fits[rounds / 2], fits[0],
            fits[rounds - 1]))
    print(
        String(
            format: "fits + predictions (estimate)  median %.3f s  (%.3f-%.3f)", predictions[rounds / 2],
            predictions[0],
            predictions[rounds - 1]))
    switch outcome {
    case .estimated(let e):
        let w = e.model.purchases.inUnits(of: 7)
        print(
            String(
                format:
                    "BG/NBD (weeks) r %.4f alpha %.4f a %.4f b %.4f (%d iterations); Gamma-Gamma p %.4f q %.4f v %.4f",
                w.r, w.alpha, w.a, w.b, e.purchasesFit.iterations, e.model.spend.p, e.model.spend.q, e.model.spend.v))
    case .unavailable(let reason): print("no lifetime value: \(reason)")
    case nil: break
    }
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    print("usage: LifetimeValueBench file PATH [ROUNDS] | synthetic N [ROUNDS]")
    exit(2)
}
let rounds = args.count > 3 ? Int(args[3]) ?? 5 : 5
switch args[1] {
case "file":
    let table = try TransactionLoader(overrides: [:], strict: false).load(paths: [args[2]])
    let rfm = try table.rfm(at: .dayAfterLastInvoice)
    let t0 = DispatchTime.now()
    let data = RepeatPurchaseCounter.compute(table, rfm)
    run(data, inputs: seconds(t0), rounds: rounds)
case "dump":  // the inputs as CSV (x,t_x,T,m in days), to check them against lifetimes
    let table = try TransactionLoader(overrides: [:], strict: false).load(paths: [args[2]])
    let rfm = try table.rfm(at: .dayAfterLastInvoice)
    let data = RepeatPurchaseCounter.compute(table, rfm)
    print("id,x,t_x,T,m")
    for i in 0..<data.count {
        print(
            "\(rfm.customers[i].id),\(data.repeats[i]),\(data.lastRepeat[i]),\(data.age[i]),\(data.meanRepeatSpend[i])")
    }
case "synthetic":
    run(simulate(Int(args[2]) ?? 1_000_000), inputs: nil, rounds: rounds)
default:
    print("usage: LifetimeValueBench file PATH [ROUNDS] | synthetic N [ROUNDS]")
    exit(2)
}
