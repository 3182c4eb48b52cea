import Testing

@testable import RFMReport

@Suite("CSV text")
struct CSVTextTests {
    @Test func quotesOnlyFieldsThatNeedIt() {
        var csv = CSVText(header: ["id", "name"])
        csv.append(["1", "plain"])
        csv.append(["2", "a, b"])
        csv.append(["3", "say \"hi\""])
        csv.append(["4", "line\nbreak"])
        // CR LF is one Character in Swift: the field must still be quoted.
        csv.append(["5", "windows\r\nline"])
        csv.append(["6", "Zoë ☕"])
        #expect(
            csv.text == """
                id,name
                1,plain
                2,"a, b"
                3,"say ""hi\"\"\"
                4,"line
                break"
                5,"windows\r
                line"
                6,Zoë ☕

                """)
    }
}
