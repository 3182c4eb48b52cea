import Foundation
import RFMPrimitives

/// A synthetic transaction log in the Online Retail schema that behaves like the real data: customers with
/// heterogeneous purchase rates (log-normal) and basket values, invoices of several lines spread over 13 months
/// (December 2010 to December 2011, business hours, invoice numbers rising with time), about 2% cancellations
/// (`C` invoices with negative quantities), about 20% of rows without a customer id, stock adjustments with
/// quantity ≤ 0, free items (price 0), about 1% exact duplicate rows, a few malformed rows, and several countries
/// (mostly the United Kingdom). The same parameters and seed give the same rows.
public struct SyntheticRetailLog: Sendable {
    /// Customers with an id (each appears on at least one purchase when there are enough rows).
    public let customers: Int
    /// Rows (transaction lines), exactly.
    public let transactions: Int
    public let seed: UInt64

    public init(customers: Int, transactions: Int, seed: UInt64) {
        self.customers = max(1, customers)
        self.transactions = max(0, transactions)
        self.seed = seed
    }

    /// What kind of row a line is (for writers and tests).
    public enum Kind: UInt8, Sendable {
        case purchase, cancellation, adjustment, freeItem, duplicate, malformed
    }

    /// The rows in compact columns, in file order.
    public struct Rows: Sendable {
        /// Invoice number (without the `C` of a cancellation).
        public var invoice: [Int32] = []
        /// Seconds since 1970-01-01, local time.
        public var time: [Int64] = []
        /// Index into `SyntheticCatalog.products`.
        public var product: [Int32] = []
        public var quantity: [Int32] = []
        /// Unit price in pence.
        public var pricePence: [Int32] = []
        /// Customer id, or 0 for none.
        public var customer: [Int32] = []
        /// Index into `SyntheticCatalog.countries`.
        public var country: [UInt8] = []
        public var kind: [Kind] = []

        public var count: Int { invoice.count }
    }

    /// The first customer id (the UCI data's first is 12346).
    public static let firstCustomerID: Int32 = 12_346
    /// 2010-12-01 00:00 and 2012-01-01 00:00 (local), the 13 months the invoices cover.
    static let start: Int64 = 1_291_161_600, end: Int64 = 1_325_376_000

    /// Generates every row.
    public func rows() -> Rows {
        var rng = SeededGenerator(seed: seed, stream: [0x5EED_106])
        let n = customers
        let m = transactions
        var out = Rows()
        out.invoice.reserveCapacity(m)
        out.time.reserveCapacity(m)
        out.product.reserveCapacity(m)
        out.quantity.reserveCapacity(m)
        out.pricePence.reserveCapacity(m)
        out.customer.reserveCapacity(m)
        out.country.reserveCapacity(m)
        out.kind.reserveCapacity(m)
        guard m > 0 else { return out }

        // Customers: a purchase-rate weight (log-normal, heavy tailed), a basket-size factor, a home country.
        var cumulative = [Double](repeating: 0, count: n)
        var basket = [Double](repeating: 1, count: n)
        var home = [UInt8](repeating: 0, count: n)
        var total = 0.0
        for c in 0..<n {
            total += Self.logNormal(&rng, mu: 0, sigma: 1.3)
            cumulative[c] = total
            basket[c] = Self.logNormal(&rng, mu: 0, sigma: 0.6)
            home[c] = SyntheticCatalog.country(Double.random(in: 0..<1, using: &rng))
        }
        // Lines per invoice: about 20 as in the UCI data, fewer when there are few rows per customer, so that every
        // customer can have a few invoices.
        let withCustomer = Double(m) * 0.8
        let meanLines = min(20, max(1, withCustomer / (Double(n) * 4)))
        // Every customer's first invoice comes from a shuffled list, so all of them appear; later ones by weight.
        var firstInvoices = Array(0..<Int32(n))
        firstInvoices.shuffle(using: &rng)
        var nextFirst = 0
        // Invoice times rise with the invoice number, spread over the 13 months: each gap is a random share of the
        // time left divided by the invoices still expected.
        var clock = Double(Self.start)
        var invoiceNumber: Int32 = 536_365
        let products = Int32(SyntheticCatalog.products.count)
        while out.count < m {
            let remaining = max(1, Double(m - out.count) / meanLines)
            let left = Double(Self.end) - clock
            clock += min(left / (remaining + 1) * Self.exponential(&rng), left / 2)  // never past the end
            var t = Int64(clock)
            // Business hours: fold the time of day into 08:00-19:59.
            let day = t - t % 86_400
            t = day + 8 * 3_600 + (t % 86_400) * 12 / 24
            t -= t % 60
            let u = Double.random(in: 0..<1, using: &rng)
            let anonymous = u < 0.2
            var customer: Int32 = 0
            var country = SyntheticCatalog.country(Double.random(in: 0..<1, using: &rng))
            var factor = 1.0
            if !anonymous {
                let c: Int
                if nextFirst < n {
                    c = Int(firstInvoices[nextFirst])
                    nextFirst += 1
                } else {
                    c = Self.pick(cumulative, Double.random(in: 0..<total, using: &rng))
                }
                customer = Self.firstCustomerID + Int32(c)
                country = home[c]
                factor = basket[c]
            }
            let cancelled = !anonymous && nextFirst >= n && Double.random(in: 0..<1, using: &rng) < 0.02 / 0.8
            let lines = 1 + Int(Self.exponential(&rng) * (meanLines - 1) + 0.5)
            for _ in 0..<lines where out.count < m {
                let p = Int32.random(in: 0..<products, using: &rng)
                var quantity = Int32(max(1, (Self.logNormal(&rng, mu: 1.4, sigma: 0.9) * factor).rounded()))
                var price = SyntheticCatalog.pricePence(Int(p))
                var kind = Kind.purchase
                let r = Double.random(in: 0..<1, using: &rng)
                if cancelled {
                    quantity = -quantity
                    kind = .cancellation
                } else if r < 0.002 {
                    quantity = -Int32.random(in: 0...20, using: &rng)  // a stock adjustment (quantity ≤ 0)
                    kind = .adjustment
                } else if r < 0.003 {
                    price = 0  // a free item
                    kind = .freeItem
                } else if r < 0.003_03 || out.count == m / 2 {
                    kind = .malformed  // written with an unreadable quantity; one in the middle of every log
                }
                out.invoice.append(invoiceNumber)
                out.time.append(t)
                out.product.append(p)
                out.quantity.append(quantity)
                out.pricePence.append(price)
                out.customer.append(customer)
                out.country.append(country)
                out.kind.append(kind)
                // About 1% of lines are written twice.
                if out.count < m && Double.random(in: 0..<1, using: &rng) < 0.01 {
                    out.invoice.append(invoiceNumber)
                    out.time.append(t)
                    out.product.append(p)
                    out.quantity.append(quantity)
                    out.pricePence.append(price)
                    out.customer.append(customer)
                    out.country.append(country)
                    out.kind.append(kind == .purchase ? .duplicate : kind)
                }
            }
            invoiceNumber += 1
        }
        return out
    }

    /// The index of the first cumulative weight above `x`.
    static func pick(_ cumulative: [Double], _ x: Double) -> Int {
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    static func exponential(_ rng: inout SeededGenerator) -> Double {
        -Foundation.log(1 - Double.random(in: 0..<1, using: &rng))
    }

    static func logNormal(_ rng: inout SeededGenerator, mu: Double, sigma: Double) -> Double {
        // Box-Muller.
        let u1 = 1 - Double.random(in: 0..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
        return Foundation.exp(mu + sigma * z)
    }
}
