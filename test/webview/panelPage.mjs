// The panel page the harness frames: the extension's own page (src/extension/panel/panelPage.ts, the same
// builder html.ts uses, so the same Content Security Policy), with the harness origin as the webview source
// and a fresh nonce per load. Two scripts of the harness go in before the app's, carrying that nonce, as
// VS Code's own script runs first in a real webview: the theme table and the fake VS Code API.
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

const { panelPageHtml } = await tsImport('../../src/extension/panel/panelPage.ts', import.meta.url);

const HARNESS_SCRIPTS = ['/fixture/themes.js', '/test/webview/fakeVscodeApi.js'];
const APP_SCRIPT = '/dist/webview.js';

/** The page for a frame loaded from `origin` (e.g. http://127.0.0.1:PORT). */
export function harnessPanelPage(origin) {
  const nonce = randomBytes(18).toString('base64');
  const page = panelPageHtml({ cspSource: origin, nonce, scriptUri: APP_SCRIPT, styleUri: '/dist/webview.css', title: 'GenLab panel' });
  const appTag = `<script nonce="${nonce}" src="${APP_SCRIPT}"></script>`;
  if (!page.includes(appTag)) throw new Error(`the panel page no longer loads its app as ${appTag}: update ${import.meta.filename}`);
  const harnessTags = HARNESS_SCRIPTS.map((src) => `<script nonce="${nonce}" src="${src}"></script>\n  `).join('');
  return page.replace(appTag, harnessTags + appTag);
}
