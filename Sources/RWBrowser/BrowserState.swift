import RWDataset

/// The case browser's state: the cases with their key numbers, the sort and the cursor.
///
/// Elm architecture: `updateBrowser(&state, event) -> [BrowserEffect]` and
/// `browserView(state) -> CellGrid`; the session runs files, stats and the viewer.
public struct BrowserState: Equatable, Sendable {
  /// One column of key numbers: a `CaseRanking` key and its title.
  public struct Column: Equatable, Sendable {
    public var ranking: CaseRanking
    public var title: String
    public init(_ key: String, _ title: String) throws(DatasetError) {
      ranking = try CaseRanking(key)
      self.title = title
    }
  }

  /// One case of the list.
  public struct Row: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
      case pending, done
      case failed(String)
      case noPrediction
    }
    public var id: String
    public var values: [Double?]
    public var status: Status
  }

  /// What the list shows at the top ("Dataset001_X (nnU-Net), predictions validation/").
  public var title: String
  public var columns: [Column]
  /// Rows in case id order.
  public var rows: [Row]
  /// The column the list is sorted by, worst first (nil: case id order).
  public var sortColumn: Int?
  /// The cursor's position in `order`.
  public var cursor = 0
  /// First position shown.
  public var scroll = 0
  public var termCols = 80
  public var termRows = 24
  public var message: String?
  public var quitRequested = false

  /// The standard columns: RW excess, RW sum, CE, foreground Dice and HD95.
  public static func standardColumns() -> [Column] {
    [
      ("rw_excess", "rw_excess"), ("rw_sum", "rw_sum"), ("ce", "ce"), ("dice", "dice"),
      ("hd95", "hd95"),
    ]
    .compactMap { try? Column($0.0, $0.1) }
  }

  /// A list of `cases`; cases without labels or a prediction are shown but cannot be computed.
  public init(title: String, cases: [DatasetCase], columns: [Column] = standardColumns()) {
    self.title = title
    self.columns = columns
    rows = cases.sorted { $0.id < $1.id }.map { c in
      Row(
        id: c.id, values: Array(repeating: nil, count: columns.count),
        status: c.labels != nil && c.prediction != nil ? .pending : .noPrediction)
    }
  }

  /// Row indices in display order: sorted by `sortColumn` worst first (cases without a value
  /// last, ties by id), else by id.
  public var order: [Int] {
    guard let c = sortColumn, c < columns.count else { return Array(rows.indices) }
    let larger = columns[c].ranking.largerFirst
    return rows.indices.sorted { a, b in
      switch (rows[a].values[c], rows[b].values[c]) {
      case (let x?, let y?) where x != y: return larger ? x > y : x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return rows[a].id < rows[b].id
      }
    }
  }

  /// The id under the cursor.
  public var selectedID: String? {
    let o = order
    return o.indices.contains(cursor) ? rows[o[cursor]].id : nil
  }

  /// Cases computed (done or failed) and to compute.
  public var progress: (done: Int, total: Int) {
    let total = rows.filter { $0.status != .noPrediction }.count
    let done = rows.filter {
      if case .pending = $0.status { return false }
      return $0.status != .noPrediction
    }.count
    return (done, total)
  }

  /// The case `step` places after `id` in the list's order (nil past either end).
  public func neighbour(of id: String, step: Int) -> String? {
    let o = order
    guard let p = o.firstIndex(where: { rows[$0].id == id }) else { return nil }
    let q = p + step
    return o.indices.contains(q) ? rows[o[q]].id : nil
  }

  /// Moves the cursor to `id` (kept in view).
  public mutating func select(_ id: String) {
    if let p = order.firstIndex(where: { rows[$0].id == id }) { cursor = p }
    keepCursorVisible()
  }

  /// Rows of cases the list has room for.
  public var visibleRows: Int { max(1, termRows - 4) }

  mutating func keepCursorVisible() {
    cursor = max(0, min(cursor, rows.count - 1))
    if cursor < scroll { scroll = cursor }
    if cursor >= scroll + visibleRows { scroll = cursor - visibleRows + 1 }
    scroll = max(0, min(scroll, max(0, rows.count - visibleRows)))
  }
}
