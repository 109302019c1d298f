/**
 * A small label, e.g. a run's status. A plain element styled like VS Code's badges: the toolkit's
 * `vscode-tag` template carries an inline style attribute, which the panel's CSP (rightly) blocks.
 */
export interface Tag {
  readonly element: HTMLElement;
  setText(text: string): void;
}

export function createTag(text = ''): Tag {
  const element = document.createElement('span');
  element.className = 'gl-tag';
  element.textContent = text;
  return { element, setText: (t) => { element.textContent = t; } };
}
