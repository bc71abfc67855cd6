import Foundation
import RWLoss
import RWRender
import RWVolume
import Testing

@testable import RWViewer

/// Issue 12 item 6: 193 classes. The loss panel lists the classes that carry the slice's loss
/// (ranked by |RW share|, `l` switches to class order) with an "N more" line, the legend scrolls
/// with "N more" lines around the selected class, and "of vol" is never negative.
@Suite struct ManyClassesTests {
  static let k = 193
  static let grid = Phantom.grid(dims: [24, 20, 2])

  /// Class of voxel (i, j): 0 on the border, one voxel each of classes 1...192 along the first
  /// rows, the rest of the inside class 150 (the class carrying most of the loss).
  static func label(_ i: Int, _ j: Int) -> Int {
    if i == 0 || j == 0 || i == 23 || j == 19 { return 0 }
    let n = (j - 1) * 22 + (i - 1)
    return n < 192 ? 1 + n : 150
  }

  static func volume(shift: Int) -> Volume {
    var d = [Float]()
    for _ in 0..<2 {
      for j in 0..<20 { for i in 0..<24 { d.append(Float(label(min(23, i + shift), j))) } }
    }
    return Volume(grid: grid, shape: grid.dims, data: d)
  }

  static func session(_ keys: String, cols: Int = 160, rows: Int = 50) -> (
    ViewerState, RecordingTerminal
  ) {
    var img = [Float]()
    for n in 0..<grid.voxelCount { img.append(Float(n % 97)) }
    let files: [String: Volume] = [
      "img.nii": Volume(grid: grid, shape: grid.dims, data: img), "gt.nii": volume(shift: 0),
      "pred.nii": volume(shift: 1),
    ]
    let loader: VolumeLoader = { path in
      guard let v = files[path] else { throw ViewerError("\(path): no such file") }
      return (v, [])
    }
    var s = ViewerState()
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s.mapOptions = MapOptions(kind: .boundary)
    let term = RecordingTerminal(width: cols, height: rows, events: keys.map { .key(.char($0)) })
    let rt = ViewerRuntime(terminal: term, state: s, loader: loader, mapSource: LossMapSource())
    rt.deterministic = true
    return (rt.run(), term)
  }

  /// The class index of each "■ c name" row of the loss panel, in order.
  static func lossRows(_ g: CellGrid, _ s: ViewerState) -> [Int] {
    let r = ViewLayout(s).inspector
    var out: [Int] = []
    var inLoss = false
    for y in r.y..<(r.y + r.height) {
      let line = String(String.UnicodeScalarView(g.lines[y].unicodeScalars.dropFirst(r.x + 2)))
      if line.hasPrefix("LOSS ") { inLoss = true }
      if line.hasPrefix("METRICS") { break }
      if inLoss, line.hasPrefix("■ "), let c = Int(line.dropFirst(2).split(separator: " ")[0]) {
        out.append(c)
      }
    }
    return out
  }

  @Test func panelRanksByContributionAndSaysHowManyMore() throws {
    let (s, term) = Self.session("L")
    let g = try #require(term.lastFrame)
    let m = try #require(LossPanelModel(s))
    #expect(m.slice.rwSumPerClass.count == Self.k)
    let v = m.slice.rwSumPerClass.map(abs)
    let expected = (0..<Self.k).sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }.prefix(8)
    #expect(Self.lossRows(g, s) == Array(expected))
    #expect(Self.lossRows(g, s).contains(150) && Self.lossRows(g, s) != Array(0..<8))
    let text = g.lines.joined(separator: "\n")
    #expect(text.contains("185 more classes"))
    // `l` twice (past the excess order): class order.
    let (o, ot) = Self.session("Lll")
    #expect(o.debug.classOrder == .classIndex)
    #expect(Self.lossRows(try #require(ot.lastFrame), o) == Array(0..<8))
    // "of vol" (the last column) is never negative on a signed map, and at most 100%.
    let r = ViewLayout(s).inspector
    for y in r.y..<(r.y + r.height) {
      let line = String(String.UnicodeScalarView(g.lines[y].unicodeScalars.dropFirst(r.x)))
      for t in line.split(separator: " ") where t.hasSuffix("%") {
        let p = try #require(Double(t.dropLast()), "\(t)")
        #expect(p >= 0 && p <= 100, "\(line)")
      }
    }
    #expect(m.signed && (0..<Self.k).allSatisfy { !(m.classShare($0) < 0) })
  }

  /// The loss panel's lines from its title to the next panel.
  static func lossLines(_ g: CellGrid, _ s: ViewerState) -> [String] {
    let r = ViewLayout(s).inspector
    let lines = (r.y..<(r.y + r.height)).map {
      String(
        String.UnicodeScalarView(g.lines[$0].unicodeScalars.dropFirst(r.x + 2).prefix(r.width - 3)))
    }
    let top = lines.firstIndex { $0.hasPrefix("LOSS ") } ?? lines.count
    return Array(lines[top...].prefix { !$0.hasPrefix("METRICS") })
  }

  /// Issue 12 item 6: `l` cycles |RW| -> excess -> class index -> |RW|, the header says which.
  /// By excess, the rows are the true classes furthest above their lowest reachable loss
  /// (`sum (l(x) - min_j Z_j(x))` over the class's voxels of the slice), with that excess, the
  /// lowest loss and the slice's share of the class's excess as columns.
  @Test func lKeyCyclesToExcessOrderAndTheHeaderSaysIt() throws {
    let (s, term) = Self.session("Ll")
    let g = try #require(term.lastFrame)
    let lines = Self.lossLines(g, s)
    #expect(lines.count > 10, "\(lines)")
    let header = try #require(lines.first { $0.contains("by excess") }, "\(lines)")
    #expect(
      header.split(separator: " ").suffix(4) == ["excess", "lowest", "of", "exc"], "\(header)")
    // The expected excess per true class, from the loss core's per-voxel loss and lowest sums.
    let a = try #require(s.debug.analysis)
    let p = a.field.profile(.k)
    let k = p.classCount
    let z = s.cursor[2]
    let gt = try #require(s.groundTruth).labels
    let plane = Self.grid.dims[0] * Self.grid.dims[1]
    var loss = [Double](repeating: 0, count: k)
    for v in (z * plane)..<((z + 1) * plane) { loss[Int(gt[v])] += Double(a.field.voxelLoss[v]) }
    let excess = (0..<k).map { c -> Double in
      let e = loss[c] - p.lowest[z * k + c]
      return e > 1e-6 * (abs(loss[c]) + abs(p.lowest[z * k + c])) ? e : 0
    }
    // The 8 rows are the largest excesses in descending order (ties within float32 precision
    // of the per-voxel loss in any order).
    let rows = Self.lossRows(g, s)
    let tol = 1e-4 * max(1, excess.max() ?? 0)
    #expect(rows.count == 8, "\(rows)")
    for (a, b) in zip(rows, rows.dropFirst()) {
      #expect(excess[a] >= excess[b] - tol, "\(a): \(excess[a]) before \(b): \(excess[b])")
    }
    let hidden = (0..<k).filter { !rows.contains($0) }.map { excess[$0] }.max() ?? 0
    #expect((rows.map { excess[$0] }.min() ?? 0) >= hidden - tol, "\(rows)")
    #expect(excess[try #require(rows.first)] > 0 && rows != Array(0..<8))
    // Each row's first value is the class's excess, whole (4 significant digits).
    for line in lines where line.hasPrefix("■ ") {
      let words = line.split(separator: " ")
      let c = Int(words[1]) ?? -1
      let shown = try #require(Double(words[words.count - 3]), "\(line)")
      #expect(abs(shown - excess[c]) <= 5e-4 * max(1, abs(excess[c])), "\(line) vs \(excess[c])")
    }
    // The classes' excess adds up to the slice's (the "RW excess" row, and the line below).
    let total = try #require(lines.first { $0.hasPrefix("RW excess") }, "\(lines)")
    let slice = try #require(Double(total.split(separator: " ")[2]))
    #expect(abs(slice - excess.reduce(0, +)) <= 5e-4 * max(1, abs(slice)), "\(total)")
    // `l` again: class index, then back to |RW|.
    let (o, ot) = Self.session("Lll")
    #expect(Self.lossLines(try #require(ot.lastFrame), o).contains { $0.contains("by class") })
    #expect(Self.lossRows(try #require(ot.lastFrame), o) == Array(0..<8))
    let (b, bt) = Self.session("Llll")
    #expect(Self.lossLines(try #require(bt.lastFrame), b).contains { $0.contains("by |RW|") })
  }

  @Test func legendScrollsWithMoreLines() throws {
    let (s, term) = Self.session("", cols: 120, rows: 30)
    let labels = legendLabels(s)
    #expect(labels.count == Self.k)
    let side = ViewLayout(s).sidebar
    func legend(_ g: CellGrid) -> [String] {
      (side.y..<(side.y + side.height)).map { y in
        String(String.UnicodeScalarView(g.lines[y].unicodeScalars.dropFirst(side.x + 1)))
          .trimmingCharacters(in: CharacterSet(charactersIn: " █"))
      }
    }
    let first = legend(try #require(term.lastFrame))
    let more = try #require(first.first { $0.hasSuffix("more (n/N)") })
    let hidden = Int(more.split(separator: " ")[1]) ?? -1
    let entries = first.filter { $0.range(of: #"^\*?[0-9]+ "#, options: .regularExpression) != nil }
    #expect(entries.count + hidden == Self.k && entries.count > 5, "\(first)")
    // 99 times `n` from class 1: class 100 selected, shown, with hidden classes above and below.
    let (t, tt) = Self.session(String(repeating: "n", count: 99), cols: 120, rows: 30)
    #expect(t.selectedClass == 100)
    let scrolled = legend(try #require(tt.lastFrame))
    #expect(scrolled.contains { $0.hasPrefix("*100 ") })
    let counts = scrolled.filter { $0.hasSuffix("more (n/N)") }.map {
      Int($0.split(separator: " ")[1]) ?? -1
    }
    let shown = scrolled.filter {
      $0.range(of: #"^\*?[0-9]+ "#, options: .regularExpression) != nil
    }
    #expect(counts.count == 2 && counts.reduce(0, +) + shown.count == Self.k, "\(scrolled)")
  }
}
