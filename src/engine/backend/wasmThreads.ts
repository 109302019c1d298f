import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { EventEmitter } from 'node:events';
import type * as WorkerThreads from 'node:worker_threads';

/* eslint-disable @typescript-eslint/no-require-imports -- see the next line */
// The modules themselves, not import wrappers: tfjs's Emscripten code reads `Worker` and `cpus` from these objects.
const workerThreads: typeof WorkerThreads = require('node:worker_threads');
const os: typeof import('node:os') = require('node:os');
// The pthread worker's own script, as the string tfjs starts from a blob URL in a browser.
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as
  { wasmWorkerContents: string };
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * tfjs-wasm's threaded SIMD build, made to start in Node without touching node_modules:
 *  - tfjs reports no thread support in Node, so the flag is set by hand;
 *  - its pthread workers start from a blob URL, which Node's Worker refuses: `worker_threads.Worker` is replaced,
 *    for this process, by a class that runs the worker script from the string itself (`eval: true`) and points
 *    the workers' `load` message at the module script on disk (nothing is written anywhere);
 *  - Emscripten pre-spawns 8 workers whatever the thread count (+430 ms, +77 MiB): here each answers `loaded` at
 *    once and starts a thread only when the runtime hands it a pthread to run, so only the pool's threads exist;
 *  - the threads never keep the process alive (a finished trainer exits as it does on one thread);
 *  - the C++ sizes its pool at half the logical cores it sees (it assumes SMT), so the count is doubled while the
 *    backend initialises.
 */

const BuiltinWorker = workerThreads.Worker;
type WorkerMessage = { cmd?: string; urlOrBlob?: unknown } & Record<string, unknown>;

let mainScriptPath = '';
let threadsStarted = 0;

/** A pthread worker that starts its thread only when it is first given one to run. */
class PthreadWorker extends EventEmitter {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  private thread: WorkerThreads.Worker | null = null;
  private loadMessage: WorkerMessage | null = null;

  postMessage(message: WorkerMessage, transfer?: readonly WorkerThreads.TransferListItem[]): void {
    if (message?.cmd === 'load') message = { ...message, urlOrBlob: mainScriptPath };
    if (this.thread) return this.thread.postMessage(message, transfer);
    if (message?.cmd === 'load') {
      this.loadMessage = message;
      setImmediate(() => this.emit('message', { cmd: 'loaded' }));
      return;
    }
    this.start().postMessage(message, transfer);
  }

  private start(): WorkerThreads.Worker {
    const thread = new BuiltinWorker(wasmWorkerContents.replace(/\n/g, '\\n'), { eval: true });
    threadsStarted++;
    // The runtime was told `loaded` already: the thread's own `loaded` reply is not passed on.
    let swallowLoaded = true;
    thread.on('message', (data: WorkerMessage) => {
      if (swallowLoaded && data?.cmd === 'loaded') { swallowLoaded = false; return; }
      this.emit('message', data);
    });
    thread.on('error', (e) => this.emit('error', e));
    thread.on('exit', (code) => this.emit('exit', code));
    thread.unref();
    thread.postMessage(this.loadMessage);
    this.thread = thread;
    return thread;
  }

  // The runtime refs a worker while it runs a pthread; XNNPACK's pool threads run forever, so they stay unref'd.
  ref(): void {}
  unref(): void {}
  terminate(): Promise<number> { return this.thread?.terminate() ?? Promise.resolve(0); }
}

/** Threads actually started so far (for tests and the run's record). */
export function pthreadThreadsStarted(): number {
  return threadsStarted;
}

/**
 * Prepares the wasm backend to run on `threads` threads (≥ 2); call before it initialises. `mainScript` is the
 * threaded build's module script (`tfjs-backend-wasm-threaded-simd.js`), which every worker imports.
 */
export function prepareWasmThreads(threads: number, mainScript: string): () => void {
  mainScriptPath = mainScript;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  (workerThreads as { Worker: unknown }).Worker = PthreadWorker;
  const cpus = os.cpus;
  os.cpus = () => { const c = cpus(); return [...c, ...c]; };
  return () => { os.cpus = cpus; };
}
