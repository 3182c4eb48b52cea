import Foundation
import Testing

@testable import RFMCore

/// Model files with each class of invalid field, made by code from a real model: every one is a `ModelFileError`
/// naming the field, raised when the model is loaded (not when scoring or drawing the charts).
@Suite struct HostileModelFileTests {
    /// `rfm report` on the shipped sample (KMeans, k = 2) and with `--algorithms gmm --k 3`, as compact JSON.
    static let kmeans =
        #"{"clustering":{"algorithm":"kmeans","centres":[[0.25393697344500554,-0.33922873599077213,-0.36276585414659823],[-0.5369402314356951,0.7976863242550191,0.7376016697781562]],"cluster_numbers":[1,2],"k":2},"customers":176,"fallback":{"description":"Patterns the rules above do not name","f":{"high":4,"low":1},"m":{"high":4,"low":1},"name":"Others","r":{"high":4,"low":1},"strategy":"Segment-specific strategies"},"features":["recency_days","frequency","monetary"],"format":"rfm-model","pca":{"components":[[-0.3977817141002452,0.6295782130852305,0.6673836838999576],[0.9162042937884061,0.3109269933850057,0.25277281663234313]],"explained_variance_ratio":[0.7538746015205033,0.1734362294712007],"mean":[-0.05162921934981062,0.10003390092237456,0.06237614373342069]},"rules":[{"description":"Bought recently, buy often and spend the most","f":{"high":4,"low":3},"m":{"high":4,"low":3},"name":"Champions","r":{"high":4,"low":4},"strategy":"Reward loyalty; introduce new products"},{"description":"Buy often and spend well; good retention","f":{"high":4,"low":3},"m":{"high":4,"low":3},"name":"Loyal Customers","r":{"high":4,"low":2},"strategy":"Increase frequency; cross-sell and upsell"},{"description":"Recent, moderately frequent, spend less","f":{"high":4,"low":2},"m":{"high":4,"low":1},"name":"Potential Loyalists","r":{"high":4,"low":3},"strategy":"Nurture with personalised offers"},{"description":"Recent first-time or rare buyers","f":{"high":1,"low":1},"m":{"high":4,"low":1},"name":"Promising","r":{"high":4,"low":3},"strategy":"Build engagement; recommend products"},{"description":"Have not bought for a while","f":{"high":4,"low":1},"m":{"high":4,"low":1},"name":"At Risk","r":{"high":2,"low":2},"strategy":"Win-back campaigns; special offers"},{"description":"Long gone, bought rarely","f":{"high":2,"low":1},"m":{"high":4,"low":1},"name":"Lost","r":{"high":1,"low":1},"strategy":"Re-engagement campaign or de-list"}],"scaler":{"center":[3.9604048396443003,1.242453324894,6.598807484595025],"scale":[2.0896470403098997,0.916290731874155,1.493278138518769]},"score_boundaries":{"frequency":[{"customer_id":"16025","value":1},{"customer_id":"17900","value":2},{"customer_id":"17625","value":4}],"monetary":[{"customer_id":"14950","value":371.2},{"customer_id":"13575","value":732.0699999999999},{"customer_id":"13750","value":1647.26}],"order":"numeric","recency":[{"customer_id":"17500","value":17},{"customer_id":"17125","value":50},{"customer_id":"12875","value":143}]},"snapshot_rule":"the day after the last invoice of the scored data, or the day after --as-of","tool":"rfm 0.1.0","trained_snapshot":"2011-12-09","transform":"log1p","version":1}"#
    static let gmm =
        #"{"clustering":{"algorithm":"gaussianMixture","centres":[[-0.11820788537348174,0.20129251609169369,0.1932477074015953],[0.3160151575586901,-0.5994889233578946,-0.5253722022660338],[-0.6109770893614292,1.2231563576999303,0.90004426384665]],"cluster_numbers":[1,2,3],"covariances":[[0.3228845954583077,0.00011276838284043386,-0.09719566384684199,0.00011276838284043386,0.08197885476476864,0.06451243455274502,-0.09719566384684199,0.06451243455274502,0.25799272349474034],[0.25610512809270153,-6.0689548086404635e-33,-0.04159238149617632,-6.0689548086404635e-33,1e-06,-4.800638081053492e-33,-0.04159238149617632,-4.800638081053492e-33,0.21339603493372464],[0.30943964995103257,-0.0026092810057370772,-0.05751673876961836,-0.0026092810057370772,0.42005224033358995,0.45533746842610695,-0.05751673876961836,0.45533746842610695,0.6644760866080799]],"k":3,"weights":[0.44044466914863595,0.36926986404882833,0.19028546680253564]},"customers":176,"fallback":{"description":"Patterns the rules above do not name","f":{"high":4,"low":1},"m":{"high":4,"low":1},"name":"Others","r":{"high":4,"low":1},"strategy":"Segment-specific strategies"},"features":["recency_days","frequency","monetary"],"format":"rfm-model","pca":{"components":[[-0.3977817141002452,0.6295782130852305,0.6673836838999576],[0.9162042937884061,0.3109269933850057,0.25277281663234313]],"explained_variance_ratio":[0.7538746015205033,0.1734362294712007],"mean":[-0.05162921934981062,0.10003390092237456,0.06237614373342069]},"rules":[{"description":"Bought recently, buy often and spend the most","f":{"high":4,"low":3},"m":{"high":4,"low":3},"name":"Champions","r":{"high":4,"low":4},"strategy":"Reward loyalty; introduce new products"},{"description":"Buy often and spend well; good retention","f":{"high":4,"low":3},"m":{"high":4,"low":3},"name":"Loyal Customers","r":{"high":4,"low":2},"strategy":"Increase frequency; cross-sell and upsell"},{"description":"Recent, moderately frequent, spend less","f":{"high":4,"low":2},"m":{"high":4,"low":1},"name":"Potential Loyalists","r":{"high":4,"low":3},"strategy":"Nurture with personalised offers"},{"description":"Recent first-time or rare buyers","f":{"high":1,"low":1},"m":{"high":4,"low":1},"name":"Promising","r":{"high":4,"low":3},"strategy":"Build engagement; recommend products"},{"description":"Have not bought for a while","f":{"high":4,"low":1},"m":{"high":4,"low":1},"name":"At Risk","r":{"high":2,"low":2},"strategy":"Win-back campaigns; special offers"},{"description":"Long gone, bought rarely","f":{"high":2,"low":1},"m":{"high":4,"low":1},"name":"Lost","r":{"high":1,"low":1},"strategy":"Re-engagement campaign or de-list"}],"scaler":{"center":[3.9604048396443003,1.242453324894,6.598807484595025],"scale":[2.0896470403098997,0.916290731874155,1.493278138518769]},"score_boundaries":{"frequency":[{"customer_id":"16025","value":1},{"customer_id":"17900","value":2},{"customer_id":"17625","value":4}],"monetary":[{"customer_id":"14950","value":371.2},{"customer_id":"13575","value":732.0699999999999},{"customer_id":"13750","value":1647.26}],"order":"numeric","recency":[{"customer_id":"17500","value":17},{"customer_id":"17125","value":50},{"customer_id":"12875","value":143}]},"snapshot_rule":"the day after the last invoice of the scored data, or the day after --as-of","tool":"rfm 0.1.0","trained_snapshot":"2011-12-09","transform":"log1p","version":1}"#

    func object(_ text: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    func text(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func folder() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rfm-model-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Loads the text as `model.json` from a file (the path `rfm score --model` and `rfm report --model` take).
    func load(_ text: String) -> Result<SavedModel, ModelFileError> {
        let url = folder().appendingPathComponent("model.json")
        try! Data(text.utf8).write(to: url)
        do { return .success(try SavedModel.load(path: url.path)) } catch { return .failure(error) }
    }

    func error(_ text: String) -> ModelFileError? {
        if case .failure(let e) = load(text) { return e }
        return nil
    }

    /// The model with one change made to its JSON object.
    func changed(_ change: (inout [String: Any]) -> Void) -> String { changed(Self.kmeans, change) }

    func changed(_ base: String, _ change: (inout [String: Any]) -> Void) -> String {
        var o = object(base)
        change(&o)
        return text(o)
    }

    func setClustering(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
        { o in
            var c = o["clustering"] as! [String: Any]
            c[key] = value
            o["clustering"] = c
        }
    }

    func setScale(_ index: Int, _ value: Double) -> (inout [String: Any]) -> Void {
        { o in
            var s = o["scaler"] as! [String: Any]
            var scale = s["scale"] as! [Double]
            scale[index] = value
            s["scale"] = scale
            o["scaler"] = s
        }
    }

    @Test func realModelsLoadAndScore() throws {
        for base in [Self.kmeans, Self.gmm] {
            let model = try load(base).get()
            let scored = try model.scoreSyntheticCustomers()
            #expect(scored.count == 10)
            #expect(scored.allSatisfy { (1...model.clustering!.k).contains($0.cluster!) && $0.pc1!.isFinite })
        }
    }

    /// The two models above were saved before clusters had names: they still load and score, with no cluster name.
    /// With `clustering.names`, the scorer gives each customer their cluster's saved name.
    @Test func clusterNamesAreOptionalAndScoredWhenSaved() throws {
        #expect(try load(Self.kmeans).get().clustering?.names == nil)
        #expect(try load(Self.kmeans).get().scoreSyntheticCustomers().allSatisfy { $0.clusterName == nil })
        let names = ["Lapsed one-time low spenders", "Recent frequent high spenders"]
        let model = try load(changed(setClustering("names", names))).get()
        #expect(model.clustering?.names == names)
        let scored = try model.scoreSyntheticCustomers()
        #expect(scored.allSatisfy { $0.clusterName == names[$0.cluster! - 1] })
        #expect(Set(scored.map(\.cluster)).count == 2)
    }

    @Test func badClusterNamesAreNamed() {
        #expect(
            error(changed(setClustering("names", ["Only one"])))?.description
                .hasSuffix("model.json: clustering.names: expected 2 names (k), found 1") == true)
        #expect(
            error(changed(setClustering("names", ["Same", "Same"])))?.description
                .hasSuffix("model.json: clustering.names[1]: \"Same\" is used twice") == true)
        #expect(error(changed(setClustering("names", ["A", " "])))?.field == "clustering.names[1]")
        #expect(error(changed(setClustering("names", ["A", "B\u{7}"])))?.field == "clustering.names[1]")
        #expect(error(changed(setClustering("names", ["A", 2])))?.field == "clustering.names[1]")
    }

    @Test func clusterNumbersOutOfRangeOrRepeatedAreNamed() {
        #expect(
            error(changed(setClustering("cluster_numbers", [1, 7])))?.description
                .hasSuffix("model.json: clustering.cluster_numbers[1]: 7 is outside 1-2") == true)
        #expect(error(changed(setClustering("cluster_numbers", [0, 1])))?.field == "clustering.cluster_numbers[0]")
        #expect(error(changed(setClustering("cluster_numbers", [2, 2])))?.message == "2 is used twice")
        #expect(error(changed(setClustering("cluster_numbers", [1])))?.field == "clustering.cluster_numbers")
        #expect(
            error(changed(setClustering("cluster_numbers", [1, -9_223_372_036_854_775_807])))?.field
                == "clustering.cluster_numbers[1]")
    }

    @Test func aZeroScaleIsRefusedWhenLoaded() {
        let e = error(changed(setScale(0, 0)))
        #expect(e?.field == "scaler.scale[0]")
        #expect(e?.message.contains("not a valid scale") == true)
        #expect(error(changed(setScale(2, -1)))?.field == "scaler.scale[2]")
    }

    @Test func aDenormalScaleIsRefusedWhenLoaded() {
        #expect(error(changed(setScale(1, Double.leastNonzeroMagnitude)))?.field == "scaler.scale[1]")
        #expect(error(changed(setScale(1, 2e-308)))?.field == "scaler.scale[1]")
        #expect(error(changed(setScale(1, 1e-15)))?.field == "scaler.scale[1]")
        // The smallest scale RobustScaler writes is accepted.
        #expect(error(changed(setScale(1, 10 * Double.ulpOfOne))) == nil)
    }

    @Test func aHugeExponentIsNotAFiniteNumberNamedByField() throws {
        // clustering.centres[1][1] of the saved model, as written.
        let text = Self.kmeans.replacingOccurrences(of: "0.7976863242550191", with: "1e999")
        #expect(text != Self.kmeans)
        #expect(error(text)?.description.hasSuffix("model.json: clustering.centres[1][1]: not a finite number") == true)
        let scale = Self.kmeans.replacingOccurrences(of: "\"scale\":[", with: "\"scale\":[-1e400,")
        #expect(error(scale)?.field == "scaler.scale[0]")
    }

    @Test func aBadColourIsRefusedWhenLoaded() {
        for bad in ["#12345g", "red", "#ＡＡＡＡＡＡ", "#+12345", ""] {
            let text = changed { o in
                var rules = o["rules"] as! [[String: Any]]
                rules[1]["colour"] = bad
                o["rules"] = rules
            }
            #expect(error(text)?.field == "rules[1].colour", "\(bad)")
        }
        let fallback = changed { o in
            var f = o["fallback"] as! [String: Any]
            f["colour"] = "blue"
            o["fallback"] = f
        }
        #expect(error(fallback)?.field == "fallback.colour")
    }

    @Test func wrongDimensionsAreNamed() {
        #expect(
            error(changed(setClustering("centres", [[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3]])))?.field
                == "clustering.centres[0]")
        #expect(error(changed(setClustering("centres", [[0.1, 0.2, 0.3]])))?.field == "clustering.centres")
        #expect(
            error(
                changed { o in
                    var p = o["pca"] as! [String: Any]
                    p["components"] = [[1.0, 0, 0]]
                    o["pca"] = p
                })?.field
                == "pca.components")
        #expect(
            error(
                changed { o in
                    var p = o["pca"] as! [String: Any]
                    p["mean"] = [0.0, 0]
                    o["pca"] = p
                })?.field == "pca.mean")
        #expect(
            error(changed { o in o["scaler"] = ["center": [0.0, 0, 0, 0], "scale": [1.0, 1, 1]] })?.field
                == "scaler.center")
        let covariances = changed(Self.gmm) { o in
            var c = o["clustering"] as! [String: Any]
            var cov = c["covariances"] as! [[Double]]
            cov[2].removeLast()
            c["covariances"] = cov
            o["clustering"] = c
        }
        #expect(error(covariances)?.field == "clustering.covariances[2]")
        #expect(
            error(
                changed { o in
                    var b = o["score_boundaries"] as! [String: Any]
                    b["monetary"] = Array((b["monetary"] as! [Any]).prefix(2))
                    o["score_boundaries"] = b
                })?.field == "score_boundaries.monetary")
    }

    @Test func absurdCountsAreRefusedBeforeAnythingIsAllocated() {
        let e = error(changed(setClustering("k", 1_000_000_000)))
        #expect(e?.field == "clustering.k")
        #expect(e?.message == "1000000000 is outside 1-50")
        #expect(error(changed(setClustering("k", 3)))?.field == "clustering.centres")
        #expect(error(changed(setClustering("k", 0)))?.field == "clustering.k")
        #expect(error(changed { o in o["customers"] = -1 })?.field == "customers")
        let rules = changed { o in
            let one = (o["rules"] as! [[String: Any]])[0]
            o["rules"] = (0...100).map { k -> [String: Any] in
                var r = one
                r["name"] = "R\(k)"
                return r
            }
        }
        #expect(error(rules)?.message == "101 rules; at most 100 are allowed")
    }

    @Test func nonFiniteAndOutOfDomainMixtureParametersAreNamed() {
        func set(_ change: @escaping (inout [String: Any]) -> Void) -> ModelFileError? {
            error(
                changed(Self.gmm) { o in
                    var c = o["clustering"] as! [String: Any]
                    change(&c)
                    o["clustering"] = c
                })
        }
        #expect(
            set { c in
                var w = c["weights"] as! [Double]
                w[0] = 0
                c["weights"] = w
            }?.field == "clustering.weights[0]")
        #expect(
            set { c in
                var w = c["weights"] as! [Double]
                w[0] += 0.5
                c["weights"] = w
            }?.field.hasPrefix("clustering.weights") == true)
        #expect(
            set { c in
                var cov = c["covariances"] as! [[Double]]
                cov[1] = [1, 2, 0, 2, 1, 0, 0, 0, 1]  // symmetric, not positive definite
                c["covariances"] = cov
            }?.description.hasSuffix("clustering.covariances[1]: not positive definite") == true)
        #expect(set { c in c["weights"] = nil }?.field == "clustering.weights")
    }

    @Test func theRulesOfAModelAreCheckedAsARulesFile() {
        func rule0(_ key: String, _ value: Any) -> ModelFileError? {
            error(
                changed { o in
                    var r = o["rules"] as! [[String: Any]]
                    r[0][key] = value
                    o["rules"] = r
                })
        }
        #expect(rule0("name", String(repeating: "N", count: 101))?.field == "rules[0].name")
        let esc = rule0("name", "Red\u{1B}[31m")
        #expect(esc?.field == "rules[0].name")
        #expect(esc?.description.unicodeScalars.contains("\u{1B}") == false)
        #expect(esc?.description.contains("Red\\u{1B}[31m") == true)
        #expect(rule0("r", ["low": 0, "high": 4])?.field == "rules[0].r")
        #expect(rule0("f", ["low": 4, "high": 2])?.field == "rules[0].f")
        #expect(rule0("strategy", String(repeating: "s", count: 2_001))?.field == "rules[0].strategy")
    }

    @Test func otherFieldsAreChecked() {
        #expect(error(changed { o in o["trained_snapshot"] = "2011-13-45" })?.field == "trained_snapshot")
        #expect(error(changed { o in o["transform"] = "sqrt" })?.field == "transform")
        #expect(error(changed { o in o["features"] = ["a", "b", "c"] })?.field == "features")
        #expect(error(changed { o in o["tool"] = "rfm\u{1B}]0;x\u{7}" })?.field == "tool")
        #expect(error(changed(setClustering("algorithm", "dbscan")))?.field == "clustering.algorithm")
        #expect(
            error(
                changed { o in
                    var p = o["pca"] as! [String: Any]
                    p["components"] = [[2.0, 0, 0], [0, 1.0, 0]]
                    o["pca"] = p
                })?
                .field == "pca.components[0]")
        #expect(
            error(
                changed { o in
                    var b = o["score_boundaries"] as! [String: Any]
                    b["monetary"] = Array((b["monetary"] as! [Any]).reversed())
                    o["score_boundaries"] = b
                })?.field.hasPrefix("score_boundaries.monetary[") == true)
        #expect(error(changed { o in o["version"] = 2 })?.message.contains("model version 2 is not supported") == true)
        #expect(error(changed { o in o["format"] = "x" })?.field == "format")
        #expect(error(changed { o in o["clustering"] = nil })?.field == "pca")
        #expect(
            error(changed(setClustering("centres", [[0.1, 0.2, 1e200], [0.1, 0.2, 0.3]])))?.field
                == "clustering.centres[0][2]")
    }

    @Test func anOversizedDeepOrNonRegularModelFileIsRefused() throws {
        let big = "{\"format\": \"rfm-model\", \"pad\": \"" + String(repeating: "x", count: 8 << 20) + "\"}"
        #expect(error(big)?.message == "larger than 8 MiB, the limit for a model file")
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let start = ContinuousClock.now
        #expect(error(deep)?.message == "nested deeper than 32 levels (line 1)")
        #expect(ContinuousClock.now - start < .seconds(1))
        let fifo = folder().appendingPathComponent("model.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect { try SavedModel.load(path: fifo) } throws: { e in
            (e as? ModelFileError)?.message == "the model file is a FIFO (named pipe), not a regular file"
        }
    }
}
