/**
 * The GenLab panel app, bundled for the browser into dist/webview.js (+ dist/webview.css).
 * It says `ready` to the host, which answers with the run's snapshot and then streams its events.
 */
import 'uplot/dist/uPlot.min.css';
import './styles/panel.css';
import { PanelApp } from './app/panelApp';
import { registerComponents } from './components';
import { connectToHost } from './host';

registerComponents();
const host = connectToHost();
// The host's HTML shell provides `#app`; a bare page (the test harness) works too.
const app = new PanelApp(document.getElementById('app') ?? document.body, host);
window.addEventListener('message', (event: MessageEvent) => app.receive(event.data));
host.post({ type: 'ready' });
