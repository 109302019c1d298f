import { sizeCanvas } from '../chart/hiDpiCanvas';
import { withAlpha } from '../theme/color';
import type { ThemeColors } from '../theme/themeColors';

/** The plane spans ±3 prior standard deviations on both axes: nearly all of N(0, 1)'s mass. */
export const PLANE_RANGE = 3;

/**
 * Two latent dimensions as a square: the test set's encoded means drawn faintly, coloured by label,
 * and a cross at the point being decoded. Moving or dragging the pointer over it reports the latent
 * coordinates under it.
 */
export class LatentPlane {
  readonly element: HTMLCanvasElement;
  private means: number[][] = [];
  private labels: number[] = [];
  private axes: [number, number] = [0, 1];
  private marker: [number, number] = [0, 0];

  constructor(private readonly size: number, onPoint: (x: number, y: number) => void) {
    const canvas = (this.element = document.createElement('canvas'));
    canvas.className = 'gl-latent-plane';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Latent plane: move the pointer, or the arrow keys, to decode a point');
    canvas.tabIndex = 0;
    const report = (e: PointerEvent) => {
      const r = canvas.getBoundingClientRect();
      const toZ = (t: number) => Math.max(-PLANE_RANGE, Math.min(PLANE_RANGE, (t * 2 - 1) * PLANE_RANGE));
      onPoint(toZ((e.clientX - r.left) / r.width), toZ(1 - (e.clientY - r.top) / r.height));
    };
    canvas.addEventListener('pointermove', report);
    // The arrow keys move the marker a tenth of a σ (a whole σ with Shift).
    canvas.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 1 : 0.1;
      const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[e.key];
      if (!move) return;
      e.preventDefault();
      const clamp = (v: number) => Math.max(-PLANE_RANGE, Math.min(PLANE_RANGE, Math.round(v * 100) / 100));
      onPoint(clamp(this.marker[0] + move[0]), clamp(this.marker[1] + move[1]));
    });
    canvas.addEventListener('pointerdown', (e) => {
      // Keeps reporting while a drag leaves the square (clamped to its edge).
      canvas.setPointerCapture(e.pointerId);
      report(e);
    });
  }

  setCodes(means: number[][], labels: number[]): void {
    this.means = means;
    this.labels = labels;
  }

  setAxes(axes: [number, number]): void {
    this.axes = axes;
  }

  setMarker(x: number, y: number): void {
    this.marker = [x, y];
  }

  draw(colors: ThemeColors): void {
    const s = this.size;
    const ctx = sizeCanvas(this.element, s, s);
    if (!ctx) return;
    const px = (v: number) => ((v / PLANE_RANGE + 1) / 2) * s;
    const py = (v: number) => s - px(v);
    ctx.fillStyle = colors.background;
    ctx.fillRect(0, 0, s, s);
    ctx.strokeStyle = colors.grid;
    ctx.lineWidth = 1;
    for (let v = -PLANE_RANGE + 1; v < PLANE_RANGE; v++) {
      ctx.beginPath();
      ctx.moveTo(Math.round(px(v)) + 0.5, 0);
      ctx.lineTo(Math.round(px(v)) + 0.5, s);
      ctx.moveTo(0, Math.round(py(v)) + 0.5);
      ctx.lineTo(s, Math.round(py(v)) + 0.5);
      ctx.stroke();
    }
    const [i, j] = this.axes;
    this.means.forEach((m, k) => {
      ctx.fillStyle = withAlpha(colors.categories[(this.labels[k] ?? 0) % colors.categories.length], 0.45);
      ctx.beginPath();
      ctx.arc(px(m[i]), py(m[j]), 2.2, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.fillStyle = colors.muted;
    ctx.font = colors.font;
    ctx.textBaseline = 'bottom';
    ctx.fillText(`z${i + 1} →`, s - 40, s - 4);
    ctx.textBaseline = 'top';
    ctx.fillText(`↑ z${j + 1}`, 4, 4);
    const [x, y] = [px(this.marker[0]), py(this.marker[1])];
    ctx.strokeStyle = colors.foreground;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x - 7, y);
    ctx.lineTo(x + 7, y);
    ctx.moveTo(x, y - 7);
    ctx.lineTo(x, y + 7);
    ctx.stroke();
  }
}
