/** A labelled pick from a few options: a native <select> in VS Code's dropdown colours (panel.css). */
export interface Choice<T extends string> {
  readonly element: HTMLElement;
  readonly select: HTMLSelectElement;
  value(): T;
  setOptions(options: { value: T; label: string }[], selected: T): void;
}

export interface ChoiceOptions<T extends string> {
  label: string;
  options: { value: T; label: string }[];
  value: T;
  onChange?(value: T): void;
}

export function createChoice<T extends string>(o: ChoiceOptions<T>): Choice<T> {
  const element = document.createElement('label');
  element.className = 'gl-choice';
  const caption = document.createElement('span');
  caption.textContent = o.label;
  const select = document.createElement('select');
  element.append(caption, select);
  const setOptions = (options: { value: T; label: string }[], selected: T) => {
    select.replaceChildren(...options.map((opt) => new Option(opt.label, opt.value, false, opt.value === selected)));
  };
  setOptions(o.options, o.value);
  select.addEventListener('change', () => o.onChange?.(select.value as T));
  return { element, select, value: () => select.value as T, setOptions };
}
