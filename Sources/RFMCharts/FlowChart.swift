/// A two-column flow (Sankey) diagram: how many customers moved from each segment last month (left)
/// to each segment this month (right). Nodes are sized by their totals; bands by the flows.
public struct FlowChart: Sendable {
    /// Left nodes, top to bottom (e.g. "New customers", "Champions", …).
    public var sources: [String]
    /// Right nodes, top to bottom.
    public var targets: [String]
    /// flows[source][target] ≥ 0 (customers).
    public var flows: [[Double]]
    /// `#RRGGBB` per source node; nil = palette series colours in order.
    public var sourceColours: [String]?
    /// `#RRGGBB` per target node; nil = palette series colours in order.
    public var targetColours: [String]?
    /// How node totals are written on their labels.
    public var valueFormat: ValueFormat
    /// Title above the left column ("Last month").
    public var leftTitle: String?
    /// Title above the right column ("This month").
    public var rightTitle: String?

    /// Creates a flow chart.
    public init(
        sources: [String], targets: [String], flows: [[Double]], sourceColours: [String]? = nil,
        targetColours: [String]? = nil, valueFormat: ValueFormat = .integer, leftTitle: String? = nil,
        rightTitle: String? = nil
    ) {
        self.sources = sources
        self.targets = targets
        self.flows = flows
        self.sourceColours = sourceColours
        self.targetColours = targetColours
        self.valueFormat = valueFormat
        self.leftTitle = leftTitle
        self.rightTitle = rightTitle
    }
}
