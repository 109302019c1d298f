import type { Picture } from './picture';

/**
 * Two pictures of the same channel count next to each other, top-aligned, `gap` pixels apart on a
 * light background, so a dark tile border on either side still reads as two separate panels.
 */
export function sideBySide(left: Picture, right: Picture, gap = 12, background = 200): Picture {
  if (left.channels !== right.channels) throw new Error(`cannot join ${left.channels}- and ${right.channels}-channel pictures`);
  const c = left.channels;
  const width = left.width + gap + right.width;
  const height = Math.max(left.height, right.height);
  const pixels = new Uint8Array(width * height * c).fill(background);
  const paste = (p: Picture, x0: number) => {
    for (let y = 0; y < p.height; y++) {
      pixels.set(p.pixels.subarray(y * p.width * c, (y + 1) * p.width * c), (y * width + x0) * c);
    }
  };
  paste(left, 0);
  paste(right, left.width + gap);
  return { width, height, channels: c, pixels };
}
