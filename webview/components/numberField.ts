/** A labelled whole-number input (the toolkit has none that keeps a number's bounds), styled in panel.css. */
export interface NumberField {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  value(): number;
  setMax(max: number): void;
}

export interface NumberFieldOptions {
  label: string;
  value: number;
  min: number;
  max: number;
  /** Called with the clamped value when the user commits an edit; read value() instead where a button acts. */
  onChange?(value: number): void;
}

export function createNumberField(o: NumberFieldOptions): NumberField {
  const element = document.createElement('label');
  element.className = 'gl-number-field';
  const caption = document.createElement('span');
  caption.textContent = o.label;
  const input = document.createElement('input');
  input.type = 'number';
  input.step = '1';
  input.min = String(o.min);
  input.max = String(o.max);
  input.value = String(o.value);
  element.append(caption, input);
  // Clamped to the bounds, so a typed 99999 asks for the last test image rather than an error.
  const value = () => Math.min(Number(input.max), Math.max(Number(input.min), Math.round(Number(input.value) || 0)));
  input.addEventListener('change', () => {
    input.value = String(value());
    o.onChange?.(value());
  });
  return { element, input, value, setMax: (max) => { input.max = String(max); } };
}
