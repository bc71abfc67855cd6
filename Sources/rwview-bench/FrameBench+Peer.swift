import Foundation

/// The same frame composed with numpy (the peer): nearest resampling by index arrays, window,
/// label fill, outline, diverging LUT, half-block pairing. Prints the median in ms.
extension FrameBench {
  static let numpyPeer = #"""
    import sys, time, numpy as np
    cols, rows, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    n = 256; c = n / 2
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    r = np.sqrt((x - c) ** 2 + (y - c) ** 2)
    image = 1000 - 3 * r + 40 * (((x // 16 + y // 16) % 2).astype(np.float32))
    labels = np.zeros((n, n), np.int32); labels[r < n * 0.3] = 1
    labels[(np.abs(x - c - 20) < 15) & (np.abs(y - c + 10) < 25)] = 2
    rw = (r - n * 0.3) / n * 4
    lo, hi = np.percentile(image, [0.5, 99.5])
    palette = np.array([[0, 0, 0], [230, 159, 0], [86, 180, 233]], np.float32)
    anchors = np.array([[5,48,97],[33,102,172],[67,147,195],[146,197,222],[209,229,240],[247,247,247],
                        [253,219,199],[244,165,130],[214,96,77],[178,24,43],[103,0,31]], np.float32)
    t = np.linspace(0, 10, 511); i0 = np.minimum(t.astype(int), 9); f = (t - i0)[:, None]
    lut = anchors[i0] * (1 - f) + anchors[i0 + 1] * f
    def frame():
        pw, ph = cols, (rows - 1) * 2
        s = min(pw / n, ph / n)
        cx = np.floor(n / 2 + (np.arange(pw) + 0.5 - pw / 2) / s).astype(int)
        cy = np.floor(n / 2 + (np.arange(ph) + 0.5 - ph / 2) / s).astype(int)
        vx, vy = (cx >= 0) & (cx < n), (cy >= 0) & (cy < n)
        valid = vy[:, None] & vx[None, :]
        ix, iy = np.clip(cx, 0, n - 1), np.clip(cy, 0, n - 1)
        img = image[iy][:, ix]; lab = labels[iy][:, ix] * valid; m = rw[iy][:, ix]
        g = np.clip((img - lo) / (hi - lo) * 255, 0, 255) * valid
        px = np.repeat(g[:, :, None], 3, axis=2)
        fill = lab > 0
        px[fill] = px[fill] * 0.6 + palette[lab[fill]] * 0.4
        edge = np.zeros_like(fill)
        edge[:, 1:] |= lab[:, 1:] != lab[:, :-1]; edge[:, :-1] |= lab[:, :-1] != lab[:, 1:]
        edge[1:, :] |= lab[1:, :] != lab[:-1, :]; edge[:-1, :] |= lab[:-1, :] != lab[1:, :]
        edge &= fill
        px[edge] = palette[lab[edge]]
        k = np.clip(np.rint(m / 2 * 255 + 255), 0, 510).astype(int)
        nz = (m != 0) & valid
        px[nz] = px[nz] * 0.65 + lut[k[nz]] * 0.35
        px = px.astype(np.uint8)
        top, bottom = px[0::2], px[1::2]
        same = np.all(top == bottom, axis=2)
        chars = np.where(same, 0x2588, 0x2580)
        return chars, top, bottom
    for _ in range(5): frame()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter(); frame(); ts.append((time.perf_counter() - t0) * 1000)
    print(f"{np.median(ts):.3f}")
    """#

  /// The numpy peer's median in ms, or nil if python3/numpy is unavailable.
  static func peerMedian(cols: Int, rows: Int, runs: Int) -> Double? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", numpyPeer, String(cols), String(rows), String(runs)]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return Double(
      String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
