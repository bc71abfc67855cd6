import Foundation
import RWSystem
import RWTestSupport
import RWZlib
import Testing

@testable import RWNIfTI

/// Issue 13.3, 13.4 and 13.11 at the reader: files that change, files that are not files,
/// and messages that name the real problem.
@Suite struct FileEdgeTests {
  let dir = TemporaryDirectory.make("edge").path

  /// A gzipped float32 volume of noise (compresses poorly, so the stream is large).
  func noiseFile(_ name: String, dims: [Int]) -> (path: String, bytes: [UInt8]) {
    var h = NIfTIHeader.blank(shape: dims, datatype: .float32)
    h.sformCode = 1
    var b = h.encoded() + [0, 0, 0, 0]
    var state: UInt32 = 12345
    for _ in 0..<(dims.reduce(1, *) * 4) {
      state = state &* 1_103_515_245 &+ 12345
      b.append(UInt8(truncatingIfNeeded: state >> 16))
    }
    let gz = b.withUnsafeBytes { try! Zlib.gzip($0, level: 1) }
    return (Build.file(dir, name, gz), gz)
  }

  /// 13.3: the stream shrinks between opening and reading (the old reader mapped the opened
  /// size and died with SIGBUS touching the pages past the new end).
  @Test func aGzipFileTruncatedAfterOpeningIsACleanError() throws {
    let (path, gz) = noiseFile("shrinks.nii.gz", dims: [64, 64, 32])
    let o = try NIfTIReader.open(path)
    #expect(truncate(path, off_t(gz.count / 3)) == 0)
    do {
      _ = try NIfTI.readImage(opened: o, inflater: .libdeflate)
      Issue.record("read a file that shrank")
    } catch {
      #expect(
        error.description
          == "\(path): the file shrank while it was read (\(gz.count / 3) of \(gz.count) bytes); is another program rewriting it?"
      )
    }
  }

  /// 13.3: a thread truncates the file under running reads; every read ends in the data or a
  /// one-line error, never a crash. (In a child process: the old reader died of SIGBUS.)
  @Test func aGzipFileTruncatedDuringReadsNeverCrashes() async throws {
    let (path, gz) = noiseFile("race.nii.gz", dims: [96, 96, 48])
    await #expect(processExitsWith: .success) { [path = path as String, gz = gz as [UInt8]] in
      var errors = 0
      var loads = 0
      for round in 0..<12 {
        TestSupport.write(gz, path)
        let delay = UInt32(round % 4) * 1500
        let t = Thread {
          usleep(delay)
          truncate(path, off_t(gz.count / 2))
        }
        t.start()
        do {
          _ = try NIfTI.loadVolume(path: path)
          loads += 1
        } catch let e as NIfTIError {
          errors += 1
          #expect(!e.description.contains("\n"))
          let known = ["shrank while it was read", "truncated", "short", "corrupt gzip"]
          #expect(known.contains { e.problem.contains($0) }, "\(e)")
        }
        while !t.isFinished { usleep(500) }
      }
      #expect(loads + errors == 12)
    }
  }

  /// 13.4: FIFOs and devices are refused without blocking in open().
  @Test func fifosAndDevicesAreRefusedNotWaitedOn() throws {
    let fifo = dir + "/fifo.nii"
    #expect(mkfifo(fifo, 0o644) == 0)
    for (path, problem) in [
      (fifo, "is a FIFO (named pipe), not a regular file"),
      ("/dev/zero", "is a character device, not a regular file"),
      (dir, "is a directory, not a file"),
    ] {
      #expect(throws: NIfTIError(path: path, problem: problem)) { try NIfTI.readHeader(path: path) }
      #expect(throws: NIfTIError(path: path, problem: problem)) { try NIfTI.loadVolume(path: path) }
    }
  }

  /// 13.11: an unreadable .img is reported as such, not as missing.
  @Test(
    .enabled(
      if: Unreadable.possible,
      "no file here refuses to be read (root, and no write-only /proc/sys file)"))
  func anUnreadablePairImageIsNotMissing() throws {
    let hdr = Build.file(
      dir, "p.hdr",
      Array(
        Build.nii {
          $0.voxOffset = 0
          $0.magic = Array("ni1\0".utf8)
        }.prefix(348)))
    let img = Build.file(dir, "p.img", [UInt8](repeating: 0, count: 48))
    #expect(try NIfTI.loadVolume(path: hdr).volume.data.count == 24)
    Unreadable.make(img)
    #expect(throws: NIfTIError(path: img, problem: "cannot open: Permission denied")) {
      try NIfTI.loadVolume(path: hdr)
    }
  }

  /// Issue 8.5 at the reader: a volume above the memory budget is refused before allocating.
  @Test func aVolumeAboveTheBudgetIsRefusedWithOneLine() throws {
    let p = Build.file(dir, "small.nii", Build.nii([40, 40, 40]))
    MemoryBudget.withLimit(1 << 20) {
      do {
        _ = try NIfTI.loadVolume(path: p)
        Issue.record("loaded above the limit")
      } catch {
        let line = "\(error)"
        #expect(line.hasPrefix("\(p): reading its 40×40×40 int16 voxels needs "), "\(line)")
        #expect(line.contains("--max-memory"))
      }
    }
  }
}
