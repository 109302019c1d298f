import type { FramesFormat } from '../../shared/protocol';

export interface FramesFileOptions {
  format: FramesFormat;
  /** Each frame's time in an animation. */
  delayMs: number;
  /** Each frame scaled up this many times with hard pixel edges: a 28×28 digit is a speck otherwise. */
  scale: number;
  /** Frames a row of a PNG sheet. */
  across: number;
}

export interface FramesFile {
  data: Buffer;
  width: number;
  height: number;
}

/** A frame that is not a PNG of the others' size: the caller's error, named by its index. */
export class FrameError extends Error {}

/** PNG frames of one size → one PNG sheet (`across` a row, 2 px apart) or one looping animated GIF or WebP. */
export async function encodeFrames(pngs: Buffer[], o: FramesFileOptions): Promise<FramesFile> {
  const sharp = (await import('sharp')).default;
  const sizes = await Promise.all(pngs.map(async (png, i) => {
    const meta = await sharp(png).metadata().catch(() => null);
    if (meta?.format !== 'png' || !meta.width || !meta.height) throw new FrameError(`frames[${i}] is not a PNG`);
    return { width: meta.width, height: meta.height };
  }));
  const { width, height } = sizes[0];
  const odd = sizes.findIndex((s) => s.width !== width || s.height !== height);
  if (odd >= 0) throw new FrameError(`frames[${odd}] is ${sizes[odd].width}×${sizes[odd].height}, frames[0] ${width}×${height}`);
  const [w, h] = [width * o.scale, height * o.scale];
  const scaled = await Promise.all(pngs.map((png) => sharp(png).resize(w, h, { kernel: 'nearest' }).png().toBuffer()));
  // sharp joins two or more images; one frame is its own sheet.
  if (o.format === 'png' && scaled.length === 1) return { data: scaled[0], width: w, height: h };
  if (o.format === 'png') {
    const across = Math.min(o.across, pngs.length), rows = Math.ceil(pngs.length / across), shim = 2;
    const data = await sharp(scaled, { join: { across, shim, background: '#00000000' } }).png().toBuffer();
    return { data, width: across * w + (across - 1) * shim, height: rows * h + (rows - 1) * shim };
  }
  const joined = sharp(scaled, { join: { animated: true } });
  const options = { delay: pngs.map(() => o.delayMs), loop: 0 };
  const data = await (o.format === 'gif' ? joined.gif(options) : joined.webp({ ...options, lossless: true })).toBuffer();
  return { data, width: w, height: h };
}
