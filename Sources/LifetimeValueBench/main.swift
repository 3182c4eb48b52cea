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
        predictions.append(seconds(t1))
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

let usage = "usage: LifetimeValueBench file PATH [ROUNDS] | dump PATH | synthetic N [ROUNDS]"
let args = CommandLine.arguments
guard args.count >= 3 else {
    print(usage)
    exit(2)
}

/// The cleaned rows of a file and their RFM table at the day after the last invoice.
func load(_ path: String) throws -> (TransactionTable, RFMTable) {
    let table = try TransactionLoader().load(paths: [path])
    return (table, try table.rfm(at: .dayAfterLastInvoice))
}
let rounds = args.count > 3 ? Int(args[3]) ?? 5 : 5
switch args[1] {
case "file":
    let (table, rfm) = try load(args[2])
    let t0 = DispatchTime.now()
    let data = RepeatPurchaseCounter.compute(table, rfm)
    run(data, inputs: seconds(t0), rounds: rounds)
case "dump":  // the inputs as CSV (x,t_x,T,m in days), to check them against lifetimes
    let (table, rfm) = try load(args[2])
    let data = RepeatPurchaseCounter.compute(table, rfm)
    print("id,x,t_x,T,m")
    for i in 0..<data.count {
        print(
            "\(rfm.customers[i].id),\(data.repeats[i]),\(data.lastRepeat[i]),\(data.age[i]),\(data.meanRepeatSpend[i])")
    }
case "synthetic":
    run(
        BGNBDSimulation(
            purchases: BGNBDParameters(r: 0.25, alpha: 30, a: 0.8, b: 2.4),
            spend: GammaGammaParameters(p: 6, q: 3.7, v: 15),
            seed: 19
        ).customers(Int(args[2]) ?? 1_000_000), inputs: nil, rounds: rounds)
default:
    print(usage)
    exit(2)
}
