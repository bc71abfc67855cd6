import Testing

@testable import RWViewer

/// A file's warnings reach the viewer's message line: the first in full, the count of the rest.
@Test func fileWarningsReachTheMessageLine() {
  var s = ViewerState()
  s.paths = [.image: "img.nii"]
  _ = startEffects(&s)
  let first = "qform (qform_code 1) is not finite (quatern_b NaN); using pixdim only"
  _ = update(
    &s,
    .fileRead(
      .image, path: "img.nii", volume: Phantom.image(), warnings: [first, "pixdim[1] is 0"]))
  #expect(s.message == "img.nii: \(first) (+1 more; `rwview info` lists them)")
  var t = ViewerState()
  t.paths = [.image: "img.nii"]
  _ = startEffects(&t)
  _ = update(&t, .fileRead(.image, path: "img.nii", volume: Phantom.image(), warnings: [first]))
  #expect(t.message == "img.nii: \(first)")
}
