import Foundation
import RWCommands
import RWNIfTI
import RWSystem

/// `rwview-fuzz procs`: mutants of real files through the real `rwview` binary, one process
/// per command under a time limit. Counts executions, exit codes, signals, "Fatal error"s,
/// hangs, error output that is not one `rwview:` line, and peak RSS; keeps every finding's
/// input under OUT/findings.
///
///     rwview-fuzz procs --rwview BIN --out DIR [--seconds S] [--timeout T] [--seed N]
///                       [--max-memory 1G] FILE...
enum ProcessFuzz {
  /// What one command (by name) did over the run.
  struct Tally {
    var runs = 0
    var ends: [Child.End: Int] = [:]
    var peakKB = 0
    var seconds = 0.0
    var findings = 0
  }

  nonisolated(unsafe) static var tallies: [String: Tally] = [:]
  nonisolated(unsafe) static var findingKinds: [String: Int] = [:]

  static func main(_ a: [String]) {
    var opts: [String: String] = [:]
    var paths: [String] = []
    var k = 0
    while k < a.count {
      if a[k].hasPrefix("--"), k + 1 < a.count {
        opts[a[k]] = a[k + 1]
        k += 2
      } else {
        paths.append(a[k])
        k += 1
      }
    }
    guard let bin = opts["--rwview"], let out = opts["--out"] else {
      FuzzMain.fail("procs: needs --rwview BIN --out DIR and seed files")
    }
    let seconds = Double(opts["--seconds"] ?? "") ?? 60
    let limit = Double(opts["--timeout"] ?? "") ?? 10
    let seed = UInt64(opts["--seed"] ?? "") ?? 1
    let memory = opts["--max-memory"] ?? "1G"
    let rssLimitKB = Int((MemoryBudget.parseSize(memory) ?? 1 << 30) / 1024) * 5 / 4 + 65536
    try? FileManager.default.createDirectory(
      atPath: out + "/findings", withIntermediateDirectories: true)
    // Seeds are read again for each mutant: a spawned child's ru_maxrss starts at this
    // process's resident size (posix_spawn shares its memory until exec), so it stays small.
    var seeds: [FileSeed] = []
    var weights: [Int] = []
    for p in paths {
      guard var s = FileSeed.load(p) else { continue }
      s.partners = partners(for: s, dir: out + "/partners/\(seeds.count)")
      // Big seeds (> 1 MiB of voxels) are picked a tenth as often.
      weights.append(s.bytes.count > 1 << 20 ? 1 : 10)
      s.bytes = []
      seeds.append(s)
    }
    guard !seeds.isEmpty else { FuzzMain.fail("procs: no usable seed files") }
    let total = weights.reduce(0, +)
    let began = Date()
    var lastReport = began
    var mutants = 0
    var i = 0
    print("procs: \(seeds.count) seeds, load \(loadAverage()), \(seconds) s, timeout \(limit) s")
    while Date().timeIntervalSince(began) < seconds {
      let n = seed &* 1_000_003 &+ UInt64(i)
      var rng = SplitMix64(seed: n &* 0x2545_F491_4F6C_DD1D)
      var pick = Int.random(in: 0..<total, using: &rng)
      var s = 0
      while pick >= weights[s] {
        pick -= weights[s]
        s += 1
      }
      let (m, files) = mutant(of: seeds[s], rng: &rng, stem: out + "/m")
      for (name, args) in commands(m, seeds[s], out: out, i: i) {
        let errPath = out + "/stderr.txt"
        guard
          let c = Child.run(bin, args + ["--max-memory", memory], errPath: errPath, limit: limit)
        else { FuzzMain.fail("procs: cannot start \(bin)") }
        record(name, c, rssLimitKB: rssLimitKB) { kind in
          keep(kind, name, i, args, c, files, out: out)
        }
      }
      mutants += 1
      i += 1
      if Date().timeIntervalSince(lastReport) > 60 {
        lastReport = Date()
        print(summary(mutants, Date().timeIntervalSince(began)))
      }
    }
    let text = summary(mutants, Date().timeIntervalSince(began)) + "\nload \(loadAverage())\n"
    print(text)
    Pipeline.put(Array(text.utf8), out + "/summary.txt")
  }

  /// Writes a mutant of `seed` as `stem` (1-4 mutations; a quarter of compressed ones also
  /// get their gzip stream damaged).
  static func mutant(of seed: FileSeed, rng: inout SplitMix64, stem: String) -> (String, [String]) {
    let bytes = Mutator.mutate(FileSeed.load(seed.path)?.bytes ?? [], rng: &rng)
    let damage = Int.random(in: 0..<4, using: &rng) == 0
    return seed.write(bytes, stem: stem, rng: &rng, gzipDamage: damage)
  }

  /// The command lines run on mutant `m` (its partners come from the unmutated seed).
  static func commands(_ m: String, _ s: FileSeed, out: String, i: Int) -> [(String, [String])] {
    var r: [(String, [String])] = [
      ("info", ["info", m]),
      ("info --json --stats", ["info", "--json", "--stats", m]),
      ("maps", ["maps", m, "-o", out + "/maps-out.nii.gz"]),
      ("render", ["render", m, "--format", i % 2 == 0 ? "text" : "ansi", "--size", "60x20"]),
    ]
    if let (g, p, img) = s.partners {
      r += [
        ("stats (as labels)", ["stats", "--gt", m, "--pred", p]),
        (
          "stats (as prediction)",
          ["stats", "--gt", g, "--pred", m] + (i % 3 == 0 ? ["--json"] : [])
        ),
        ("render (as prediction)", ["render", img, "--gt", g, "--pred", m, "--format", "text"]),
      ]
    } else {
      r.append(("stats (as labels)", ["stats", "--gt", m, "--pred", m]))
    }
    return r
  }

  /// Adds run `c` of `name` to the tallies; calls `finding` with the kind of each finding.
  static func record(_ name: String, _ c: Child, rssLimitKB: Int, finding: (String) -> Void) {
    var t = tallies[name] ?? Tally()
    t.runs += 1
    t.ends[c.end, default: 0] += 1
    t.peakKB = max(t.peakKB, c.peakKB)
    t.seconds += c.seconds
    var kinds: [String] = []
    switch c.end {
    case .signal(let s): kinds.append("signal-\(s)")
    case .timeout: kinds.append("timeout")
    case .exit(let code) where code != 0:
      let lines = c.stderr.split(separator: "\n", omittingEmptySubsequences: true)
      let errors = lines.filter {
        !$0.hasPrefix("rwview: warning:") && !$0.hasPrefix("rwview: note:")
      }
      if errors.count != 1 || !(errors.first?.hasPrefix("rwview: ") ?? false) {
        kinds.append(errors.isEmpty ? "no-error-line" : "not-one-error-line")
      }
    case .exit: break
    }
    for marker in ["Fatal error", "Program crashed", "Backtrace"] where c.stderr.contains(marker) {
      kinds.append("trap-text")
      break
    }
    if c.peakKB > rssLimitKB { kinds.append("rss-above-guard") }
    for k in kinds {
      t.findings += 1
      findingKinds[k, default: 0] += 1
      finding(k)
    }
    tallies[name] = t
  }

  /// Copies a finding's input files, command line and stderr to OUT/findings (at most 20 of
  /// a kind per command).
  static func keep(
    _ kind: String, _ name: String, _ i: Int, _ args: [String], _ c: Child, _ files: [String],
    out: String
  ) {
    let tag = name.replacingOccurrences(of: " ", with: "_")
    let countKey = kind + tag
    keptCounts[countKey, default: 0] += 1
    guard keptCounts[countKey, default: 0] <= 20 else { return }
    let d = out + "/findings/\(kind)-\(tag)-\(i)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    for f in files {
      try? FileManager.default.copyItem(
        atPath: f, toPath: d + "/" + (f as NSString).lastPathComponent)
    }
    let info = "\(args.joined(separator: " "))\n\(c.end) peak_kb \(c.peakKB)\n---\n\(c.stderr)"
    Pipeline.put(Array(info.utf8), d + "/run.txt")
  }
  nonisolated(unsafe) static var keptCounts: [String: Int] = [:]

  /// Labels, probabilities and an image on `s`'s grid, when it loads and is small.
  static func partners(for s: FileSeed, dir: String) -> (String, String, String)? {
    guard let (v, _) = try? NIfTI.loadVolume(path: s.path), v.grid.voxelCount <= 1 << 21 else {
      return nil
    }
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let r = (dir + "/g.nii", dir + "/p.nii", dir + "/i.nii")
    Pipeline.writePartners(v.grid, labels: r.0, probs: r.1, image: r.2)
    return r
  }

  static func summary(_ mutants: Int, _ seconds: Double) -> String {
    var lines = ["mutants \(mutants) seconds \(Int(seconds))"]
    var runs = 0
    for (name, t) in tallies.sorted(by: { $0.key < $1.key }) {
      runs += t.runs
      let ends = t.ends.sorted { "\($0.key)" < "\($1.key)" }.map { "\($0.key)=\($0.value)" }
      lines.append(
        "  \(name): runs \(t.runs) peak_rss_mb \(t.peakKB / 1024) "
          + "mean_s \(String(format: "%.3f", t.seconds / Double(max(t.runs, 1)))) "
          + "findings \(t.findings) ends \(ends.joined(separator: " "))")
    }
    lines.insert("executions \(runs) findings \(findingKinds)", at: 1)
    return lines.joined(separator: "\n")
  }

  static func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")
      .split(separator: " ").prefix(3).joined(separator: " ")
  }
}
