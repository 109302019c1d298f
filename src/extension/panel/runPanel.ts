import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import {
  parseWebviewMessage, type ArtifactRef, type ExploreReply, type HostToWebview, type RunStatus, type ServeRequestBody,
  type TrainerEventType, type WebviewToHost,
} from '../../shared/protocol';
import type { RunManager } from '../runs/runManager';
import { readRunSnapshot } from '../runs/runSnapshot';
import type { Log } from '../util/log';
import { throttle } from '../util/throttle';
import { exportFramesFile, exportMetricsCsv, exportPngDataUrl } from './exporters';
import { renderPanelHtml } from './html';
import { panelTitle } from './panelTitle';
import { ModelService, vscodeNodeLaunch } from './modelService';
import { readRunJson } from './runFiles';
import { currentPanelTheme } from './theme';

export const RUN_PANEL_VIEW_TYPE = 'genlab.run';
/** Events are forwarded in batches at most this often: the panel redraws at most ~4 times a second. */
const FORWARD_INTERVAL_MS = 250;

export interface RunPanelTarget {
  runId: string;
  runDir: string;
}

/** What a panel has exchanged with its page: the extension tests read it. */
export interface RunPanelStats {
  readyCount: number;
  initsSent: number;
  eventsSent: number;
  lastEventSent?: TrainerEventType;
  /** The run's status in the last init snapshot sent. */
  lastInitStatus?: RunStatus;
  /** The runs overlaid on this one in the last init or compare message sent. */
  lastCompareSent?: string[];
  rejectedMessages: number;
  /** Explorer requests from the page answered, and the last reply's op (or `error`, `superseded`). */
  exploreReplies: number;
  lastExploreReply?: string;
  /** Pages reloaded because a shown one did not say `ready` in time. */
  pageReloads: number;
}

/**
 * A shown page says `ready` within a second or two; one that has not after this is loaded again, and each later
 * load is given twice as long as the one before (on a busy machine a reload may itself be slow: cutting it short
 * would only start it over).
 */
const READY_TIMEOUT_MS = 10_000;
/** Loads of one showing, the first included: a page that never comes up is not reloaded forever. */
const MAX_PAGE_LOADS = 3;

/** Local folders a panel may load from: the bundle, media, and the folder holding the run folders. */
export function panelResourceRoots(extensionUri: vscode.Uri, runDirs: readonly string[]): vscode.Uri[] {
  const runBases = [...new Set(runDirs.map((d) => dirname(d)))];
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'),
    ...runBases.map((d) => vscode.Uri.file(d))];
}


/**
 * The host side of one run's panel. The page says `ready` once its script runs (again after a reload or
 * when it comes back from the background); the host then sends `init` with everything recorded so far and
 * from then on forwards the run's trainer events in throttled batches. Every message from the page is
 * validated with parseWebviewMessage before it is used.
 */
export class RunPanel implements vscode.Disposable {
  readonly stats: RunPanelStats = { readyCount: 0, initsSent: 0, eventsSent: 0, rejectedMessages: 0, exploreReplies: 0, pageReloads: 0 };
  private ready = false;
  private disposed = false;
  private outbox: HostToWebview[] = [];
  private readonly flush = throttle(() => this.flushOutbox(), FORWARD_INTERVAL_MS);
  private compareRuns: RunPanelTarget[] = [];
  /** The run's model service (`genlab serve`), started by the page's first explorer request. */
  private modelService: ModelService | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  private loadsThisShowing = 1;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: RunPanelTarget,
    private readonly runs: RunManager,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    panel.title = panelTitle(target.runId);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'genlab.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    panel.webview.html = renderPanelHtml(panel.webview, extensionUri, panel.title);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      // A hidden panel's page is unloaded; it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
        else if (!this.ready) {
          this.loadsThisShowing = 1;
          this.watchReady();
        }
      }),
      panel.onDidDispose(() => this.dispose()),
      runs.onTrainerEvent(({ run, event }) => {
        if (run.runId === this.target.runId || this.compareRuns.some((c) => c.runId === run.runId)) {
          if (event.type === 'artifact') this.queue({ type: 'artifact-uris', runId: run.runId!, uris: this.artifactUris(run.runDir!, [event.artifact]) });
          this.queue({ type: 'event', runId: run.runId!, event });
        }
      }),
      vscode.window.onDidChangeActiveColorTheme(() => {
        if (this.ready) this.sendInit();
      }),
    );
    this.watchReady();
  }

  /**
   * Loads the page again when a shown one has not said `ready` in time: its load, or its message, was lost (seen
   * in a freshly installed VS Code server when a second panel opens over a first still loading). Not helped by this:
   * in VS Code for the browser a new webview's frame may wait up to 30 s for its service worker (the previous worker
   * finishing a fetch for a panel closed mid-load); the page then comes up by itself.
   */
  private watchReady(): void {
    clearTimeout(this.readyTimer);
    const waitMs = READY_TIMEOUT_MS * 2 ** (this.loadsThisShowing - 1);
    this.readyTimer = setTimeout(() => {
      if (this.disposed || this.ready || !this.panel.visible || this.loadsThisShowing >= MAX_PAGE_LOADS) return;
      this.loadsThisShowing++;
      this.stats.pageReloads++;
      this.log.warn(`[panel ${this.target.runId}] the page did not say ready in ${waitMs / 1000} s; loading it again`);
      this.panel.webview.html = renderPanelHtml(this.panel.webview, this.extensionUri, this.panel.title);
      this.watchReady();
    }, waitMs);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Overlays other runs' curves on this one's. */
  setCompare(runs: RunPanelTarget[]): void {
    this.compareRuns = runs.filter((r) => r.runId !== this.target.runId);
    const roots = this.resourceRoots();
    const current = this.panel.webview.options.localResourceRoots ?? [];
    if (roots.some((r) => !current.some((c) => c.toString() === r.toString()))) {
      // New folders to load images from: the page reloads and its `ready` brings the compare runs in init.
      this.panel.webview.options = { enableScripts: true, localResourceRoots: roots };
      return;
    }
    if (!this.ready) return;
    const snapshots = this.compareRuns.map((r) => readRunSnapshot(r.runDir));
    this.post({ type: 'compare', runs: snapshots });
    this.stats.lastCompareSent = snapshots.map((s) => s.runId);
    for (const s of snapshots) this.post({ type: 'artifact-uris', runId: s.runId, uris: this.artifactUris(s.runDir, s.artifacts) });
  }

  /** The model service's process id while one runs (for the tests). */
  get modelServicePid(): number | undefined {
    return this.modelService?.pid;
  }

  /** Answers an explorer request as the page's would be answered (the tests use it to skip the page). */
  async explore(request: ServeRequestBody): Promise<ExploreReply> {
    if (!vscode.workspace.isTrusted) return { error: 'GenLab runs a trained model only in a trusted workspace' };
    if (this.disposed) return { error: 'the panel was closed' };
    this.modelService ??= new ModelService(vscodeNodeLaunch(this.runs.cliPath, this.target.runDir, this.runs.nativeModulesDir,
      vscode.workspace.getConfiguration('genlab').get<'use' | 'avoid'>('gpu', 'use'),
      (line) => this.log.info(`[serve ${this.target.runId}] ${line}`)));
    const reply = await this.modelService.request(request);
    this.stats.exploreReplies++;
    this.stats.lastExploreReply = 'op' in reply ? reply.op : 'error' in reply ? 'error' : 'superseded';
    return reply;
  }

  /**
   * Saves an explorer's frames as the page asked (a PNG sheet, a GIF or a WebP), made by the run's model service:
   * image encoding, like tfjs, stays out of the extension host. `target` spares the save dialog (tests).
   */
  async exportFrames(request: Extract<WebviewToHost, { what: 'frames' }>, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const { view, format, frames, across } = request;
    const reply = await this.explore({ op: 'export', frames, format, delayMs: 150, scale: 4, across: across ?? frames.length });
    if ('error' in reply) throw new Error(`could not export the ${view}: ${reply.error}`);
    if (!('op' in reply) || reply.op !== 'export') return undefined;
    return exportFramesFile(reply.data, format, `${this.target.runId}-${view}.${format}`, target);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.readyTimer);
    void this.modelService?.stop();
    this.flush.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }

  private resourceRoots(): vscode.Uri[] {
    return panelResourceRoots(this.extensionUri, [this.target.runDir, ...this.compareRuns.map((r) => r.runDir)]);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.stats.rejectedMessages++;
      this.log.warn(`[panel ${this.target.runId}] ignored an invalid message from the page`);
      return;
    }
    try {
      await this.handle(message);
    } catch (e) {
      void vscode.window.showErrorMessage(`GenLab: ${(e as Error).message}`);
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.stats.readyCount++;
        this.ready = true;
        clearTimeout(this.readyTimer);
        this.outbox = []; // the snapshot below includes everything queued while the page was away
        this.sendInit();
        return;
      case 'stop':
        await vscode.commands.executeCommand('genlab.stop', this.target.runId);
        return;
      case 'resume':
        await vscode.commands.executeCommand('genlab.resume', this.target.runId);
        return;
      case 'pick-compare':
        await vscode.commands.executeCommand('genlab.compareRuns', this.target.runId);
        return;
      case 'export': {
        const saved = message.what === 'metrics-csv' ? await exportMetricsCsv(this.target.runDir)
          : message.what === 'frames' ? await this.exportFrames(message)
            : await exportPngDataUrl(message.dataUrl, `${this.target.runId}-${message.view}.png`);
        if (saved) void vscode.window.showInformationMessage(`GenLab: saved ${vscode.workspace.asRelativePath(saved)}`);
        return;
      }
      case 'read-json':
        try {
          const { runId = this.target.runId } = message;
          const runDir = [this.target, ...this.compareRuns].find((r) => r.runId === runId)?.runDir;
          if (!runDir) throw new Error(`run ${runId} is not shown in this panel`);
          this.post({ type: 'json', requestId: message.requestId, data: await readRunJson(runDir, message.path) });
        } catch (e) {
          this.post({ type: 'json', requestId: message.requestId, error: (e as Error).message });
        }
        return;
      case 'explore': {
        // A page loaded since the request numbers its requests afresh: the reply would settle the wrong one.
        const page = this.stats.readyCount;
        const reply = await this.explore(message.request);
        if (this.stats.readyCount === page) this.post({ type: 'explore-reply', id: message.id, reply });
        return;
      }
    }
  }

  private sendInit(): void {
    const snapshot = readRunSnapshot(this.target.runDir);
    const compare = this.compareRuns.map((r) => readRunSnapshot(r.runDir));
    this.post({ type: 'init', snapshot, theme: currentPanelTheme(), compare });
    this.stats.initsSent++;
    this.stats.lastInitStatus = snapshot.summary?.status;
    this.stats.lastCompareSent = compare.map((s) => s.runId);
    for (const s of [snapshot, ...compare]) this.post({ type: 'artifact-uris', runId: s.runId, uris: this.artifactUris(s.runDir, s.artifacts) });
  }

  private artifactUris(runDir: string, artifacts: readonly ArtifactRef[]): Record<string, string> {
    const webview = this.panel.webview;
    return Object.fromEntries(artifacts.filter((a) => a.kind === 'image')
      .map((a) => [a.path, webview.asWebviewUri(vscode.Uri.file(join(runDir, a.path))).toString()]));
  }

  private queue(message: HostToWebview): void {
    if (!this.ready) return;
    this.outbox.push(message);
    this.flush();
  }

  private flushOutbox(): void {
    const batch = this.outbox;
    this.outbox = [];
    for (const message of batch) this.post(message);
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    if (message.type === 'event') {
      this.stats.eventsSent++;
      this.stats.lastEventSent = message.event.type;
    }
    void this.panel.webview.postMessage(message);
  }
}
