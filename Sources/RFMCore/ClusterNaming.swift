import Foundation

/// Plain-language names for clusters ("Recent frequent high spenders", "Lapsed one-time buyers"), from each
/// cluster's *median* recency, frequency and spend against the medians of all customers.
///
/// The rule, one word (or none) per dimension, in this order:
/// - recency: "recent" when the cluster's median days since the last purchase is at most 2/3 of the overall
///   median, "lapsed" when it is at least 1.5 times it, no word in between;
/// - frequency: "one-time" when the cluster's median is under 1.5 orders (its typical customer ordered once),
///   "frequent" when it is at least 1.5 times the overall median, "occasional" otherwise;
/// - spend: "high spenders" at 1.5 times the overall median or more, "low spenders" at 2/3 of it or less,
///   "buyers" in between.
///
/// Medians rather than means, because spend is heavily skewed: a few large customers pull a cluster's mean above
/// the overall median almost whatever the cluster holds. Ratios rather than differences, so that the currency (or
/// any scaling of spend) changes no name.
///
/// Two or three clusters with the same words are told apart on spend when their medians differ by the same factor
/// of 1.5 or more, else on orders, else on recency, else on whichever differs most: "(higher spend)" and
/// "(lower spend)", "(most orders)", "(mid orders)" and "(fewest orders)", "(more recent)" and "(less recent)".
/// Any names still alike (more than three clusters with the same words, or equal medians) get a letter, "(A)",
/// "(B)", …, in order of size (largest first). The names depend only on the profiles, not on the cluster numbers.
public enum ClusterNaming {
    /// Median recency (days), frequency (orders) and spend of a group of customers.
    public struct Medians: Sendable, Equatable {
        public var recency: Double
        public var frequency: Double
        public var monetary: Double

        public init(recency: Double, frequency: Double, monetary: Double) {
            self.recency = recency
            self.frequency = frequency
            self.monetary = monetary
        }
    }

    /// One cluster: its customers and its medians.
    public struct Profile: Sendable, Equatable {
        public var customers: Int
        public var medians: Medians

        public init(customers: Int, medians: Medians) {
            self.customers = customers
            self.medians = medians
        }
    }

    /// A cluster's median at least this many times the overall median is "high" ("lapsed", "frequent", "high").
    public static let highRatio = 1.5
    /// A cluster's median at most this many times the overall median is "low" ("recent", "low spenders").
    public static let lowRatio = 2.0 / 3.0
    /// Below this median number of orders a cluster is "one-time".
    public static let oneTimeOrders = 1.5

    /// The unique name of each cluster, in the order given.
    public static func names(_ clusters: [Profile], overall: Medians) -> [String] {
        let ratios = clusters.map { Ratios($0.medians, overall: overall) }
        var names = clusters.indices.map { baseName(clusters[$0].medians, ratios[$0]) }
        // Clusters with the same words: a qualifier on the dimension where they differ most.
        for group in groupsOfEqual(names) {
            let qualifiers = qualify(group, ratios: ratios)
            for (i, q) in zip(group, qualifiers) where !q.isEmpty { names[i] += " (\(q))" }
        }
        // Still alike: a letter by size.
        for group in groupsOfEqual(names) {
            let bySize = group.sorted { a, b in comesFirst(clusters[a], a, before: clusters[b], b) }
            for (rank, i) in bySize.enumerated() { names[i] += " (\(letter(rank)))" }
        }
        return names
    }

    /// The words of one cluster, before any qualifier, first letter capitalised.
    static func baseName(_ m: Medians, _ r: Ratios) -> String {
        var words: [String] = []
        if r.recency <= lowRatio {
            words.append("recent")
        } else if r.recency >= highRatio {
            words.append("lapsed")
        }
        if m.frequency < oneTimeOrders {
            words.append("one-time")
        } else if r.frequency >= highRatio {
            words.append("frequent")
        } else {
            words.append("occasional")
        }
        if r.monetary >= highRatio {
            words.append("high spenders")
        } else if r.monetary <= lowRatio {
            words.append("low spenders")
        } else {
            words.append("buyers")
        }
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A cluster's medians divided by the overall medians (1 when the overall median is 0 and so is the cluster's).
    struct Ratios {
        var recency: Double
        var frequency: Double
        var monetary: Double

        init(_ m: Medians, overall: Medians) {
            func ratio(_ x: Double, _ of: Double) -> Double {
                if of > 0 { return max(x, 0) / of }
                return x > 0 ? .infinity : 1
            }
            recency = ratio(m.recency, overall.recency)
            frequency = ratio(m.frequency, overall.frequency)
            monetary = ratio(m.monetary, overall.monetary)
        }

        /// The three ratios on a log scale, bounded so that 0 and infinity compare.
        var logs: [Double] {
            [recency, frequency, monetary].map { log(min(max($0, 1e-6), 1e6)) }
        }
    }

    /// The indices of each set of two or more equal names, in order of first appearance.
    static func groupsOfEqual(_ names: [String]) -> [[Int]] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (i, name) in names.enumerated() {
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(i)
        }
        return order.compactMap { members[$0]!.count > 1 ? members[$0] : nil }
    }

    /// Qualifiers for a group of two or three clusters with the same words ("" when none tells them apart).
    static func qualify(_ group: [Int], ratios: [Ratios]) -> [String] {
        guard group.count <= 3 else { return group.map { _ in "" } }
        let logs = group.map { ratios[$0].logs }
        let spreads = (0..<3).map { d in (logs.map { $0[d] }.max() ?? 0) - (logs.map { $0[d] }.min() ?? 0) }
        // Spend first (what a campaign is worth), then orders, then recency.
        let priority = [2, 1, 0]
        let clear = log(highRatio)
        guard let widest = spreads.max(), widest > 0,
            let dimension = priority.first(where: { spreads[$0] >= clear })
                ?? priority.first(where: { spreads[$0] == widest })
        else {
            return group.map { _ in "" }
        }
        // "First" is the more recent (lower recency), the more orders, the higher spend.
        let values = logs.map { dimension == 0 ? -$0[dimension] : $0[dimension] }
        let words: [[String]] = [
            ["more recent", "less recent", "most recent", "mid recency", "least recent"],
            ["more orders", "fewer orders", "most orders", "mid orders", "fewest orders"],
            ["higher spend", "lower spend", "highest spend", "mid spend", "lowest spend"],
        ]
        let w = words[dimension]
        return values.map { v in
            let above = values.filter { $0 > v }.count
            let below = values.filter { $0 < v }.count
            if group.count == 2 { return above == 0 ? w[0] : w[1] }
            if above == 0 { return w[2] }
            if below == 0 { return w[4] }
            return w[3]
        }
    }

    /// Larger first; equal sizes: more recent, then more orders, then higher spend, then the earlier index.
    static func comesFirst(_ a: Profile, _ i: Int, before b: Profile, _ j: Int) -> Bool {
        if a.customers != b.customers { return a.customers > b.customers }
        if a.medians.recency != b.medians.recency { return a.medians.recency < b.medians.recency }
        if a.medians.frequency != b.medians.frequency { return a.medians.frequency > b.medians.frequency }
        if a.medians.monetary != b.medians.monetary { return a.medians.monetary > b.medians.monetary }
        return i < j
    }

    /// A, B, …, Z, then 27, 28, …
    static func letter(_ rank: Int) -> String {
        rank < 26 ? String(UnicodeScalar(UInt8(65 + rank))) : String(rank + 1)
    }
}
