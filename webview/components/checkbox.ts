import { TAGS } from './toolkit';

export interface Checkbox {
  readonly element: HTMLElement;
  setChecked(checked: boolean): void;
}

export interface CheckboxOptions {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}

interface CheckboxElement extends HTMLElement {
  checked: boolean;
}

export function createCheckbox(o: CheckboxOptions): Checkbox {
  const element = document.createElement(TAGS.checkbox) as CheckboxElement;
  element.textContent = o.label;
  element.checked = o.checked;
  // The toolkit fires `change` on programmatic updates too; only report real changes.
  let last = o.checked;
  element.addEventListener('change', () => {
    if (element.checked === last) return;
    last = element.checked;
    o.onChange(last);
  });
  return {
    element,
    setChecked(checked) {
      last = checked;
      element.checked = checked;
    },
  };
}
