import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExploreReply, ServeReply, ServeRequestBody } from '../../shared/protocol';
import { cliChildEnv } from '../util/cliEnv';

/** How to start `genlab serve <runDir>`: in the extension, VS Code's Node running dist/cli.js. */
export interface ModelServiceLaunch {
  command: string;
  /** Arguments before `serve` (the CLI script). */
  args: string[];
  runDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each line the service writes to stderr (its start-up line, library warnings, a crash). */
  onStderr?: (line: string) => void;
}

/** The extension host's own way to start the CLI: no TensorFlow is ever loaded in the extension host itself. */
export function vscodeNodeLaunch(cliPath: string, runDir: string, nativeModulesDir: string, gpu: 'use' | 'avoid',
  onStderr?: (line: string) => void): ModelServiceLaunch {
  return { command: process.execPath, args: [cliPath], runDir, cwd: runDir, onStderr,
    env: cliChildEnv(nativeModulesDir, gpu) };
}

/** Lines of stderr kept to say why the service stopped. */
const STDERR_TAIL_LINES = 5;
/** After stdin closes, how long the service may take to finish its queue before it is killed. */
const STOP_GRACE_MS = 3000;

/**
 * One run's `genlab serve` child, started on the first request. Requests get ids of their own; each
 * reply line settles the request with its id. When the child exits (a crash, or stopped), every
 * request still waiting is answered with an error, and the next request starts a fresh child.
 */
export class ModelService {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ExploreReply) => void>();
  private readonly stderrTail: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  /** Children started so far (restarts after a crash count). */
  starts = 0;

  constructor(private readonly launch: ModelServiceLaunch) {}

  /** The running child's process id, undefined when none runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  request(body: ServeRequestBody): Promise<ExploreReply> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    const reply = new Promise<ExploreReply>((resolve) => this.waiting.set(id, resolve));
    child.stdin!.write(JSON.stringify({ id, ...body }) + '\n');
    return reply;
  }

  /** Closes the service's stdin (it answers what it has queued, then exits); kills it if it lingers. */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return this.exited;
    this.ended(child, 'the model service was stopped');
    child.stdin!.end();
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    return this.exited.finally(() => clearTimeout(kill));
  }

  private start(): ChildProcess {
    const { command, args, runDir, cwd, env, onStderr } = this.launch;
    const child = spawn(command, [...args, 'serve', runDir], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    this.stderrTail.length = 0;
    this.exited = new Promise((resolve) => child.on('close', () => resolve()));
    // A write after the child died fails with EPIPE; its 'close' answers the waiting requests.
    child.stdin!.on('error', () => {});
    createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => this.onReply(line));
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      onStderr?.(line);
    });
    child.on('close', (code, signal) => {
      const why = this.stderrTail.at(-1);
      this.ended(child, `the model service exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`);
    });
    child.on('error', (e) => this.ended(child, `could not start the model service: ${e.message}`));
    return child;
  }

  private onReply(line: string): void {
    let reply: ServeReply;
    try {
      reply = JSON.parse(line) as ServeReply;
    } catch {
      return; // not a reply line
    }
    if (typeof reply.id !== 'number') return;
    const resolve = this.waiting.get(reply.id);
    if (!resolve) return;
    this.waiting.delete(reply.id);
    const { id: _id, ...rest } = reply;
    resolve('superseded' in rest ? { superseded: true } : rest);
  }

  /** `child` is gone (or going): whatever it still owed is answered with `error`. */
  private ended(child: ChildProcess, error: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    for (const resolve of this.waiting.values()) resolve({ error });
    this.waiting.clear();
  }
}
