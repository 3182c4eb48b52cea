import RFMPrimitives
import Testing

@testable import RFMCore

/// The cluster-naming rule on hand-made profiles, and its properties on seeded random ones.
@Suite struct ClusterNamingTests {
    /// All customers: 50 days since the last purchase, 2 orders, 600 spent (medians).
    static let overall = ClusterNaming.Medians(recency: 50, frequency: 2, monetary: 600)

    func profile(_ customers: Int, _ r: Double, _ f: Double, _ m: Double) -> ClusterNaming.Profile {
        ClusterNaming.Profile(
            customers: customers, medians: ClusterNaming.Medians(recency: r, frequency: f, monetary: m))
    }

    func names(_ profiles: [ClusterNaming.Profile], overall: ClusterNaming.Medians = overall) -> [String] {
        ClusterNaming.names(profiles, overall: overall)
    }

    @Test func oneWordPerDimension() {
        #expect(
            names([
                profile(10, 20, 6, 2000), profile(20, 200, 1, 200), profile(30, 200, 1, 600), profile(40, 50, 2, 600),
            ])
                == [
                    "Recent frequent high spenders", "Lapsed one-time low spenders", "Lapsed one-time buyers",
                    "Occasional buyers",
                ])
    }

    /// The thresholds: 1.5 times the overall median or more is high, 2/3 of it or less is low, under 1.5 orders is
    /// one-time; exactly on a threshold counts as beyond it.
    @Test func thresholds() {
        func one(_ r: Double, _ f: Double, _ m: Double) -> String { names([profile(1, r, f, m)])[0] }
        #expect(one(75, 2, 600) == "Lapsed occasional buyers")
        #expect(one(74, 2, 600) == "Occasional buyers")
        #expect(one(33, 2, 600) == "Recent occasional buyers")
        #expect(one(34, 2, 600) == "Occasional buyers")
        #expect(one(50, 1, 600) == "One-time buyers")
        #expect(one(50, 1.5, 600) == "Occasional buyers")
        #expect(one(50, 3, 600) == "Frequent buyers")
        #expect(one(50, 2.9, 600) == "Occasional buyers")
        #expect(one(50, 2, 900) == "Occasional high spenders")
        #expect(one(50, 2, 899) == "Occasional buyers")
        #expect(one(50, 2, 400) == "Occasional low spenders")
        #expect(one(50, 2, 401) == "Occasional buyers")
    }

    /// With an overall median of one order, two orders are already frequent.
    @Test func frequentIsRelativeToTheOverallMedian() {
        let overall = ClusterNaming.Medians(recency: 50, frequency: 1, monetary: 600)
        #expect(names([profile(1, 50, 2, 600)], overall: overall) == ["Frequent buyers"])
        #expect(names([profile(1, 50, 1, 600)], overall: overall) == ["One-time buyers"])
    }

    @Test func twoAlikeDifferingInSpendAreToldApartBySpend() {
        #expect(
            names([profile(10, 20, 6, 2000), profile(5, 10, 10, 8000)]) == [
                "Recent frequent high spenders (lower spend)", "Recent frequent high spenders (higher spend)",
            ])
    }

    /// Spend comes first only when it differs by the factor 1.5: here the orders do, the spend does not.
    @Test func spendCloseThenOrders() {
        #expect(
            names([profile(10, 20, 4, 2000), profile(5, 20, 12, 2900)]) == [
                "Recent frequent high spenders (fewer orders)", "Recent frequent high spenders (more orders)",
            ])
    }

    @Test func onlyRecencyDiffers() {
        #expect(
            names([profile(10, 20, 6, 2000), profile(5, 5, 6, 2100)]) == [
                "Recent frequent high spenders (less recent)", "Recent frequent high spenders (more recent)",
            ])
    }

    /// No dimension differs by 1.5: the one that differs most (here orders: 6 against 8).
    @Test func noClearDifferenceTakesTheWidest() {
        #expect(
            names([profile(10, 20, 6, 2000), profile(5, 21, 8, 2100)]) == [
                "Recent frequent high spenders (fewer orders)", "Recent frequent high spenders (more orders)",
            ])
    }

    @Test func threeAlike() {
        #expect(
            names([profile(10, 20, 6, 3000), profile(20, 20, 6, 9000), profile(30, 20, 6, 1000)]) == [
                "Recent frequent high spenders (mid spend)", "Recent frequent high spenders (highest spend)",
                "Recent frequent high spenders (lowest spend)",
            ])
    }

    /// Four alike, or equal medians, get letters in order of size (largest first).
    @Test func lettersBySize() {
        #expect(
            names([profile(10, 20, 6, 2000), profile(30, 20, 6, 2000)]) == [
                "Recent frequent high spenders (B)", "Recent frequent high spenders (A)",
            ])
        #expect(
            names([profile(1, 20, 6, 2000), profile(4, 20, 6, 3000), profile(3, 20, 6, 4000), profile(2, 20, 6, 5000)])
                == [
                    "Recent frequent high spenders (D)", "Recent frequent high spenders (A)",
                    "Recent frequent high spenders (B)", "Recent frequent high spenders (C)",
                ])
    }

    /// Three alike where two tie on the telling dimension: the tied two get a letter after their qualifier.
    @Test func tiedQualifiersGetLetters() {
        #expect(
            names([profile(10, 20, 6, 1000), profile(20, 20, 6, 1000), profile(30, 20, 6, 9000)]) == [
                "Recent frequent high spenders (lowest spend) (B)", "Recent frequent high spenders (lowest spend) (A)",
                "Recent frequent high spenders (highest spend)",
            ])
    }

    @Test func zeroMediansNameWithoutTrapping() {
        let zero = ClusterNaming.Medians(recency: 0, frequency: 0, monetary: 0)
        let result = names([profile(1, 0, 0, 0), profile(2, 0, 0, 0), profile(3, 5, 2, 10)], overall: zero)
        #expect(Set(result).count == 3)
        #expect(result[2] == "Lapsed frequent high spenders")
    }

    // MARK: Properties on seeded random profiles

    /// The project's seeded generator, with the two draws the properties use.
    struct Random {
        var generator: SeededGenerator
        init(state: UInt64) { generator = SeededGenerator(seed: state) }
        mutating func below(_ n: Int) -> Int { generator.nextIndex(n) }
        mutating func unit() -> Double { generator.nextUnit() }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    }

    /// k profiles of distinct sizes, drawn from few bands so that many share their words.
    func randomProfiles(_ random: inout Random, k: Int) -> [ClusterNaming.Profile] {
        var sizes = Array(1...(k * 3))
        for i in sizes.indices.reversed() { sizes.swapAt(i, random.below(i + 1)) }
        return (0..<k).map { c in
            profile(
                sizes[c], random.pick([3.0, 10, 20, 40, 60, 100, 200, 300]) * (0.9 + 0.2 * random.unit()),
                random.pick([1.0, 1, 1.5, 2, 3, 4, 6, 10, 20]),
                random.pick([80.0, 300, 600, 1000, 2000, 5000]) * (0.8 + 0.4 * random.unit()))
        }
    }

    /// Renumbering the clusters renumbers the names and changes none.
    @Test(arguments: 1...200)
    func permutingClustersPermutesNames(_ seed: Int) {
        var random = Random(state: UInt64(seed))
        let k = 2 + random.below(9)
        let profiles = randomProfiles(&random, k: k)
        var order = Array(0..<k)
        for i in order.indices.reversed() { order.swapAt(i, random.below(i + 1)) }
        let before = names(profiles)
        #expect(names(order.map { profiles[$0] }) == order.map { before[$0] })
    }

    /// Spend in another currency (every spend times a constant) changes no name.
    @Test(arguments: 1...200)
    func scalingSpendChangesNoName(_ seed: Int) {
        var random = Random(state: UInt64(seed) &* 7919)
        let k = 2 + random.below(9)
        let profiles = randomProfiles(&random, k: k)
        let factor = random.pick([0.01, 0.37, 1.19, 3, 7.5, 1000, 123_456.789])
        let scaled = profiles.map {
            profile($0.customers, $0.medians.recency, $0.medians.frequency, $0.medians.monetary * factor)
        }
        let overallScaled = ClusterNaming.Medians(
            recency: Self.overall.recency, frequency: Self.overall.frequency, monetary: Self.overall.monetary * factor)
        #expect(names(scaled, overall: overallScaled) == names(profiles))
    }

    /// Names are unique even for many clusters, equal sizes and identical medians.
    @Test(arguments: 1...100)
    func namesAreUnique(_ seed: Int) {
        var random = Random(state: UInt64(seed) &* 104_729)
        let k = 2 + random.below(49)
        let profiles = (0..<k).map { _ in
            profile(
                1 + random.below(3), random.pick([10.0, 50, 200]), random.pick([1.0, 2, 5]),
                random.pick([300.0, 600, 2000]))
        }
        let result = names(profiles)
        #expect(Set(result).count == k)
        #expect(result.allSatisfy { !$0.isEmpty && $0.first!.isUppercase })
    }
}
