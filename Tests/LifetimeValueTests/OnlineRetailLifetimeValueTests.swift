import Foundation
import LifetimeValue
import RFMCore
import RFMIngest
import TestSupport
import Testing

/// On Online Retail, the inputs from the cleaned rows equal lifetimes' `summary_data_from_transaction_data`, and
/// the fits and predictions equal lifetimes' (Fixtures/make_online_retail_golden.py).
@Suite(.enabled(if: Prerequisites.hasSharedData, "needs ../shared/data"))
struct OnlineRetailLifetimeValueTests {
    @Test func inputsFitsAndPredictionsEqualLifetimes() throws {
        let path = Prerequisites.sharedFolder.appendingPathComponent("data/online_retail/Online Retail.csv.gz").path
        let table = try TransactionLoader().load(paths: [path])
        let rfm = try table.rfm(at: .dayAfterLastInvoice)
        let data = RepeatPurchaseCounter.compute(table, rfm)
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let text = try String(contentsOf: dir.appendingPathComponent("online_retail_lifetimes.csv"), encoding: .utf8)
        let golden = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(golden.count == rfm.customers.count)
        let outcome = CustomerLifetimeValue.estimate(data, horizon: ForecastHorizon("12m")!, monthlyDiscount: 0.01)
        let estimate = try #require(outcome.estimate)
        let weeks = estimate.model.purchases.inUnits(of: 7)
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: dir.appendingPathComponent("online_retail_lifetimes.json"))) as! [String: Any]
        let bg = json["bgnbd_weeks"] as! [String: Double]
        let gg = json["gamma_gamma"] as! [String: Double]
        // a is 0.0034 here (almost nobody drops out), where the optimisers' tolerances show most
        #expect(relativeError(weeks.r, bg["r"]!) < 1e-4)
        #expect(relativeError(weeks.alpha, bg["alpha"]!) < 1e-4)
        #expect(relativeError(weeks.a, bg["a"]!) < 1e-3)
        #expect(relativeError(weeks.b, bg["b"]!) < 1e-4)
        #expect(relativeError(estimate.model.spend.p, gg["p"]!) < 1e-4)
        #expect(relativeError(estimate.model.spend.q, gg["q"]!) < 1e-4)
        #expect(relativeError(estimate.model.spend.v, gg["v"]!) < 1e-4)
        var worst = [0.0, 0, 0, 0]
        for (i, row) in golden.enumerated() {
            #expect(row[0] == rfm.customers[i].id)
            #expect(Int(row[1]) == data.repeats[i])
            #expect(Double(row[2]) == data.lastRepeat[i])
            #expect(Double(row[3]) == data.age[i])
            #expect(relativeError(data.meanRepeatSpend[i], Double(row[4])!) < 1e-10 || data.repeats[i] == 0)
            let e = estimate.columns
            worst[0] = max(worst[0], relativeError(e.probabilityAlive[i], Double(row[5])!))
            worst[1] = max(worst[1], relativeError(e.expectedOrders[i], Double(row[6])!))
            worst[2] = max(worst[2], relativeError(e.expectedSpend[i], Double(row[7])!))
            worst[3] = max(worst[3], relativeError(e.value[i], Double(row[8])!))
        }
        #expect(worst.allSatisfy { $0 < 1e-3 }, "worst relative errors \(worst)")
    }
}
