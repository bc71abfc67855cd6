/// Benchmark placeholder; replaced by the owner of this area.
enum MapsBench {
  static func run(_ args: [String]) { print("MapsBench: not written yet") }
}
