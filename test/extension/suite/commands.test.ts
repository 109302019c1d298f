import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { npmErrorSummary, type InstallResult } from '../../../src/extension/commands/installNativeBackend';
import { panelContentSecurityPolicy } from '../../../src/extension/panel/panelPage';
import { genlab, PAGE_READY_MS, tinyVaeConfig, waitFor, waitForStatus, workspaceDir, writeConfig } from './helpers';

/**
 * Every palette command, called the way the UI calls it but with the arguments that spare the prompts
 * (template, save target, confirmation). Train, Stop and Resume have their own file (training.test.ts).
 */
describe('commands', () => {
  let runId: string;
  let otherRunId: string;

  before(async () => {
    const api = await genlab();
    const uri = writeConfig('commands.genlab.json', tinyVaeConfig('commands'));
    runId = (await vscode.commands.executeCommand<string>('genlab.train', uri))!;
    otherRunId = (await vscode.commands.executeCommand<string>('genlab.train', uri))!;
    await waitForStatus(api, runId, ['done']);
    await waitForStatus(api, otherRunId, ['done']);
  });

  it('New Experiment… writes a template config and opens it', async () => {
    const target = vscode.Uri.file(join(workspaceDir(), 'from-template.genlab.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('genlab.newExperiment', { template: 'vae', target });
    assert.equal(written?.fsPath, target.fsPath);
    assert.equal(JSON.parse(readFileSync(target.fsPath, 'utf8')).model.type, 'vae');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target.fsPath);
  });

  it('Open Panel opens (or reveals) the run panel, its page under the policy panelPage.ts builds', async () => {
    const api = await genlab();
    await vscode.commands.executeCommand('genlab.openPanel', runId);
    const opened = api.panels.get(runId)!;
    await waitFor(() => opened.stats.readyCount > 0, `the page of ${runId} to say ready`, PAGE_READY_MS);
    const { webview } = opened.panel;
    // The page as sent to VS Code: the unit test (webviewTrust.test.ts) and the panel harness check this policy.
    const nonce = /<meta property="csp-nonce" content="([^"]+)">/.exec(webview.html)?.[1];
    assert.ok(nonce, 'the page names its nonce');
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(webview.html)?.[1];
    assert.equal(policy, panelContentSecurityPolicy(webview.cspSource, nonce));
  });

  it('a shown panel whose page does not say ready is loaded again', async () => {
    const api = await genlab();
    const opened = api.panels.get(runId)!;
    await waitFor(() => opened.stats.readyCount > 0, `the page of ${runId} to say ready`, PAGE_READY_MS);
    const { readyCount, pageReloads } = opened.stats;
    // A page that never says ready, shown after the panel was in the background.
    opened.panel.webview.html = '<!doctype html><p>a page that lost its script</p>';
    const doc = await vscode.workspace.openTextDocument({ content: 'cover' });
    await vscode.window.showTextDocument(doc, { viewColumn: opened.panel.viewColumn, preserveFocus: false });
    await waitFor(() => !opened.panel.visible, 'the panel to go to the background', 10_000);
    opened.panel.reveal(undefined, true);
    await waitFor(() => opened.stats.readyCount > readyCount, `the page of ${runId} to come back`, PAGE_READY_MS);
    // Once as a rule; twice when the reloaded page too was slow (a busy machine, or the service worker's wait above).
    const reloads = opened.stats.pageReloads - pageReloads;
    assert.ok(reloads >= 1 && reloads <= 2, `loaded again ${reloads} times`);
    assert.ok(opened.panel.visible, 'the panel is still shown');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Show Runs lists the runs, newest first, with model, epochs and key metric', async () => {
    const api = await genlab();
    await vscode.commands.executeCommand('genlab.showRuns');
    const listed = api.runs.list();
    const at = (id: string) => listed.findIndex((r) => r.runId === id);
    assert.ok(at(otherRunId) >= 0 && at(runId) >= 0, `both runs listed: ${listed.map((r) => r.runId).join(', ')}`);
    assert.ok(at(otherRunId) < at(runId), 'newest first');
    const description = String(api.runsView.getTreeItem(listed[at(runId)]).description);
    // The backend is the machine's: wasm here, webgpu where there is a GPU.
    assert.match(description, /^vae · \S+ · 1\/1 · testNegElbo \d/);
  });

  it('Export writes the metrics as CSV and an image view as PNG', async () => {
    const csv = vscode.Uri.file(join(workspaceDir(), 'exported-metrics.csv'));
    await vscode.commands.executeCommand('genlab.export', runId, { what: 'metrics-csv', target: csv });
    const lines = readFileSync(csv.fsPath, 'utf8').trim().split('\n');
    assert.match(lines[0], /^kind,epoch,globalStep,.*testNegElbo/);
    assert.ok(lines.some((l) => l.startsWith('epoch,1,')));
    const png = vscode.Uri.file(join(workspaceDir(), 'exported-samples.png'));
    await vscode.commands.executeCommand('genlab.export', runId, { what: 'samples', target: png });
    assert.deepEqual([...readFileSync(png.fsPath).subarray(1, 4)], [...Buffer.from('PNG')]);
  });

  it('Validate and Open Last Run work on a config', async () => {
    const uri = vscode.Uri.file(join(workspaceDir(), 'commands.genlab.json'));
    assert.deepEqual(await vscode.commands.executeCommand('genlab.validate', uri), []);
    assert.equal(await vscode.commands.executeCommand('genlab.openLastRun', uri), otherRunId);
    // Its page comes up (and the next test reveals the first run's panel behind it with no page still loading).
    const api = await genlab();
    const opening = Date.now();
    await waitFor(() => (api.panels.get(otherRunId)?.stats.readyCount ?? 0) > 0, `the page of ${otherRunId} to say ready`, PAGE_READY_MS)
      .catch((e: Error) => {
        const opened = api.panels.get(otherRunId);
        throw new Error(`${e.message} (the panel ${opened ? `${opened.panel.visible ? 'visible' : 'hidden'}, active ${opened.panel.active}, ` +
          `its stats ${JSON.stringify(opened.stats)}` : 'not open'})`);
      });
    console.log(`      its page said ready after ${((Date.now() - opening) / 1000).toFixed(1)} s`);
  });

  it('Compare Runs overlays another run in a panel', async () => {
    const api = await genlab();
    await vscode.commands.executeCommand('genlab.compareRuns', runId, [otherRunId]);
    const panel = api.panels.get(runId);
    assert.ok(panel);
    // Sent to the page in a compare message, or in the init of a page reloaded for new resource folders.
    await waitFor(() => panel.stats.lastCompareSent?.includes(otherRunId), `${otherRunId} overlaid on ${runId}`, PAGE_READY_MS).catch((e: Error) => {
      throw new Error(`${e.message} (the panel ${panel.panel.visible ? 'visible' : 'hidden'}, its stats ${JSON.stringify(panel.stats)})`);
    });
    assert.deepEqual(panel.stats.lastCompareSent, [otherRunId]);
  });

  it('Reveal Run Folder reveals the run\'s own folder', async () => {
    const api = await genlab();
    const revealed = await vscode.commands.executeCommand<vscode.Uri>('genlab.revealRun', runId);
    assert.equal(revealed?.fsPath, api.runs.get(runId)!.runDir);
    assert.ok(existsSync(join(revealed.fsPath, 'summary.json')));
  });

  it('Refresh Runs re-reads the run folders: one written, then one removed, behind the extension\'s back', async () => {
    const api = await genlab();
    // Outside .genlab/runs, which the extension watches: there only Refresh Runs finds what changed.
    const uri = writeConfig('unwatched.genlab.json', { ...tinyVaeConfig('unwatched'), output: { dir: 'unwatched-runs' } });
    const trained = await waitForStatus(api, (await vscode.commands.executeCommand<string>('genlab.train', uri))!, ['done']);
    const copyId = `${trained.runId}-copy`;
    const copyDir = join(dirname(trained.runDir!), copyId);
    assert.equal(basename(dirname(copyDir)), 'unwatched-runs');
    cpSync(trained.runDir!, copyDir, { recursive: true });
    const summaryPath = join(copyDir, 'summary.json');
    writeFileSync(summaryPath, JSON.stringify({ ...JSON.parse(readFileSync(summaryPath, 'utf8')), runId: copyId }));
    assert.equal(api.runs.get(copyId), undefined, 'not known before the refresh');

    await vscode.commands.executeCommand('genlab.refreshRuns');
    const found = api.runs.get(copyId);
    assert.equal(found?.runDir, copyDir);
    assert.equal(found.status, 'done');
    assert.equal(found.metrics.testNegElbo, trained.metrics.testNegElbo);
    assert.ok(api.runs.list().some((r) => r.runId === copyId));

    rmSync(copyDir, { recursive: true, force: true });
    assert.ok(api.runs.get(copyId), 'still listed until the next refresh');
    await vscode.commands.executeCommand('genlab.refreshRuns');
    assert.equal(api.runs.get(copyId), undefined);
  });

  it('Delete Run removes the run folder and closes its panel', async () => {
    const api = await genlab();
    const runDir = api.runs.get(otherRunId)!.runDir!;
    await vscode.commands.executeCommand('genlab.openPanel', otherRunId);
    assert.equal(await vscode.commands.executeCommand('genlab.deleteRun', otherRunId, { confirmed: true }), true);
    assert.equal(existsSync(runDir), false);
    assert.equal(api.runs.get(otherRunId), undefined);
    assert.equal(api.panels.get(otherRunId), undefined);
  });

  it('Install Native Backend sums up npm\'s failure and leaves nothing half-installed', async () => {
    const api = await genlab();
    const target = api.runs.nativeModulesDir;
    // A registry on this machine that refuses connections, and a cache of its own (nothing cached to fall back on).
    const port = await closedPort();
    const cache = mkdtempSync(join(tmpdir(), 'genlab-npm-cache-'));
    const npmEnv = { npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: cache, npm_config_fetch_retries: '0' };
    const saved = Object.fromEntries(Object.keys(npmEnv).map((k) => [k, process.env[k]]));
    Object.assign(process.env, npmEnv); // the extension's npm child inherits the extension host's environment
    try {
      const result = await vscode.commands.executeCommand<InstallResult>('genlab.installNativeBackend', { variant: 'cpu' });
      assert.deepEqual(result, { ok: false, message: `FetchError: request to http://127.0.0.1:${port}/@tensorflow%2ftfjs-node failed, ` +
        `reason: connect ECONNREFUSED 127.0.0.1:${port}` });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(cache, { recursive: true, force: true });
    }
    // Only the manifest the command writes: no node_modules, no lock file, no dependency recorded.
    assert.deepEqual(readdirSync(target), ['package.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')), { private: true, name: 'genlab-native-backends' });
  });

  it('sums up npm\'s failure in one line', () => {
    const lines = ['npm error code 1', 'npm error path /x/node_modules/@tensorflow/tfjs-node', 'npm error command failed',
      'npm error command sh -c node scripts/install.js', 'npm error CPU-linux-4.22.0.tar.gz',
      'npm error https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz',
      'npm error       throw er; // Unhandled \'error\' event', 'npm error Error: getaddrinfo ENOTFOUND storage.googleapis.com',
      'npm error     at GetAddrInfoReqWrap.onlookupall (node:dns:122:26)'];
    assert.equal(npmErrorSummary(lines), 'Error: getaddrinfo ENOTFOUND storage.googleapis.com, in `node scripts/install.js`, ' +
      'fetching https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz');
  });
});

/** A port on 127.0.0.1 that nothing listens on: connections to it are refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
