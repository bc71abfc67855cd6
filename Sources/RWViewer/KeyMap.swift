/// The key map as data: `update` looks keys up here and `?` prints it.
import RWRender

/// Something a key does.
public enum Action: String, Hashable, Sendable, CaseIterable {
  case quit, toggleHelp
  case sliceNext, slicePrev, sliceNext10, slicePrev10, sliceFirst, sliceLast, gotoSlice
  case cursorUp, cursorDown, cursorLeft, cursorRight
  case panUp, panDown, panLeft, panRight, zoomIn, zoomOut, centreOnCursor, resetView
  case planeAxial, planeCoronal, planeSagittal, threePlane, nextPlane, previousPlane
  case toggleImage, toggleGroundTruth, togglePrediction, toggleError, toggleMap, switchMapQuantity
  case nextClass, previousClass, groundTruthStyle, predictionStyle, opacityUp, opacityDown
  case windowWider, windowNarrower, levelUp, levelDown, autoWindow
  case toggleRadiological, frameNext, framePrevious, suspend
  // Datasets: the next or previous case of the browser's list.
  case nextCase, previousCase
  // Two models: the second prediction and where the two disagree.
  case togglePredictionB, toggleDifference
  // Loss and instability debugging.
  case lossPanel, classOrder, metricsPanel, profileStrip, profileMode, worstNext, worstPrevious
  case mapKindNext, mapKindPrevious, mapGeometry, mapAxis, mapUnits, mapInt32, mapRatio, mapWeights
  case compareToggle, compareKindNext, instability, simulate, simulationStart, simulationCompound
  case exportFrame, exportProfile

  /// The actions of the loss and instability debugging features.
  public var isDebug: Bool {
    switch self {
    case .lossPanel, .classOrder, .metricsPanel, .profileStrip, .profileMode, .worstNext,
      .worstPrevious, .mapKindNext,
      .mapKindPrevious, .mapGeometry, .mapAxis, .mapUnits, .mapInt32, .mapRatio, .mapWeights,
      .compareToggle,
      .compareKindNext, .instability, .simulate, .simulationStart, .simulationCompound,
      .exportFrame, .exportProfile:
      return true
    default: return false
    }
  }
}

/// One entry of the key map: the keys, what they do, and the help text.
public struct KeyBinding: Equatable, Sendable {
  public var keys: [Key]
  public var action: Action
  public var help: String
  /// Help section.
  public var group: String

  public init(_ keys: [Key], _ action: Action, _ help: String, group: String) {
    self.keys = keys
    self.action = action
    self.help = help
    self.group = group
  }
}

/// One section of the help: a title and its entry lines.
public struct HelpGroup: Equatable, Sendable {
  public var title: String
  public var entries: [String]
  /// Column where the descriptions start (for wrapping a long one under itself).
  public var descriptionColumn: Int = 0
}

public struct KeyMap: Sendable {
  public var bindings: [KeyBinding]
  private var table: [Key: Action]

  public init(_ bindings: [KeyBinding]) {
    self.bindings = bindings
    var t: [Key: Action] = [:]
    for b in bindings {
      for k in b.keys where t[k] == nil { t[k] = b.action }
    }
    table = t
  }

  /// The action bound to `key`, if any.
  public func action(for key: Key) -> Action? { table[key] }

  /// The keys bound to `action`.
  public func keys(for action: Action) -> [Key] {
    bindings.first { $0.action == action }?.keys ?? []
  }

  /// Help lines "keys  description", grouped, generated from the bindings.
  public func helpLines(ascii: Bool = false) -> [String] {
    var out: [String] = []
    for group in helpGroups(ascii: ascii) {
      if !out.isEmpty { out.append("") }
      out.append(group.title)
      out += group.entries
    }
    return out
  }

  /// The help as groups in key map order: each group's title and its "  keys  description" lines.
  ///
  /// The keys column is as wide as the longest key list, so descriptions line up.
  public func helpGroups(ascii: Bool = false) -> [HelpGroup] {
    let keyTexts = bindings.map { b in
      b.keys.map { ascii ? $0.asciiName : $0.displayName }.joined(separator: " ")
    }
    let keyWidth = keyTexts.map(\.count).max() ?? 0
    var out: [HelpGroup] = []
    for (b, keys) in zip(bindings, keyTexts) {
      if out.last?.title != b.group {
        out.append(HelpGroup(title: b.group, entries: [], descriptionColumn: keyWidth + 3))
      }
      out[out.count - 1].entries.append(
        "  " + keys.padding(to: keyWidth) + " " + (ascii ? b.help.asciiFolded : b.help))
    }
    return out
  }

  /// The default key map. Slices: k/j (vim up/down); cursor: arrows only, so j/k never move it;
  /// pan: Shift-arrows or W/A/S/D (upper case, for terminals that do not send Shift-arrows).
  public static let standard = KeyMap([
    KeyBinding([.char("k"), .pageUp], .sliceNext, "next slice", group: "Slices"),
    KeyBinding([.char("j"), .pageDown], .slicePrev, "previous slice", group: "Slices"),
    KeyBinding([.char("K")], .sliceNext10, "10 slices forward", group: "Slices"),
    KeyBinding([.char("J")], .slicePrev10, "10 slices back", group: "Slices"),
    KeyBinding([.home], .sliceFirst, "first slice", group: "Slices"),
    KeyBinding([.end], .sliceLast, "last slice", group: "Slices"),
    KeyBinding([.char("g")], .gotoSlice, "go to slice (digits, Enter)", group: "Slices"),
    KeyBinding([.char("]")], .frameNext, "next volume (4th dimension)", group: "Slices"),
    KeyBinding([.char("[")], .framePrevious, "previous volume (4th dim)", group: "Slices"),
    KeyBinding([.up], .cursorUp, "cursor up", group: "Cursor and view"),
    KeyBinding([.down], .cursorDown, "cursor down", group: "Cursor and view"),
    KeyBinding([.left], .cursorLeft, "cursor left", group: "Cursor and view"),
    KeyBinding([.right], .cursorRight, "cursor right", group: "Cursor and view"),
    KeyBinding([.char("+"), .char("=")], .zoomIn, "zoom in", group: "Cursor and view"),
    KeyBinding([.char("-")], .zoomOut, "zoom out", group: "Cursor and view"),
    KeyBinding([.shiftUp, .char("W")], .panUp, "pan up", group: "Cursor and view"),
    KeyBinding([.shiftDown, .char("S")], .panDown, "pan down", group: "Cursor and view"),
    KeyBinding([.shiftLeft, .char("A")], .panLeft, "pan left", group: "Cursor and view"),
    KeyBinding([.shiftRight, .char("D")], .panRight, "pan right", group: "Cursor and view"),
    KeyBinding(
      [.char("c")], .centreOnCursor, "centre the view on the cursor", group: "Cursor and view"),
    KeyBinding([.char("0")], .resetView, "reset zoom and pan", group: "Cursor and view"),
    KeyBinding([.char("1")], .planeAxial, "axial plane", group: "Planes"),
    KeyBinding([.char("2")], .planeCoronal, "coronal plane", group: "Planes"),
    KeyBinding([.char("3")], .planeSagittal, "sagittal plane", group: "Planes"),
    KeyBinding([.char("4")], .threePlane, "three-plane layout on/off", group: "Planes"),
    KeyBinding([.tab], .nextPlane, "next plane (three-plane focus)", group: "Planes"),
    KeyBinding([.backTab], .previousPlane, "previous plane", group: "Planes"),
    KeyBinding([.char("r")], .toggleRadiological, "radiological / neurological", group: "Planes"),
    KeyBinding([.char("i")], .toggleImage, "image layer on/off", group: "Layers"),
    KeyBinding([.char("t")], .toggleGroundTruth, "ground truth on/off", group: "Layers"),
    KeyBinding([.char("p")], .togglePrediction, "prediction (argmax) on/off", group: "Layers"),
    KeyBinding([.char("e")], .toggleError, "error layer TP/FP/FN on/off", group: "Layers"),
    KeyBinding([.char("m")], .toggleMap, "RW map layer on/off", group: "Layers"),
    KeyBinding([.char("M")], .switchMapQuantity, "class map / per-voxel loss P·Z", group: "Layers"),
    KeyBinding([.char("n")], .nextClass, "next class", group: "Layers"),
    KeyBinding([.char("N")], .previousClass, "previous class", group: "Layers"),
    KeyBinding(
      [.char("B")], .togglePredictionB, "prediction B outline (--pred-b)", group: "Layers"),
    KeyBinding([.char("d")], .toggleDifference, "A/B difference: which is right", group: "Layers"),
    KeyBinding([.char("o")], .groundTruthStyle, "ground truth fill / outline", group: "Layers"),
    KeyBinding([.char("O")], .predictionStyle, "prediction fill / outline", group: "Layers"),
    KeyBinding([.char(".")], .opacityUp, "more opaque overlays", group: "Layers"),
    KeyBinding([.char(",")], .opacityDown, "more transparent overlays", group: "Layers"),
    KeyBinding([.char(">")], .windowWider, "wider window (less contrast)", group: "Window"),
    KeyBinding([.char("<")], .windowNarrower, "narrower window (more contrast)", group: "Window"),
    KeyBinding([.char("}")], .levelUp, "raise level (darker)", group: "Window"),
    KeyBinding([.char("{")], .levelDown, "lower level (brighter)", group: "Window"),
    KeyBinding([.char("a")], .autoWindow, "auto window (1st-99th centile)", group: "Window"),
    KeyBinding([.char("L")], .lossPanel, "loss panel (slice and volume)", group: "Loss debugging"),
    KeyBinding(
      [.char("l")], .classOrder, "panel class order: RW / excess / index", group: "Loss debugging"),
    KeyBinding(
      [.char("T")], .metricsPanel, "metrics: Dice IoU HD95 volume", group: "Loss debugging"),
    KeyBinding([.char("P")], .profileStrip, "per-slice profile strip", group: "Loss debugging"),
    KeyBinding(
      [.char("V")], .profileMode, "profile: excess / RW sum / violations", group: "Loss debugging"),
    KeyBinding([.char("w")], .worstNext, "next highest slice of profile", group: "Loss debugging"),
    KeyBinding(
      [.char("b")], .worstPrevious, "back in the worst-slice list", group: "Loss debugging"),
    KeyBinding(
      [.char("I")], .instability, "instability: A/B, dl/dX, raise", group: "Loss debugging"),
    KeyBinding(
      [.char("s")], .simulate, "descent simulator run/stop/close", group: "Loss debugging"),
    KeyBinding(
      [.char("U")], .simulationStart, "simulate from prediction/uniform", group: "Loss debugging"),
    KeyBinding(
      [.char("E")], .simulationCompound, "simulate RW / +Dice / +CE schedule",
      group: "Loss debugging"),
    KeyBinding([.char("X")], .exportFrame, "export the frame as PNG", group: "Loss debugging"),
    KeyBinding(
      [.char("#")], .exportProfile, "export the profile (CSV, JSON)", group: "Loss debugging"),
    KeyBinding([.char("f")], .mapKindNext, "next map kind", group: "Maps"),
    KeyBinding([.char("F")], .mapKindPrevious, "previous map kind", group: "Maps"),
    KeyBinding([.char("y")], .mapGeometry, "map 2D / 3D", group: "Maps"),
    KeyBinding([.char("x")], .mapAxis, "2D map slicing axis i/j/k", group: "Maps"),
    KeyBinding([.char("u")], .mapUnits, "map distances voxel / mm", group: "Maps"),
    KeyBinding([.char("z")], .mapInt32, "int32 truncation (kervadec)", group: "Maps"),
    KeyBinding([.char("R")], .mapRatio, "rrw-ci ratio presets", group: "Maps"),
    KeyBinding([.char("H")], .mapWeights, "wce weights auto / ones", group: "Maps"),
    KeyBinding([.char("C")], .compareToggle, "compare two maps side by side", group: "Maps"),
    KeyBinding([.char("v")], .compareKindNext, "next compare map kind", group: "Maps"),
    KeyBinding([.char("?")], .toggleHelp, "this help", group: "General"),
    KeyBinding([.char(")")], .nextCase, "next case of the dataset list", group: "General"),
    KeyBinding([.char("(")], .previousCase, "previous case of the dataset list", group: "General"),
    KeyBinding([.ctrl("z")], .suspend, "suspend to the shell (fg resumes)", group: "General"),
    KeyBinding([.char("q"), .ctrl("c")], .quit, "quit", group: "General"),
  ])
}

extension String {
  /// The text with the few non-ASCII signs the help uses spelled in ASCII ("·" as "*").
  var asciiFolded: String {
    String(
      String.UnicodeScalarView(
        unicodeScalars.flatMap { c -> [Unicode.Scalar] in
          if c.isASCII { return [c] }
          switch c {
          case "·", "×": return ["*"]
          case "–", "—": return ["-"]
          case "…": return [".", ".", "."]
          default: return ["?"]
          }
        }))
  }

  /// Pads with spaces to at least `width` characters.
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
