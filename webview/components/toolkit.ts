/**
 * The one file that knows which web-component library the panel uses. `@vscode/webview-ui-toolkit`
 * was archived upstream in 2025; moving to `@vscode-elements/elements` means rewriting this folder
 * (tag names and the few properties the factories beside this file touch) and nothing else.
 *
 * Under the panel's CSP the toolkit needs one thing from the page: FAST probes `:focus-visible` with
 * a <style> element, which carries the nonce of `<meta property="csp-nonce">` when the page has one
 * (and `style-src` allows that nonce); without it the probe is blocked and buttons fall back to `:focus`.
 */
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox } from '@vscode/webview-ui-toolkit';

export const TAGS = { button: 'vscode-button', checkbox: 'vscode-checkbox' } as const;

let registered = false;

/** Defines the custom elements once, before any factory here is used. */
export function registerComponents(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox());
  registered = true;
}
