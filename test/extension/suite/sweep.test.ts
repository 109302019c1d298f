import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SweepFile } from '../../../src/shared/protocol';
import type { SweepGroup } from '../../../src/extension/views/runsTree';
import { genlab, workspaceDir, writeConfig } from './helpers';

describe('sweeps', () => {
  it('▶ Sweep on a config with a sweep section runs a 2×2 grid to a ranked sweep.json', async () => {
    const api = await genlab();
    const uri = writeConfig('tiny-sweep.genlab.json', {
      name: 'tiny-sweep', model: { type: 'gan-1d', generatorHidden: [8], discriminatorHidden: [8] },
      training: { epochs: 2, stepsPerEpoch: 10, batchSize: 32 },
      sweep: { grid: { 'training.optimizer.learningRate': [0.001, 0.0002], 'model.noiseDim': [2, 4] }, metric: 'js', parallel: 2 },
    });
    await vscode.window.showTextDocument(uri); // the workbench computes CodeLenses for open documents only
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lens = lenses.find((l) => l.command?.command === 'genlab.sweep');
    assert.ok(lens, `no Sweep lens (lenses: ${lenses.map((l) => l.command?.title).join(', ')})`);
    const plain = writeConfig('no-sweep.genlab.json', { model: { type: 'gan-1d' } });
    await vscode.window.showTextDocument(plain);
    const plainLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plain);
    assert.ok(!plainLenses.some((l) => l.command?.command === 'genlab.sweep'), 'a config without a sweep section has no Sweep lens');

    const result = await vscode.commands.executeCommand<{ dir?: string; code: number | null }>('genlab.sweep', ...(lens.command!.arguments ?? []));
    assert.equal(result.code, 0);
    assert.equal(result.dir, join(workspaceDir(), '.genlab', 'runs', 'tiny-sweep-sweep'));
    const file = JSON.parse(readFileSync(join(result.dir, 'sweep.json'), 'utf8')) as SweepFile;
    assert.equal(file.status, 'done');
    assert.deepEqual(file.trials.map((t) => t.status), ['done', 'done', 'done', 'done']);
    assert.equal(file.best!.value, Math.min(...file.trials.map((t) => t.value!)));

    // The Runs view: the four trials under one sweep node, not among the plain runs.
    await vscode.commands.executeCommand('genlab.refreshRuns');
    const top = api.runsView.getChildren();
    const group = top.find((item): item is SweepGroup => 'kind' in item && item.kind === 'sweep' && item.dir === result.dir);
    assert.ok(group, 'no sweep node in the Runs view');
    assert.deepEqual(group.trials.map((t) => t.runId).sort(), file.trials.map((t) => t.run).sort());
    assert.equal(api.runsView.getTreeItem(group).description, 'sweep · 4 trials · 4 done');
    assert.ok(!top.some((item) => !('kind' in item) && item.sweep), 'a trial is listed outside its sweep');
    assert.equal(api.runsView.getTreeItem(group).command?.command, 'genlab.openSweep');
  });
});
