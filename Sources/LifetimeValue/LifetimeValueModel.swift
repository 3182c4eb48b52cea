import Foundation
import RFMConcurrency

/// A fitted lifetime-value model as a report saves it (model.json) and `rfm score` applies it: BG/NBD for the
/// purchases to come (time in days), Gamma-Gamma for their spend, the horizon and the monthly discount rate.
public struct LifetimeValueModel: Sendable, Equatable, Codable {
    /// BG/NBD with α in days.
    public var purchases: BGNBDParameters
    public var spend: GammaGammaParameters
    public var horizon: ForecastHorizon
    public var monthlyDiscount: Double

    public init(
        purchases: BGNBDParameters, spend: GammaGammaParameters, horizon: ForecastHorizon, monthlyDiscount: Double
    ) {
        self.purchases = purchases
        self.spend = spend
        self.horizon = horizon
        self.monthlyDiscount = monthlyDiscount
    }

    /// Per customer of `data` (times in days): P(alive), the expected orders over the horizon, the expected spend
    /// per order and the discounted value over the horizon. Throws the first customer whose expected purchases
    /// cannot be computed (its hypergeometric series does not converge), so no file ever gets NaN.
    public func predict(_ data: RepeatPurchases, threads: Int = 2) throws(LifetimeValueError) -> LifetimeValueColumns {
        let n = data.count
        let blockSize = 4_096
        let blocks = (n + blockSize - 1) / blockSize
        let steps = monthSteps()
        let model = self
        let results = ParallelWork.map(count: blocks, threads: threads) {
            block -> Result<LifetimeValueColumns, LifetimeValueError> in
            let range = block * blockSize..<min(n, (block + 1) * blockSize)
            var out = LifetimeValueColumns(reserving: range.count)
            for c in range {
                let x = data.repeats[c]
                let tx = data.lastRepeat[c]
                let age = data.age[c]
                let p = model.purchases
                let spend = model.spend.expectedSpend(repeats: x, meanSpend: data.meanRepeatSpend[c])
                // the month steps end at the horizon, so their last cumulative count is the expected orders
                var value = 0.0
                var orders = 0.0
                for (t, discount) in steps {
                    guard let cumulative = p.expectedPurchases(within: t, repeats: x, lastRepeat: tx, age: age) else {
                        return .failure(.predictionFailed(customer: c))
                    }
                    value += spend * (cumulative - orders) / discount
                    orders = cumulative
                }
                let alive = p.probabilityAlive(repeats: x, lastRepeat: tx, age: age)
                guard alive.isFinite, orders.isFinite, spend.isFinite, value.isFinite else {
                    return .failure(.predictionFailed(customer: c))
                }
                out.probabilityAlive.append(alive)
                out.expectedOrders.append(orders)
                out.expectedSpend.append(spend)
                out.value.append(value)
            }
            return .success(out)
        }
        var columns = LifetimeValueColumns(reserving: n)
        for result in results {
            switch result {
            case .success(let part):
                columns.probabilityAlive += part.probabilityAlive
                columns.expectedOrders += part.expectedOrders
                columns.expectedSpend += part.expectedSpend
                columns.value += part.value
            case .failure(let error): throw error
            }
        }
        return columns
    }

    /// The ends of the month steps of the horizon (days) and their discount factors (1 + d)^months, the last step
    /// ending exactly at the horizon: twelve whole months for `12m`, as lifetimes steps them.
    func monthSteps() -> [(Double, Double)] {
        let total = horizon.days
        let month = ForecastHorizon.daysPerMonth
        let count = max(1, Int((total / month - 1e-9).rounded(.up)))
        return (1...count).map { k in
            let end = k == count ? total : min(Double(k) * month, total)
            return (end, pow(1 + monthlyDiscount, end / month))
        }
    }
}

/// Lifetime value per customer, in the order of the customers given.
public struct LifetimeValueColumns: Sendable, Equatable {
    public var probabilityAlive: [Double] = []
    public var expectedOrders: [Double] = []
    public var expectedSpend: [Double] = []
    public var value: [Double] = []

    init(reserving n: Int) {
        probabilityAlive.reserveCapacity(n)
        expectedOrders.reserveCapacity(n)
        expectedSpend.reserveCapacity(n)
        value.reserveCapacity(n)
    }
}

public enum LifetimeValueError: Error, Equatable {
    /// The customer (index) whose expected purchases could not be computed.
    case predictionFailed(customer: Int)
}
