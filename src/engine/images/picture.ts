import type { PriorDensityGrid } from '../../shared/protocol';

/** RGB(A) or grey pixels, row-major, 8 bits per channel. */
export interface Picture {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  pixels: Uint8Array;
}

/**
 * Tiles images into one picture, `cols` per row, with a `pad`-pixel gap.
 * `values` are n × h × w × c floats in [0, 1] (NHWC), as read back from a tensor.
 */
export function tileImages(values: Float32Array, n: number, h: number, w: number, c: 1 | 3, cols: number, pad = 2): Picture {
  const rows = Math.ceil(n / cols);
  const width = cols * w + (cols + 1) * pad;
  const height = rows * h + (rows + 1) * pad;
  const pixels = new Uint8Array(width * height * c).fill(40);
  for (let i = 0; i < n; i++) {
    const top = pad + Math.floor(i / cols) * (h + pad);
    const left = pad + (i % cols) * (w + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = values[((i * h + y) * w + x) * c + ch];
          pixels[((top + y) * width + left + x) * c + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
        }
      }
    }
  }
  return { width, height, channels: c, pixels };
}

/** Tableau-10, the palette of matplotlib's default scatter colours: distinct for 10 classes. */
export const CATEGORY_COLORS: [number, number, number][] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/**
 * A scatter plot of labelled 2-D points on white, axes spanning the data (symmetric, at least ±4), over `prior`'s
 * density in grey when given (darker where denser).
 */
export function scatterPicture(points: { x: number; y: number; label: number }[], size = 480, prior?: PriorDensityGrid): Picture {
  const priorExtent = prior ? Math.max(...prior.range.flat().map(Math.abs)) : 0;
  const extent = Math.max(4, priorExtent, ...points.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y)))) * 1.05;
  const pixels = new Uint8Array(size * size * 3).fill(255);
  const toPx = (v: number) => Math.round(((v + extent) / (2 * extent)) * (size - 1));
  if (prior) shadeDensity(pixels, size, extent, prior);
  for (let i = 0; i < size; i++) {
    // Axes through the origin, light grey.
    const mid = toPx(0);
    for (const idx of [(mid * size + i) * 3, (i * size + mid) * 3]) pixels.fill(220, idx, idx + 3);
  }
  for (const p of points) {
    const cx = toPx(p.x);
    const cy = size - 1 - toPx(p.y);
    const color = CATEGORY_COLORS[p.label % CATEGORY_COLORS.length];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        pixels.set(color, (y * size + x) * 3);
      }
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/** Greys each pixel of the RGB square [−extent, extent]² by the density of its bin, √-scaled so that the tails show. */
function shadeDensity(pixels: Uint8Array, size: number, extent: number, prior: PriorDensityGrid): void {
  const max = Math.max(...prior.density.flat());
  if (!(max > 0)) return;
  const [[x0, x1], [y0, y1]] = prior.range;
  for (let row = 0; row < size; row++) {
    const y = extent - (2 * extent * row) / (size - 1);
    const j = Math.floor(((y - y0) / (y1 - y0)) * prior.bins);
    for (let col = 0; col < size; col++) {
      const x = -extent + (2 * extent * col) / (size - 1);
      const i = Math.floor(((x - x0) / (x1 - x0)) * prior.bins);
      if (i < 0 || j < 0 || i >= prior.bins || j >= prior.bins) continue;
      const idx = (row * size + col) * 3;
      pixels.fill(Math.round(255 - 100 * Math.sqrt(prior.density[i][j] / max)), idx, idx + 3);
    }
  }
}

/** Encodes a picture as PNG bytes. */
export async function encodePng(picture: Picture): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp(Buffer.from(picture.pixels.buffer, picture.pixels.byteOffset, picture.pixels.byteLength), {
    raw: { width: picture.width, height: picture.height, channels: picture.channels },
  }).png().toBuffer();
}
