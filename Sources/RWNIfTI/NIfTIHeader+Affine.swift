import RWVolume

/// Which transform places the voxels: nibabel's choice, and the hardened one rwview uses.
///
/// nibabel takes the sform whenever `sform_code` ≠ 0 and the qform whenever `qform_code` ≠ 0,
/// even when that matrix is singular or holds NaN (world coordinates are then NaN and the
/// orientation unknown). rwview skips a transform that cannot place voxels (not finite or
/// singular) and says so: an unusable sform gives way to the qform (if its code is set and it
/// is usable), an unusable qform to pixdim only (nibabel's no-transform default,
/// `fallbackAffine`). Everything else is nibabel's rule.
extension NIfTIHeader {
  /// Where the chosen affine comes from.
  public enum AffineSource: String, Sendable {
    case sform, qform, fallback
    /// Analyze: SPM's origin field / the volume centre.
    case analyzeOrigin = "analyze-origin"
    case analyzeCentre = "analyze-centre"
  }

  /// The transform nibabel picks: sform if sform_code ≠ 0, else qform if qform_code ≠ 0,
  /// else the fallback. (Codes nibabel does not know count as 0.)
  public var nibabelAffineSource: AffineSource {
    if isAnalyze { return analyzeOriginUsable ? .analyzeOrigin : .analyzeCentre }
    if effectiveSformCode != 0 { return .sform }
    if effectiveQformCode != 0 { return .qform }
    return .fallback
  }

  /// nibabel's `img.affine`. Nil only when the qform is chosen but invalid.
  public var nibabelAffine: Affine? { affine(from: nibabelAffineSource) }

  /// The transform rwview uses: nibabel's, except that a sform or qform that is not finite or
  /// is singular is skipped (sform → qform → pixdim only; see `geometryWarnings`).
  public var affineSource: AffineSource {
    if isAnalyze { return nibabelAffineSource }
    if effectiveSformCode != 0 && sformProblem == nil { return .sform }
    if effectiveQformCode != 0 && qformUsabilityProblem == nil { return .qform }
    return .fallback
  }

  /// The affine of `affineSource`. (It is non-finite only when pixdim itself is: the volume
  /// grid then falls back to the sanitised voxel spacing.)
  public var affine: Affine { affine(from: affineSource) ?? fallbackAffine }

  /// Orientation letters of `affine` (nibabel's `aff2axcodes`), e.g. `"LAS"`.
  public var axcodes: String { affine.axcodes }

  /// The matrix of one source (nil for an invalid quaternion).
  func affine(from source: AffineSource) -> Affine? {
    switch source {
    case .sform: sform
    case .qform: qform
    case .fallback: fallbackAffine
    case .analyzeOrigin, .analyzeCentre: analyzeAffine
    }
  }

  /// Why the sform cannot place voxels (its code ignored), or nil when it can.
  public var sformProblem: String? { Self.matrixProblem(sform) }

  /// Why the qform cannot place voxels (its code ignored), or nil when it can: an invalid
  /// quaternion, or non-finite quaternion, offset or pixdim fields.
  public var qformUsabilityProblem: String? {
    let fields: [(String, Double)] = [
      ("quatern_b", quaternB), ("quatern_c", quaternC), ("quatern_d", quaternD),
      ("qoffset_x", qoffsetX), ("qoffset_y", qoffsetY), ("qoffset_z", qoffsetZ),
      ("pixdim[1]", pixdim[1]), ("pixdim[2]", pixdim[2]), ("pixdim[3]", pixdim[3]),
    ]
    let bad = fields.filter { !$0.1.isFinite }.map { "\($0.0) \(Self.text($0.1))" }
    if !bad.isEmpty { return "is not finite (\(bad.joined(separator: ", ")))" }
    if let p = qformProblem { return "is invalid: \(p)" }
    guard let q = qform else { return "is invalid" }
    return Self.matrixProblem(q)
  }

  /// Warnings for a transform whose code asks for it but which rwview does not use.
  public var geometryWarnings: [String] {
    guard !isAnalyze else { return [] }
    var w: [String] = []
    let used = affineSource
    let pixdimOnly = "pixdim only (voxel sizes, no rotation; nibabel's default without a transform)"
    if effectiveSformCode != 0, let p = sformProblem {
      let instead = used == .qform ? "the qform (qform_code \(qformCode))" : pixdimOnly
      let nibabel = "nibabel would use the sform"
      w.append("sform (sform_code \(sformCode)) \(p); using \(instead) instead (\(nibabel))")
    }
    if effectiveQformCode != 0, used != .sform, let p = qformUsabilityProblem {
      w.append("qform (qform_code \(qformCode)) \(p); using \(pixdimOnly) instead")
    }
    return w
  }

  /// "is not finite" / "is singular" for a matrix that cannot map voxels to world, else nil.
  static func matrixProblem(_ a: Affine) -> String? {
    if !a.isFinite { return "has non-finite entries (NaN or infinity)" }
    if a.inverse == nil { return "is singular (its 3×3 part has determinant 0)" }
    return nil
  }

  /// `nan`, `inf`, `-inf` or the number.
  static func text(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return "\(v)"
  }
}
