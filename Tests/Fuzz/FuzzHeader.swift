// libFuzzer harness for the NIfTI header parser and decode path (see run.sh).
//
// Each input is written to /dev/shm as .nii/.nii.gz or a .hdr/.img pair (chosen by the first
// byte, so lying names, pairs and Analyze headers are covered too) and read through the public API: the header parser on the raw
// bytes, then readHeader, readImage + scaled values + statistics, loadVolume, and the info
// report. Any crash, sanitizer report or hang is a finding; thrown NIfTIErrors are fine, but
// they must name the file in one line.
import Glibc
import RWNIfTI
import RWVolume

let dir: String = {
  let d = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  return "\(d)/rwfuzz-\(getpid())"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? NIfTIHeader.parse(bytes: bytes)
  if let h = try? NIfTIHeader.parse(bytes: bytes) {
    _ = h.affine.axcodes
    _ = h.nibabelAffine?.axcodes
    _ = h.qform
    _ = try? h.dataLayout(singleFile: true)
    _ = h.repairWarnings(singleFile: true)
    _ = h.encoded()
  }
  // Bit 0 of the first byte picks a .gz name, bit 1 a .hdr/.img pair (split after 352 bytes).
  let gz = size > 0 && bytes[0] & 1 == 1
  let pair = size > 0 && bytes[0] & 2 == 2
  let path: String
  var files: [String] = []
  if pair {
    path = dir + (gz ? ".hdr.gz" : ".hdr")
    let cut = min(size, 352)
    put(Array(bytes[0..<cut]), path)
    put(Array(bytes[cut...]), dir + (gz ? ".img.gz" : ".img"))
    files = [path, dir + (gz ? ".img.gz" : ".img")]
  } else {
    path = dir + (gz ? ".nii.gz" : ".nii")
    put(bytes, path)
    files = [path]
  }
  defer { for f in files { unlink(f) } }
  check { _ = try NIfTI.readHeader(path: path) }
  check {
    let img = try NIfTI.readImage(path: path)
    _ = img.channelStats()
    _ = img.rawLittleEndian
    _ = NIfTIReport(info: img.info, stats: img.channelStats()).json
    _ = NIfTIReport(info: img.info).text
  }
  check {
    let (v, _) = try NIfTI.loadVolume(path: path)
    // The grid rule onto a plain grid of the same shape (huge or non-finite affines must be a
    // mismatch, never a trap), then the reorientation when there is one.
    let plain = VoxelGrid(dims: v.grid.dims, spacing: v.grid.spacing, affine: Affine.identity)
    if let r = try? v.grid.reorientation(onto: plain) { _ = v.reoriented(r) }
  }
  return 0
}

/// Runs a read; a thrown error must be a one-line NIfTIError naming the file.
func check(_ body: () throws -> Void) {
  do { try body() } catch let e as NIfTIError {
    if !e.description.contains(dir) || e.description.contains("\n") {
      fatalError("bad error line: \(e)")
    }
  } catch { fatalError("unexpected error type: \(error)") }
}

func put(_ bytes: [UInt8], _ path: String) {
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  if fd < 0 { return }
  _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  close(fd)
}
