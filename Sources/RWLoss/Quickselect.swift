/// Three-way quickselect, shared by the HD95 percentile and the k-d tree's median split.
enum Quickselect {
  /// Reorders `v[lo..<hi]` so that `v[kth]` is the element a sort by `key` would put there,
  /// elements with smaller or equal keys before it and greater or equal after (median-of-three
  /// pivot, three-way partition; a sort of what is left once the ranges stop shrinking fast
  /// enough, so the worst case stays O(n log n)). Keys must be NaN-free.
  static func select<T, Key: Comparable>(
    _ v: UnsafeMutableBufferPointer<T>, _ lo0: Int, _ hi0: Int, _ kth: Int,
    key: (T) -> Key
  ) {
    var lo = lo0
    var hi = hi0 - 1
    var budget = 2 * (Int.bitWidth - (hi0 - lo0).leadingZeroBitCount) + 8
    while lo < hi {
      budget -= 1
      if budget < 0 {
        var part = UnsafeMutableBufferPointer(rebasing: v[lo...hi])
        part.sort { key($0) < key($1) }
        return
      }
      let a = key(v[lo])
      let b = key(v[lo + (hi - lo) / 2])
      let c = key(v[hi])
      let pivot = max(min(a, b), min(max(a, b), c))
      var lt = lo
      var i = lo
      var gt = hi
      while i <= gt {
        let x = key(v[i])
        if x < pivot {
          v.swapAt(lt, i)
          lt += 1
          i += 1
        } else if x > pivot {
          v.swapAt(i, gt)
          gt -= 1
        } else {
          i += 1
        }
      }
      if kth < lt {
        hi = lt - 1
      } else if kth > gt {
        lo = gt + 1
      } else {
        return
      }
    }
  }
}
