/**
 * Finds the point under the mouse among thousands of scatter points without scanning them all:
 * points are bucketed into square cells of `cellPx` screen pixels, and a lookup reads only the
 * cells within reach.
 */
export class NearestPointIndex {
  private readonly cells = new Map<number, number[]>();

  constructor(private readonly xs: ArrayLike<number>, private readonly ys: ArrayLike<number>,
    private readonly cellPx = 16) {
    for (let i = 0; i < xs.length; i++) {
      const key = this.key(Math.floor(xs[i] / cellPx), Math.floor(ys[i] / cellPx));
      const cell = this.cells.get(key);
      if (cell) cell.push(i);
      else this.cells.set(key, [i]);
    }
  }

  /** Index of the closest point within `maxPx` of (x, y), or -1. Later points win ties (they are drawn on top). */
  nearest(x: number, y: number, maxPx: number): number {
    let best = -1;
    let bestD2 = maxPx * maxPx;
    const reach = Math.ceil(maxPx / this.cellPx);
    const cx = Math.floor(x / this.cellPx), cy = Math.floor(y / this.cellPx);
    for (let gx = cx - reach; gx <= cx + reach; gx++) {
      for (let gy = cy - reach; gy <= cy + reach; gy++) {
        for (const i of this.cells.get(this.key(gx, gy)) ?? []) {
          const d2 = (this.xs[i] - x) ** 2 + (this.ys[i] - y) ** 2;
          if (d2 < bestD2 || (d2 === bestD2 && i > best)) {
            best = i;
            bestD2 = d2;
          }
        }
      }
    }
    return best;
  }

  private key(gx: number, gy: number): number {
    // Cells stay well inside ±2^20 for any on-screen canvas, so this packing is collision-free.
    return (gx + 0x100000) * 0x200000 + (gy + 0x100000);
  }
}
