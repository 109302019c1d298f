import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { npmErrorSummary, type InstallResult } from '../../../src/extension/commands/installNativeBackend';
import { genlab, tinyVaeConfig, waitForStatus, workspaceDir, writeConfig } from './helpers';

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

  it('Open Panel opens (or reveals) the run panel', async () => {
    const api = await genlab();
    await vscode.commands.executeCommand('genlab.openPanel', runId);
    assert.ok(api.panels.get(runId));
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
  });

  it('Compare Runs overlays another run in a panel', async () => {
    const api = await genlab();
    await vscode.commands.executeCommand('genlab.compareRuns', runId, [otherRunId]);
    assert.ok(api.panels.get(runId));
  });

  it('Reveal Run Folder and Refresh Runs run without error', async () => {
    await vscode.commands.executeCommand('genlab.revealRun', runId);
    await vscode.commands.executeCommand('genlab.refreshRuns');
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

  it('Install Native Backend runs npm and reports its outcome', async () => {
    const result = await vscode.commands.executeCommand<InstallResult>('genlab.installNativeBackend', { variant: 'cpu' });
    assert.ok(result, 'no result');
    // Offline, tfjs-node's install script cannot download libtensorflow: npm's own message must come through.
    console.log(`      npm: ${result.ok ? 'installed' : result.message}`);
    if (!result.ok) assert.match(result.message, /error|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED/i);
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
