/// Benchmark placeholder; replaced by the owner of this area.
enum LoadBench {
  static func run(_ args: [String]) { print("LoadBench: not written yet") }
}
