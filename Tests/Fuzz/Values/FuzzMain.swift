import Foundation
import RWCommands
import RWNIfTI

#if !RWFUZZ_LIBFUZZER
  /// `rwview-fuzz`: the value-path fuzzer without libFuzzer (see Tests/Fuzz/README.md).
  ///
  ///     rwview-fuzz run --seed N --start I --count C [--seconds S] --out DIR SEED.nii...
  ///     rwview-fuzz one FILE            run the pipeline once on FILE, with its output shown
  ///     rwview-fuzz mutate N FROM TO    write mutant N of FROM (plain .nii bytes) to TO
  ///     rwview-fuzz seeds DIR           write small valid seeds (image, labels, probabilities)
  ///     rwview-fuzz procs --rwview BIN --out DIR FILE...   mutants through the real binary
  ///
  /// `run` writes each input to DIR/current.nii (and its number to DIR/current.txt) before
  /// running it, so a trap leaves the input behind; it prints one summary line at the end.
  @main struct FuzzMain {
    static func main() {
      let a = Array(CommandLine.arguments.dropFirst())
      switch a.first {
      case "run": run(Array(a.dropFirst()))
      case "procs": ProcessFuzz.main(Array(a.dropFirst()))
      case "one" where a.count == 2:
        guard let b = FileManager.default.contents(atPath: a[1]) else {
          fail("cannot read \(a[1])")
        }
        Pipeline.run(Array(b))
        print("commands \(Pipeline.commands), refusals \(Pipeline.refusals)")
      case "mutate" where a.count == 4:
        guard let n = UInt64(a[1]), let b = FileManager.default.contents(atPath: a[2]) else {
          fail("mutate: expected a number and a readable file")
        }
        Pipeline.put(mutant(Array(b), n), a[3])
      case "seeds" where a.count == 2: Seeds.write(to: a[1])
      default: fail("usage: rwview-fuzz run|procs|one|mutate|seeds (see Tests/Fuzz/README.md)")
      }
    }

    /// Mutant `n` of `bytes`: a function of the two only.
    static func mutant(_ bytes: [UInt8], _ n: UInt64) -> [UInt8] {
      var rng = SplitMix64(seed: n &* 0x2545_F491_4F6C_DD1D)
      return Mutator.mutate(bytes, rng: &rng)
    }

    static func run(_ a: [String]) {
      var (seed, start, count, seconds, out) = (UInt64(1), 0, Int.max, Double.infinity, "")
      var seeds: [[UInt8]] = []
      var k = 0
      while k < a.count {
        let v = k + 1 < a.count ? a[k + 1] : ""
        switch a[k] {
        case "--seed":
          seed = UInt64(v) ?? 1
          k += 2
        case "--start":
          start = Int(v) ?? 0
          k += 2
        case "--count":
          count = Int(v) ?? Int.max
          k += 2
        case "--seconds":
          seconds = Double(v) ?? .infinity
          k += 2
        case "--out":
          out = v
          k += 2
        default:
          guard let b = FileManager.default.contents(atPath: a[k]) else {
            fail("cannot read \(a[k])")
          }
          seeds.append(Array(b))
          k += 1
        }
      }
      guard !seeds.isEmpty, !out.isEmpty else { fail("run: needs --out DIR and seed files") }
      // The commands' own output and errors go nowhere; the summary goes to the real stderr.
      let log = dup(2)
      let null = open("/dev/null", O_WRONLY)
      dup2(null, 1)
      dup2(null, 2)
      let began = Date()
      var done = 0
      var i = start
      while done < count && Date().timeIntervalSince(began) < seconds {
        let n = seed &* 1_000_003 &+ UInt64(i)
        let input = mutant(seeds[i % seeds.count], n)
        Pipeline.put(input, out + "/current.nii")
        Pipeline.put(Array("\(i) \(n) seed \(i % seeds.count)\n".utf8), out + "/current.txt")
        Pipeline.run(input)
        done += 1
        i += 1
      }
      var u = rusage()
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
      let line =
        "executions \(done) next \(i) commands \(Pipeline.commands) "
        + "refusals \(Pipeline.refusals) seconds \(Int(Date().timeIntervalSince(began))) "
        + "peak_rss_kb \(u.ru_maxrss)\n"
      _ = line.withCString { write(log, $0, strlen($0)) }
    }

    static func fail(_ s: String) -> Never {
      FileHandle.standardError.write(Data("rwview-fuzz: \(s)\n".utf8))
      exit(2)
    }
  }
#endif
