import type { ServeImage } from '../../src/shared/protocol';

/**
 * Draws a model's PNG (base64, from `genlab serve`) on a canvas, scaled up with hard pixel edges.
 * Decoded from bytes with createImageBitmap: the panel's CSP allows no fetch (no connect-src), and
 * an <img> per pointer move would flicker while it loads.
 */
export async function drawPng(canvas: HTMLCanvasElement, image: ServeImage): Promise<void> {
  const bytes = Uint8Array.from(atob(image.png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  try {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    // The model's own size, which the scaled-up canvas does not show.
    canvas.dataset.imageWidth = String(image.width);
  } finally {
    bitmap.close();
  }
}

/** A canvas of `size` device-independent pixels square, at the screen's density, for one decoded image. */
export function imageCanvas(size: number, className: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = canvas.height = Math.round(size * dpr);
  canvas.style.width = canvas.style.height = `${size}px`;
  return canvas;
}
