import type { NadeConditionalsData } from '../../src/shared/protocol';
import { canvasToPng } from '../chart/canvasToPng';
import { COLOR_BAR_SPACE, drawColorBar } from '../chart/colorBar';
import { sizeCanvas } from '../chart/hiDpiCanvas';
import { viridisCss } from '../../src/shared/palette';
import { formatValue } from '../../src/shared/format';
import { toNadeConditionals } from '../model/modelArtifacts';
import type { ThemeColors } from '../theme/themeColors';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import { jsonView } from './jsonView';
import '../styles/modelViews.css';

const TITLE_HEIGHT = 22;
/** Room under the panels for the colour bar's bottom label, which is centred on the panels' bottom edge. */
const BOTTOM = 8;
const GAP = 28;
/** Largest panel side in CSS pixels; cells are whole pixels, so a 28×28 image is at most 12 px a cell. */
const MAX_PANEL = 336;

interface Layout {
  cell: number;
  /** Left edges of the image and the probability panels. */
  lefts: [number, number];
}

/**
 * What an autoregressive model (NADE, PixelCNN) predicts pixel by pixel for one test image: the image beside p(x_i = 1 | x_<i) at each
 * pixel on viridis (dark 0 → yellow 1), with a colour bar. Ink the model expected is bright where
 * the image has ink; a surprise shows as a dark pixel under ink or a bright one under background.
 * The image is drawn in the theme's text colour on its background, like text on the page.
 */
function createConditionals(ctx: ViewContext): ArtifactView {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.className = 'gl-plot-canvas gl-hoverable';
  const readout = document.createElement('p');
  readout.className = 'gl-view-summary';
  const summary = document.createElement('p');
  summary.className = 'gl-view-summary';
  const content = document.createElement('div');
  content.append(canvas, readout, summary);
  let last: { data: NadeConditionalsData; colors: ThemeColors } | null = null;
  let layout: Layout | null = null;
  let hovered: number | null = null;

  const draw = (data: NadeConditionalsData, colors: ThemeColors) => {
    last = { data, colors };
    const available = content.clientWidth - COLOR_BAR_SPACE - 2 * GAP;
    const cell = Math.floor(Math.min(MAX_PANEL, available / 2) / Math.max(data.width, data.height));
    const g = cell >= 1 ? sizeCanvas(canvas, 2 * cell * data.width + 2 * GAP + COLOR_BAR_SPACE, TITLE_HEIGHT + cell * data.height + BOTTOM) : null;
    if (!g) return;
    layout = { cell, lefts: [1, 1 + cell * data.width + GAP] };
    drawPanels(g, data, colors, layout, hovered);

    readout.textContent = hovered === null ? 'Hover a pixel for its probability.' : describePixel(data, hovered);
    summary.textContent = describeImage(data);
  };

  const hover = (index: number | null) => {
    if (index === hovered) return;
    hovered = index;
    if (last) draw(last.data, last.colors);
  };
  canvas.addEventListener('mousemove', (e) => {
    if (!last || !layout) return;
    const { width, height } = last.data;
    const row = Math.floor((e.offsetY - TITLE_HEIGHT) / layout.cell);
    const left = layout.lefts.find((l) => e.offsetX >= l && e.offsetX < l + width * layout!.cell);
    hover(left !== undefined && row >= 0 && row < height ? row * width + Math.floor((e.offsetX - left) / layout.cell) : null);
  });
  canvas.addEventListener('mouseleave', () => hover(null));

  return jsonView(ctx, {
    content, noun: 'conditionals', parse: toNadeConditionals, draw,
    shape: 'NADE conditionals ({width, height, testIndex, pixels, probabilities, nll, ordering})',
    toPng: () => canvasToPng(canvas, ctx.colors().background),
    redrawOnResize: content,
  });
}

/** The test image, its conditionals on viridis, their frames, the hovered pixel's ring on both, titles and colour bar. */
function drawPanels(g: CanvasRenderingContext2D, data: NadeConditionalsData, colors: ThemeColors, layout: Layout, hovered: number | null): void {
  const { cell } = layout;
  const [imageLeft, heatLeft] = layout.lefts;
  const pw = cell * data.width, ph = cell * data.height;
  const at = (left: number, i: number) => [left + (i % data.width) * cell, TITLE_HEIGHT + Math.floor(i / data.width) * cell];

  g.fillStyle = colors.background;
  g.fillRect(imageLeft, TITLE_HEIGHT, pw, ph);
  g.fillStyle = colors.foreground;
  data.pixels.forEach((v, i) => {
    const [x, y] = at(imageLeft, i);
    if (v > 0.5) g.fillRect(x, y, cell, cell);
  });
  data.probabilities.forEach((p, i) => {
    const [x, y] = at(heatLeft, i);
    g.fillStyle = viridisCss(p);
    g.fillRect(x, y, cell, cell);
  });
  g.strokeStyle = colors.grid;
  g.lineWidth = 1;
  for (const left of layout.lefts) g.strokeRect(left - 0.5, TITLE_HEIGHT - 0.5, pw + 1, ph + 1);
  if (hovered !== null) {
    for (const left of layout.lefts) {
      const [x, y] = at(left, hovered);
      // A light ring inside a dark one, so the mark shows on any cell colour.
      g.strokeStyle = colors.background;
      g.lineWidth = 3;
      g.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
      g.strokeStyle = colors.foreground;
      g.lineWidth = 1.5;
      g.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
    }
  }

  g.font = colors.font;
  g.fillStyle = colors.foreground;
  g.textAlign = 'left';
  g.textBaseline = 'top';
  g.fillText(`test image #${data.testIndex}`, imageLeft, 2);
  g.fillText('p(xᵢ = 1 | x<ᵢ)', heatLeft, 2);
  drawColorBar(g, { left: heatLeft + pw + 12, top: TITLE_HEIGHT, height: ph }, {
    color: viridisCss,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((t) => ({ t, label: String(t) })),
    caption: 'probability of ink',
  }, colors);
}

function describeImage(data: NadeConditionalsData): string {
  return `−log p(image) = ${formatValue(data.nll)} nats, the sum over its ${data.pixels.length} pixels · ` +
    (data.ordering === 'raster' ? 'raster order: each pixel is predicted from the rows above it and the pixels to its left'
      : `${data.ordering} order: each pixel is predicted from those before it in a fixed random order`);
}

function describePixel(d: NadeConditionalsData, i: number): string {
  const x = d.pixels[i] > 0.5 ? 1 : 0, p = d.probabilities[i];
  const surprise = -Math.log(x === 1 ? p : 1 - p);
  return `pixel ${i} (row ${Math.floor(i / d.width)}, column ${i % d.width}) · x = ${x} · ` +
    `p(xᵢ = 1 | x<ᵢ) = ${formatValue(p)} · −log p(xᵢ = ${x} | x<ᵢ) = ${formatValue(surprise)} nats`;
}

/**
 * Registered by name, this JSON view takes `conditionals` over: the PNG the trainer saves beside it
 * (the same picture, for exports and other tools) is not shown as a second card.
 */
registerView({ name: 'conditionals', kind: 'json', title: 'p(xᵢ = 1 | x<ᵢ) per pixel', order: 15, wide: true,
  create: createConditionals });
