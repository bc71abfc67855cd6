/// Benchmark placeholder; replaced by the owner of this area.
enum FrameBench {
  static func run(_ args: [String]) { print("FrameBench: not written yet") }
}
