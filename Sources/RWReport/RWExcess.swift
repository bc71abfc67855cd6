import RWLoss

extension SliceStatistics {
  /// The slice's RW sum above the lowest one any prediction can reach (`rw_sum - lowest_rw_sum`):
  /// the part of the loss training can still remove, which the raw sum hides behind how much of
  /// each class the slice holds.
  public var rwExcess: Double { rwSum - lowestRWSum }
}

extension StatsReport.Total {
  /// The volume's RW sum above the lowest reachable one (`rw_sum - lowest_rw_sum`).
  public var rwExcess: Double { rwSum - lowestRWSum }
}
