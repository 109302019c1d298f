import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as vscode from 'vscode';
import { parseTrainerEvent, type TrainerEvent } from '../../shared/protocol';
import { CONTROLLED_FLAG } from '../../shared/trainerControl';
import { stopTrainer } from '../../engine/runs/stopTrainer';
import { cliChildEnv } from '../util/cliEnv';

/** How to start the trainer: `node dist/cli.js train … --json` in a workspace folder. */
export interface TrainerLaunch {
  cliPath: string;
  args: string[];
  cwd: string;
  /** Folder holding optionally installed native packages (tfjs-node); the trainer searches it. */
  nativeModulesDir: string;
  /** Cores this run may take for wasm threads, its share among the runs training at once. */
  threadShare: number;
  /** The genlab.gpu setting: whether a run with backend "auto" may take the GPU (GENLAB_GPU for the engine). */
  gpu: 'use' | 'avoid';
}

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Lines of stderr kept to explain a crash. */
const STDERR_TAIL_LINES = 40;

/**
 * One trainer child process. The extension host never loads TensorFlow: training happens in this process,
 * which is VS Code's own Node runtime (`process.execPath` with ELECTRON_RUN_AS_NODE) running the CLI bundle.
 */
export class TrainerProcess implements vscode.Disposable {
  private readonly eventEmitter = new vscode.EventEmitter<TrainerEvent>();
  private readonly outputEmitter = new vscode.EventEmitter<{ stream: 'stdout' | 'stderr'; line: string }>();
  private readonly exitEmitter = new vscode.EventEmitter<TrainerExit>();
  readonly onEvent = this.eventEmitter.event;
  /** Lines that are not events: stray stdout and all of stderr. */
  readonly onOutput = this.outputEmitter.event;
  readonly onExit = this.exitEmitter.event;
  readonly stderrTail: string[] = [];
  private child: ChildProcess | undefined;
  private cancelStopFallbacks: (() => void) | undefined;
  private stopRequested = false;

  constructor(private readonly launch: TrainerLaunch) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  start(): void {
    const { cliPath, args, cwd, nativeModulesDir, threadShare, gpu } = this.launch;
    // stdin is this window's channel to the trainer: the stop line goes there, and its closing (this
    // extension host gone) makes the trainer checkpoint and stop as well.
    const child = spawn(process.execPath, [cliPath, ...args, CONTROLLED_FLAG], {
      cwd,
      env: cliChildEnv(nativeModulesDir, gpu, { GENLAB_THREAD_SHARE: String(threadShare) }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = parseTrainerEvent(line);
      if (event) this.eventEmitter.fire(event);
      else if (line.trim()) this.outputEmitter.fire({ stream: 'stdout', line });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      this.outputEmitter.fire({ stream: 'stderr', line });
    });
    // 'close' (not 'exit') fires after stdout is drained, so the last events arrive before the exit.
    child.on('close', (code, signal) => {
      this.cancelStopFallbacks?.();
      this.exitEmitter.fire({ code, signal });
    });
    child.on('error', (error) => {
      this.stderrTail.push(`could not start the trainer: ${error.message}`);
      this.outputEmitter.fire({ stream: 'stderr', line: `could not start the trainer: ${error.message}` });
    });
  }

  /** The trainer saves a checkpoint and finishes with status `stopped` (see stopTrainer for the fallbacks). */
  stop(): void {
    const child = this.child;
    if (!child || child.exitCode !== null || this.stopRequested) return;
    this.stopRequested = true;
    this.cancelStopFallbacks = stopTrainer(child);
  }

  dispose(): void {
    this.stop();
    this.eventEmitter.dispose();
    this.outputEmitter.dispose();
    this.exitEmitter.dispose();
  }
}
