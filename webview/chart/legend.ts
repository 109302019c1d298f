/** How a legend entry's swatch looks: a line (a curve), a dashed line, a dot (points), a ring (a marker or a hollow bar) or a box (bars). */
export type SwatchShape = 'line' | 'dashed' | 'dot' | 'ring' | 'box';

export interface LegendItemOptions {
  shape?: SwatchShape;
  /** A read-out after the text (the value under the cursor, a count). */
  value?: string;
  /** A button (a legend that toggles what it names) instead of a plain entry. */
  button?: boolean;
}

/** One legend entry: a swatch in `color` and its text (styled by panel.css's `.gl-legend`). */
export function legendItem(color: string, text: string, o: LegendItemOptions = {}): HTMLElement {
  const shape = o.shape ?? 'line';
  const item = document.createElement(o.button ? 'button' : 'span');
  item.className = 'gl-legend-item';
  const swatch = document.createElement('span');
  swatch.className = shape === 'line' || shape === 'dashed' ? 'gl-swatch' : 'gl-swatch gl-swatch-dot';
  if (shape === 'dashed') swatch.classList.add('gl-swatch-dashed');
  if (shape === 'ring') swatch.style.boxShadow = `inset 0 0 0 2px ${color}`;
  else swatch.style.background = color;
  if (shape === 'box') swatch.style.borderRadius = '1px';
  const label = document.createElement('span');
  label.textContent = text;
  item.append(swatch, label);
  if (o.value !== undefined) {
    const value = document.createElement('span');
    value.className = 'gl-legend-value';
    value.textContent = o.value;
    item.append(value);
  }
  return item;
}

/** Fills a legend with `items`, after a muted read-out of where the cursor is (`step 1200`), if any. */
export function showLegend(legend: HTMLElement, items: HTMLElement[], at?: string): void {
  if (at !== undefined) {
    const step = document.createElement('span');
    step.className = 'gl-legend-step';
    step.textContent = at;
    items.unshift(step);
  }
  legend.replaceChildren(...items);
}
