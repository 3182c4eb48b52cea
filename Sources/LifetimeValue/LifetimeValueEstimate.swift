import Foundation

/// Customer lifetime value from the snapshot: BG/NBD and Gamma-Gamma fitted on the customers' repeat purchases,
/// then each customer's P(alive), expected orders and spend over the horizon and discounted value; or why not.
public struct LifetimeValueEstimate: Sendable {
    public var model: LifetimeValueModel
    public var purchasesFit: BGNBDFit.Result
    public var spendFit: GammaGammaFit.Result
    public var columns: LifetimeValueColumns
    /// Customers with at least one repeat purchase.
    public var repeatCustomers: Int
    public var fitSeconds: Double
}

public enum LifetimeValueOutcome: Sendable {
    case estimated(LifetimeValueEstimate)
    /// Why there is no lifetime value, in a sentence for the pages.
    case unavailable(reason: String)

    public var estimate: LifetimeValueEstimate? {
        if case .estimated(let e) = self { return e }
        return nil
    }
}

/// Fits the two models and predicts (times in days).
public enum CustomerLifetimeValue {
    public static func estimate(
        _ data: RepeatPurchases, horizon: ForecastHorizon, monthlyDiscount: Double, threads: Int = 2
    ) -> LifetimeValueOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        guard data.count > 0 else { return .unavailable(reason: "there are no customers") }
        let repeaters = data.repeats.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        guard repeaters > 0 else {
            return .unavailable(
                reason: "every customer bought on one day only, so there are no repeat purchases to fit the models on")
        }
        let purchases = BGNBDFit().fit(data)
        guard purchases.converged else {
            return .unavailable(
                reason: "the purchase model (BG/NBD) did not converge (\(purchases.iterations) iterations, "
                    + "parameters r \(short(purchases.parameters.r)), α \(short(purchases.parameters.alpha)), "
                    + "a \(short(purchases.parameters.a)), b \(short(purchases.parameters.b)))")
        }
        guard let spend = GammaGammaFit().fit(data) else {
            return .unavailable(
                reason: "no customer has a repeat purchase with a positive spend to fit the spend model on")
        }
        guard spend.converged else {
            let q = spend.parameters.q
            let why =
                q.isFinite && q <= 1 && spend.parameters.p > 0
                ? "its population mean spend is infinite (q = \(short(q)) ≤ 1)" : "it did not converge"
            return .unavailable(reason: "the spend model (Gamma-Gamma) cannot be used: \(why)")
        }
        let model = LifetimeValueModel(
            purchases: purchases.parameters, spend: spend.parameters, horizon: horizon,
            monthlyDiscount: monthlyDiscount)
        let columns: LifetimeValueColumns
        do {
            columns = try model.predict(data, threads: threads)
        } catch {
            switch error {
            case .predictionFailed(let c):
                return .unavailable(
                    reason: "the expected purchases of a customer (x = \(data.repeats[c]), t_x = "
                        + "\(short(data.lastRepeat[c])) days, T = \(short(data.age[c])) days) could not be computed")
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return .estimated(
            LifetimeValueEstimate(
                model: model, purchasesFit: purchases, spendFit: spend, columns: columns, repeatCustomers: repeaters,
                fitSeconds: seconds))
    }

    static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
