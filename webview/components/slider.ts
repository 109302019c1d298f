/**
 * A labelled range input with its value shown beside it. Neither component library has a slider,
 * so this is a native `<input type=range>` styled with VS Code's colours (see panel.css).
 */
export interface Slider {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  setRange(min: number, max: number): void;
  setValue(value: number): void;
  setEnabled(enabled: boolean): void;
}

export interface SliderOptions {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** Text shown beside the slider (and read by screen readers) for a value. */
  format(value: number): string;
  onInput(value: number): void;
}

export function createSlider(o: SliderOptions): Slider {
  const element = document.createElement('label');
  element.className = 'gl-slider';
  const caption = document.createElement('span');
  caption.className = 'gl-slider-label';
  caption.textContent = o.label;
  const input = document.createElement('input');
  input.type = 'range';
  input.min = String(o.min);
  input.max = String(o.max);
  input.step = String(o.step);
  const readout = document.createElement('output');
  readout.className = 'gl-slider-value';
  element.append(caption, input, readout);

  const show = (value: number) => {
    const text = o.format(value);
    readout.textContent = text;
    input.setAttribute('aria-valuetext', text);
  };
  input.addEventListener('input', () => {
    const value = Number(input.value);
    show(value);
    o.onInput(value);
  });
  const setValue = (value: number) => {
    input.value = String(value);
    show(value);
  };
  setValue(o.value);
  return {
    element,
    input,
    setRange(min, max) {
      input.min = String(min);
      input.max = String(max);
    },
    setValue,
    setEnabled: (enabled) => { input.disabled = !enabled; },
  };
}
