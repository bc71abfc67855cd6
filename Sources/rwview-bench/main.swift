/// Release-build benchmarks against the peers in ../shared/bench.
///
/// `swift run -c release rwview-bench load|maps|frame|debug|stats|all [options]`
let args = Array(CommandLine.arguments.dropFirst())
let which = args.first ?? "all"
let rest = Array(args.dropFirst())
switch which {
case "load": LoadBench.run(rest)
case "maps": MapsBench.run(rest)
case "frame": FrameBench.run(rest)
case "debug": DebugBench.run(rest)
case "stats": StatsBench.run(rest)
case "all":
  LoadBench.run(rest)
  MapsBench.run(rest)
  FrameBench.run(rest)
  DebugBench.run(rest)
default:
  print("usage: rwview-bench load|maps|frame|debug|stats|all [options]")
}
