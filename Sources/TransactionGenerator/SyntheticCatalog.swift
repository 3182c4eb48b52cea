/// Products, prices and countries of the synthetic log: a fixed catalogue in the style of the UCI data.
public enum SyntheticCatalog {
    /// Stock codes and descriptions: 600 products from combinations of a few words.
    public static let products: [(code: String, description: String)] = {
        let things = [
            "HEART T-LIGHT HOLDER", "METAL LANTERN", "CREAM CUPID HEARTS COAT HANGER", "UNION FLAG HOT WATER BOTTLE",
            "KNITTED HOT WATER BOTTLE", "GLASS STAR FROSTED T-LIGHT HOLDER", "HAND WARMER", "LUNCH BAG", "JUMBO BAG",
            "CAKE CASES", "ALARM CLOCK BAKELIKE", "PARTY BUNTING", "REGENCY CAKESTAND 3 TIER", "CHILDRENS CUTLERY SET",
            "DOORMAT", "PICNIC BASKET", "SPOTTY BUNTING", "PAPER CHAIN KIT", "WATER BOTTLE", "STORAGE JAR",
        ]
        let styles = [
            "WHITE", "RED", "PINK", "BLUE", "VINTAGE", "RETRO", "SPACEBOY", "WOODLAND", "SKULLS", "DOLLY GIRL",
            "RED RETROSPOT", "ANTIQUE SILVER", "SET OF 3", "LARGE", "SMALL", "PACK OF 12", "FAIRY", "GINGHAM",
            "CHRISTMAS", "PAISLEY",
        ]
        var out: [(String, String)] = []
        var code = 20_700
        for (i, thing) in things.enumerated() {
            for (j, style) in styles.enumerated() where (i + j) % 2 == 0 || out.count % 3 == 0 {
                code += 37 + (i * 7 + j * 3) % 29
                let suffix = (i + j) % 5 == 0 ? String(UnicodeScalar(UInt8(65 + (j % 4)))) : ""
                out.append(("\(code)\(suffix)", "\(style) \(thing)"))
            }
        }
        return out.map { (code: $0.0, description: $0.1) }
    }()

    /// The unit price of a product in pence: between £0.29 and about £40, most under £5.
    public static func pricePence(_ product: Int) -> Int32 {
        var h = UInt64(product) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        let u = Double(h % 10_000) / 10_000
        let pounds = 0.29 + 39.7 * u * u * u * u
        return Int32((pounds * 100).rounded())
    }

    /// Countries and their shares of customers (the UCI data is about 90% United Kingdom).
    public static let countries: [(name: String, share: Double)] = [
        ("United Kingdom", 0.86), ("Germany", 0.025), ("France", 0.022), ("EIRE", 0.015), ("Spain", 0.01),
        ("Belgium", 0.008),
        ("Switzerland", 0.007), ("Portugal", 0.007), ("Netherlands", 0.006), ("Norway", 0.005), ("Italy", 0.005),
        ("Australia", 0.005),
        ("Channel Islands", 0.004), ("Finland", 0.004), ("Sweden", 0.004), ("Denmark", 0.004), ("Japan", 0.003),
        ("Poland", 0.003),
        ("USA", 0.003),
    ]

    /// The country index for a uniform draw `u` in [0, 1).
    static func country(_ u: Double) -> UInt8 {
        var acc = 0.0
        for (i, c) in countries.enumerated() {
            acc += c.share
            if u < acc { return UInt8(i) }
        }
        return 0
    }
}
