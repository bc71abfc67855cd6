/// Release-build benchmarks: `swift run -c release rwview-bench --help`.
print("rwview-bench: no benchmarks yet")
