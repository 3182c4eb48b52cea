import Foundation
import Testing

@testable import LifetimeValue

@Suite struct LifetimeValuePropertyTests {
    @Test func digammaMatchesKnownValues() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ
        let gamma = 0.57721566490153286
        #expect(abs(Digamma.value(1) + gamma) < 1e-14)
        #expect(abs(Digamma.value(0.5) - (-gamma - 2 * log(2.0))) < 1e-14)
        let h9 = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(Digamma.value(10) - (h9 - gamma)) < 1e-14)
        #expect(abs(Digamma.value(123.4) - (Digamma.value(124.4) - 1 / 123.4)) < 1e-13)
    }

    @Test func hypergeometricMatchesClosedForms() throws {
        for z in [0.01, 0.3, 0.5, 0.9, 0.99] {
            // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z
            let log2F1 = try #require(Hypergeometric.log2F1(1, 1, 2, z))
            #expect(abs(exp(log2F1) - (-log1p(-z) / z)) < 1e-12 * (-log1p(-z) / z))
            // ₂F₁(a, b; b; z) = (1 − z)^−a
            let power = try #require(Hypergeometric.log2F1(2.5, 3.25, 3.25, z))
            #expect(abs(power - (-2.5 * log1p(-z))) < 1e-12)
        }
        // a customer with a thousand repeat days: the plain series would overflow, the transformed one does not
        #expect(Hypergeometric.log2F1(1000.24, 1002.4, 1002.2, 0.5)?.isFinite == true)
    }

    @Test func everybodyBoughtOnceGivesAReasonNotNumbers() {
        let data = RepeatPurchases(
            repeats: [0, 0, 0], lastRepeat: [0, 0, 0], age: [10, 20, 30], meanRepeatSpend: [0, 0, 0])
        let outcome = CustomerLifetimeValue.estimate(data, horizon: ForecastHorizon("12m")!, monthlyDiscount: 0.01)
        guard case .unavailable(let reason) = outcome else {
            Issue.record("expected no lifetime value")
            return
        }
        #expect(reason.contains("one day only"))
    }

    @Test func horizonsParseAndCount() throws {
        #expect(ForecastHorizon("12m")?.days == 12 * 4.345 * 7)
        #expect(ForecastHorizon("52w")?.days == 364)
        #expect(ForecastHorizon("90d")?.days == 90)
        #expect(ForecastHorizon("90D")?.unit == .day)
        for bad in ["", "m", "0m", "-3w", "12y", "1.5m", "12 m"] { #expect(ForecastHorizon(bad) == nil, "\(bad)") }
        let model = LifetimeValueModel(
            purchases: BGNBDParameters(r: 0.24, alpha: 30, a: 0.8, b: 2.4),
            spend: GammaGammaParameters(p: 6, q: 4, v: 15), horizon: ForecastHorizon("90d")!, monthlyDiscount: 0.01)
        let steps = model.monthSteps()
        #expect(steps.count == 3)
        #expect(steps.last?.0 == 90)
    }

    @Test func moreTimeMeansMoreOrdersAndLessAliveAfterSilence() throws {
        let p = BGNBDParameters(r: 0.24, alpha: 30, a: 0.8, b: 2.4)
        var previous = 0.0
        for days in [7.0, 30, 90, 365, 3650] {
            let e = try #require(p.expectedPurchases(within: days, repeats: 3, lastRepeat: 100, age: 200))
            #expect(e > previous)
            previous = e
        }
        // the same purchases, a longer silence since the last: less likely alive
        #expect(
            p.probabilityAlive(repeats: 3, lastRepeat: 100, age: 400)
                < p.probabilityAlive(repeats: 3, lastRepeat: 100, age: 200))
        #expect(p.probabilityAlive(repeats: 0, lastRepeat: 0, age: 400) == 1)
    }

    @Test func spendScalesWithMoney() throws {
        // Multiplying every spend by 100 multiplies v and each expected spend by 100 and leaves p and q.
        let fixture = try CDNOWFixture()
        var data = fixture.data
        let base = try #require(GammaGammaFit().fit(data))
        data.meanRepeatSpend = data.meanRepeatSpend.map { $0 * 100 }
        let scaled = try #require(GammaGammaFit().fit(data))
        #expect(relativeError(scaled.parameters.p, base.parameters.p) < 1e-6)
        #expect(relativeError(scaled.parameters.q, base.parameters.q) < 1e-6)
        #expect(relativeError(scaled.parameters.v, base.parameters.v * 100) < 1e-6)
    }
}

@Suite struct ParameterRecoveryTests {
    /// Data drawn from known parameters: the fits find them again (within the sampling error of 40,000 customers).
    @Test func fitsRecoverTheParametersThatMadeTheData() throws {
        let truth = BGNBDParameters(r: 0.25, alpha: 30, a: 0.8, b: 2.4)
        let spendTruth = GammaGammaParameters(p: 6, q: 3.7, v: 15)
        let data = BGNBDSimulation(purchases: truth, spend: spendTruth, seed: 5).customers(40_000)
        let fit = BGNBDFit().fit(data)
        #expect(fit.converged)
        #expect(relativeError(fit.parameters.r, truth.r) < 0.05, "\(fit.parameters)")
        #expect(relativeError(fit.parameters.alpha, truth.alpha) < 0.08, "\(fit.parameters)")
        #expect(relativeError(fit.parameters.a, truth.a) < 0.1, "\(fit.parameters)")
        #expect(relativeError(fit.parameters.b, truth.b) < 0.15, "\(fit.parameters)")
        let spend = try #require(GammaGammaFit().fit(data))
        #expect(relativeError(spend.parameters.populationMeanSpend, spendTruth.populationMeanSpend) < 0.05)
        #expect(relativeError(spend.parameters.p, spendTruth.p) < 0.1, "\(spend.parameters)")
    }
}
