/**
 * The panel page's markup and Content Security Policy, with no VS Code in it: html.ts fills in the webview's
 * URIs and source, and the panel harness (test/webview/server.mjs) serves this same page to headless Chromium,
 * so the policy the extension sends is the one the panel is tested under.
 */
export interface PanelPageParts {
  /** The webview's `cspSource`: the origin the extension's own resources are served from. */
  cspSource: string;
  /** Fresh per page load: only scripts (and the one <style> the page makes itself) carrying it may run. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

/**
 * Nothing is allowed by default; scripts need the nonce (no inline handlers, no eval); styles, fonts and images
 * come only from the extension's own resources, and images also from data:/blob: URLs the app makes itself
 * (e.g. exported charts). The one <style> element the page makes itself (the UI toolkit's :focus-visible probe)
 * carries the nonce, which FAST reads from `csp-nonce`.
 */
export function panelContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
  ].join('; ');
}

/** A shell that loads the panel app (dist/webview.js, built from webview/main.ts) under the policy above. */
export function panelPageHtml(parts: PanelPageParts): string {
  const { nonce } = parts;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${panelContentSecurityPolicy(parts.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <meta property="csp-nonce" content="${nonce}">
  <link rel="stylesheet" href="${parts.styleUri}">
  <title>${escapeHtml(parts.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
