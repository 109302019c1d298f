import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';
import { canvasToPng } from './canvasToPng';
import { bwrCss } from '../../src/shared/palette';
import { drawColorBar } from './colorBar';
import { sizeCanvas } from './hiDpiCanvas';

export interface HeatMapData {
  rowLabels: string[];
  columnLabels: string[];
  /** values[row][column], signed. */
  values: number[][];
  /** The colour scale runs from −limit (blue) through 0 (white) to +limit (red). */
  limit: number;
  /** Caption of the colour bar. */
  scaleLabel: string;
  /** Title over the row labels. */
  rowTitle: string;
}

const MARGIN = { left: 40, right: 96, top: 22, bottom: 8 };
const MAX_HEIGHT = 340;
/** The colour bar keeps this height even for a few rows, so its ticks never crowd. */
const MIN_BAR_HEIGHT = 120;

/**
 * A signed matrix as coloured cells on matplotlib's diverging `bwr` scale, with a colour bar.
 * Hovering a cell reports its row, column and value through `onHover`.
 */
export class HeatMap {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private data: HeatMapData | null = null;
  private colors: ThemeColors | null = null;
  private layout: { cellW: number; cellH: number } | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(onHover: (cell: { row: number; column: number } | null) => void) {
    this.element = document.createElement('div');
    this.element.className = 'gl-heat-map';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.element.append(this.canvas);
    this.canvas.addEventListener('mousemove', (e) => onHover(this.cellAt(e.offsetX, e.offsetY)));
    this.canvas.addEventListener('mouseleave', () => onHover(null));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this.element);
  }

  setData(data: HeatMapData, colors: ThemeColors): void {
    this.data = data;
    this.colors = colors;
    this.draw();
  }

  restyle(colors: ThemeColors): void {
    this.colors = colors;
    this.draw();
  }

  toPng(): string | null {
    return this.colors && this.data ? canvasToPng(this.canvas, this.colors.background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  private cellAt(px: number, py: number): { row: number; column: number } | null {
    if (!this.data || !this.layout) return null;
    const column = Math.floor((px - MARGIN.left) / this.layout.cellW);
    const row = Math.floor((py - MARGIN.top) / this.layout.cellH);
    const inside = column >= 0 && column < this.data.columnLabels.length && row >= 0 && row < this.data.rowLabels.length;
    return inside ? { row, column } : null;
  }

  private draw(): void {
    const { data, colors } = this;
    const width = this.element.clientWidth;
    if (!data || !colors || width <= 0 || data.rowLabels.length === 0) return;
    const rows = data.rowLabels.length, columns = data.columnLabels.length;
    const cellW = (width - MARGIN.left - MARGIN.right) / columns;
    const cellH = Math.max(2, Math.min(26, (MAX_HEIGHT - MARGIN.top - MARGIN.bottom) / rows));
    this.layout = { cellW, cellH };
    const plotH = rows * cellH;
    const barH = Math.max(plotH, MIN_BAR_HEIGHT);
    const height = Math.ceil(MARGIN.top + barH + MARGIN.bottom);
    const ctx = sizeCanvas(this.canvas, width, height);
    if (!ctx) return;
    ctx.font = colors.font;

    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        ctx.fillStyle = bwrCss(data.values[r][c] / data.limit);
        // Overlap by half a pixel so no background seams show between cells.
        ctx.fillRect(MARGIN.left + c * cellW, MARGIN.top + r * cellH, cellW + 0.5, cellH + 0.5);
      }
    }
    ctx.strokeStyle = colors.grid;
    ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, columns * cellW, plotH);

    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    data.columnLabels.forEach((label, c) => ctx.fillText(label, MARGIN.left + (c + 0.5) * cellW, MARGIN.top - 4));
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    // Label as many rows as fit without overlapping.
    const every = Math.max(1, Math.ceil(16 / cellH));
    data.rowLabels.forEach((label, r) => {
      if (r % every === 0 || r === rows - 1) ctx.fillText(label, MARGIN.left - 6, MARGIN.top + (r + 0.5) * cellH);
    });
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(data.rowTitle, 0, MARGIN.top - 4);

    drawColorBar(ctx, { left: MARGIN.left + columns * cellW + 14, top: MARGIN.top, height: barH }, {
      color: (t) => bwrCss(2 * t - 1),
      ticks: [1, 0.5, 0, -0.5, -1].map((v) => ({ t: (v + 1) / 2, label: signed(v * data.limit) })),
      caption: data.scaleLabel,
    }, colors);
  }
}

/** A value with its sign, "+0.05" and "−0.05", so both halves of the scale read as differences. */
export function signed(v: number): string {
  if (v === 0) return '0';
  return `${v > 0 ? '+' : '−'}${formatValue(Math.abs(v))}`;
}
