/** A canvas as a PNG data URL, painted over `background` (charts draw on a transparent canvas). */
export function canvasToPng(canvas: HTMLCanvasElement, background: string): string {
  return canvasesToPng([canvas], background);
}

/** Several canvases (a view's panels) stacked top to bottom in one PNG, over `background`. */
export function canvasesToPng(canvases: HTMLCanvasElement[], background: string): string {
  const out = document.createElement('canvas');
  out.width = Math.max(1, ...canvases.map((c) => c.width));
  out.height = Math.max(1, canvases.reduce((sum, c) => sum + c.height, 0));
  const ctx = out.getContext('2d');
  if (!ctx) return canvases[0].toDataURL('image/png');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  let top = 0;
  for (const c of canvases) {
    ctx.drawImage(c, 0, top);
    top += c.height;
  }
  return out.toDataURL('image/png');
}
