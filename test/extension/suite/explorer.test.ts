import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { genlab, tinyVaeConfig, waitFor, waitForStatus, workspaceDir, writeConfig } from './helpers';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('latent explorer', () => {
  it("answers the panel's explorer requests from the run's model service, stopped with the panel", async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    const api = await genlab();
    const uri = writeConfig('explorer.genlab.json', tinyVaeConfig('explorer'));
    const runId = await vscode.commands.executeCommand<string>('genlab.train', uri);
    assert.ok(runId);
    const run = await waitForStatus(api, runId, ['done', 'failed', 'stopped']);
    assert.equal(run.status, 'done', run.message);
    await vscode.commands.executeCommand('genlab.openPanel', runId);
    const panel = api.panels.get(runId)!;

    // The page itself: its explorer card asks info, then the test codes and the decode at the origin.
    await waitFor(() => panel.stats.exploreReplies >= 3, 'the page to explore the model', 60_000);
    const pid = panel.modelServicePid;
    assert.ok(pid && alive(pid), 'the model service runs while the panel is open');
    assert.notEqual(panel.stats.lastExploreReply, 'error');

    const reply = await panel.explore({ op: 'decode', z: [[0.5, -1]], coalesce: 'test' });
    assert.ok('op' in reply && reply.op === 'decode', JSON.stringify(reply).slice(0, 200));
    const [image] = reply.images;
    const png = Buffer.from(image.png, 'base64');
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [28, 28]);
    assert.deepEqual([image.width, image.height], [28, 28]);
    assert.equal(panel.modelServicePid, pid, 'one service for the panel');

    // Export of an explorer's frames: the service makes the GIF, the host writes it where asked.
    const target = vscode.Uri.file(join(workspaceDir(), 'exported-interpolation.gif'));
    const saved = await panel.exportFrames({ type: 'export', what: 'frames', view: 'interpolation', format: 'gif', frames: [image.png, image.png] }, target);
    assert.equal(saved?.fsPath, target.fsPath);
    const gif = readFileSync(target.fsPath);
    assert.equal(gif.subarray(0, 6).toString(), 'GIF89a');
    assert.deepEqual([gif.readUInt16LE(6), gif.readUInt16LE(8)], [112, 112], 'the frames scaled up 4×');
    await assert.rejects(panel.exportFrames({ type: 'export', what: 'frames', view: 'x', format: 'gif', frames: [image.png, 'AAAA'] }, target),
      /could not export the x: frames\[1\] is not a PNG/);

    panel.panel.dispose();
    await waitFor(() => !alive(pid), 'the model service to stop with its panel', 10_000);
    assert.equal(panel.modelServicePid, undefined);
  });
});
