import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh value per page load: only scripts carrying it may run. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The panel page: a shell that loads the panel app (dist/webview.js, built from webview/main.ts) under a strict
 * Content Security Policy. Nothing is allowed by default; scripts need the nonce (no inline handlers, no eval);
 * styles, fonts and images come only from the extension's own resources (the webview source), and images also
 * from data:/blob: URLs the app makes itself (e.g. exported charts). The one <style> element the page makes
 * itself (the UI toolkit's :focus-visible probe) carries the nonce, which FAST reads from `csp-nonce`.
 */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, nonce = createNonce()): string {
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  const source = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${source} 'nonce-${nonce}'`,
    `font-src ${source}`,
    `img-src ${source} data: blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <meta property="csp-nonce" content="${nonce}">
  <link rel="stylesheet" href="${asset('webview.css')}">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
