// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "rwview",
  products: [
    .executable(name: "rwview", targets: ["rwview"]),
    /// The loss core as a library: distance transforms, RW maps, losses, principle, metrics.
    .library(name: "RWLoss", targets: ["RWLoss"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // The zip container of numpy's .npz files (nnU-Net probabilities).
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    // C shims. Only RWZlib imports CRWZlib; only RWTerminal imports CNCursesw.
    // (Not named CZlib: ZIPFoundation has a module of that name.)
    .systemLibrary(name: "CRWZlib", path: "Sources/CRWZlib", providers: [.apt(["zlib1g-dev"])]),
    // libdeflate: whole-buffer gzip inflate, 1.7-1.9x faster than zlib here. Only RWNIfTI imports it.
    .systemLibrary(
      name: "CDeflate", path: "Sources/CDeflate", providers: [.apt(["libdeflate-dev"])]),
    .systemLibrary(
      name: "CNCursesw", path: "Sources/CNCursesw", providers: [.apt(["libncurses-dev"])]),

    // Every libc call of file, process and memory handling: input files, the output guard and
    // atomic writes, signals, memory budget, huge pages, escaping, standard streams.
    .target(name: "RWSystem"),
    // Grids, spacing, affines, orientation. No I/O.
    .target(name: "RWVolume"),
    // Every zlib call: gzip inflate/deflate (NIfTI), zlib deflate (PNG).
    .target(name: "RWZlib", dependencies: ["CRWZlib"]),
    // NIfTI-1/2 reading and writing, gzip.
    .target(name: "RWNIfTI", dependencies: ["RWVolume", "RWSystem", "RWZlib", "CDeflate"]),
    // The loss core: EDT, maps, losses, principle, metrics. No I/O, no terminal.
    .target(name: "RWLoss", dependencies: ["RWSystem"]),
    // Results as text and JSON: the stats report and the profile export (one encoder), JSON
    // values that keep their number text. No I/O.
    .target(name: "RWReport", dependencies: ["RWVolume", "RWLoss", "RWSystem"]),
    // Datasets: cases discovered from nnU-Net/MONAI layouts or a manifest; .npy/.npz reading.
    .target(
      name: "RWDataset",
      dependencies: [
        "RWVolume", "RWNIfTI", "RWSystem", "RWReport",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),
    // The case browser: a dataset's cases with key numbers (state, update, view).
    .target(name: "RWBrowser", dependencies: ["RWDataset", "RWRender"]),
    // Pure rendering: slices and layers into a grid of cells.
    .target(name: "RWRender", dependencies: ["RWVolume", "RWSystem", "RWZlib"]),
    // Viewer state, update(event) -> effects, view(state) -> cells.
    .target(
      name: "RWViewer", dependencies: ["RWRender", "RWVolume", "RWLoss", "RWSystem", "RWReport"]),
    // The only code that talks to ncurses.
    .target(name: "RWTerminal", dependencies: ["RWRender", "RWSystem", "CNCursesw"]),
    // Subcommands (info, maps, stats, render, view) as a library so tests can call them.
    .target(
      name: "RWCommands",
      dependencies: [
        "RWVolume", "RWNIfTI", "RWLoss", "RWRender", "RWViewer", "RWTerminal", "RWDataset",
        "RWBrowser",
        "RWSystem", "RWReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "rwview", dependencies: ["RWCommands", "RWSystem"]),
    // The value-path fuzzer: mutated files through info, stats, maps and render in process
    // (a deterministic mutation driver, or libFuzzer; see Tests/Fuzz/README.md).
    .executableTarget(
      name: "rwview-fuzz",
      dependencies: ["RWCommands", "RWNIfTI", "RWVolume", "RWSystem", "RWZlib"],
      path: "Tests/Fuzz/Values"),
    // Release-build benchmarks against the peers in ../shared/bench (not a timed test).
    .executableTarget(
      name: "rwview-bench",
      dependencies: [
        "RWVolume", "RWNIfTI", "RWLoss", "RWRender", "RWViewer", "RWCommands", "RWSystem",
      ]),

    // Test helpers (fixture locator, snapshot asserter, process runner, tmux, rwview binary).
    // Only test targets depend on it.
    .target(name: "RWTestSupport", path: "Tests/RWTestSupport"),

    .testTarget(name: "RWSystemTests", dependencies: ["RWSystem", "RWTestSupport"]),
    .testTarget(name: "RWReportTests", dependencies: ["RWReport", "RWLoss", "RWTestSupport"]),
    .testTarget(
      name: "RWBrowserTests", dependencies: ["RWBrowser", "RWDataset", "RWRender", "RWTestSupport"]),
    .testTarget(
      name: "RWNIfTITests",
      dependencies: ["RWNIfTI", "RWVolume", "RWSystem", "RWZlib", "RWTestSupport"]),
    .testTarget(name: "RWLossTests", dependencies: ["RWLoss", "RWTestSupport"]),
    .testTarget(
      name: "RWDatasetTests",
      dependencies: ["RWDataset", "RWNIfTI", "RWVolume", "RWTestSupport"]),
    .testTarget(
      name: "RWRenderTests", dependencies: ["RWRender", "RWVolume", "RWZlib", "RWTestSupport"],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "RWTerminalTests",
      dependencies: ["RWTerminal", "RWRender", "RWSystem", "RWTestSupport"]),
    .testTarget(
      name: "RWViewerTests",
      dependencies: ["RWViewer", "RWRender", "RWVolume", "RWLoss", "RWTestSupport"],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "RWCommandsTests",
      dependencies: [
        "RWCommands", "RWNIfTI", "RWLoss", "RWVolume", "RWViewer", "RWRender", "RWDataset",
        "RWSystem", "RWTestSupport",
      ]),
  ]
)
