import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelPageHtml } from './panelPage';

/** A fresh value per page load: only scripts carrying it may run. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The panel page (panelPage.ts) with this webview's URIs for the bundle and its source in the policy. */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, nonce = createNonce()): string {
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  return panelPageHtml({ cspSource: webview.cspSource, nonce, scriptUri: asset('webview.js'), styleUri: asset('webview.css'), title });
}
