/** How a legend entry's swatch looks: a line (a curve), a dot (points), a ring (a marker) or a box (bars). */
export type SwatchShape = 'line' | 'dot' | 'ring' | 'box';

/** One legend entry: a swatch in `color` and its text (styled by panel.css's `.gl-legend`). */
export function legendItem(color: string, text: string, shape: SwatchShape = 'line'): HTMLElement {
  const item = document.createElement('span');
  item.className = 'gl-legend-item';
  const swatch = document.createElement('span');
  swatch.className = shape === 'line' ? 'gl-swatch' : 'gl-swatch gl-swatch-dot';
  if (shape === 'ring') swatch.style.boxShadow = `inset 0 0 0 2px ${color}`;
  else if (shape === 'box') {
    swatch.style.borderRadius = '1px';
    swatch.style.background = color;
  } else swatch.style.background = color;
  const label = document.createElement('span');
  label.textContent = text;
  item.append(swatch, label);
  return item;
}
