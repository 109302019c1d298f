// Plays the extension host for the panel frame: the replies src/extension/panel/runPanel.ts gives
// (init, artifact-uris, json, compare, explore-reply), driven by the fixture the harness server built. Tests drive
// it through `window.harness`.
(() => {
  const params = new URLSearchParams(location.search);
  const frame = document.getElementById('panel');
  const received = [];
  /** The files the model service made of explorers' frames (what the host would save), in order. */
  const exported = [];
  const fixture = Promise.all(['snapshot', 'events', 'compare'].map((n) => fetch(`/fixture/${n}.json`).then((r) => r.json())))
    .then(([snapshot, events, compare]) => ({ snapshot, events, compare }));
  let snapshot = null;

  const send = (message) => frame.contentWindow.postMessage(message, '*');
  const urisFor = (artifacts) => Object.fromEntries(artifacts.map((a) => [a.path, `/run/${a.path}`]));

  window.addEventListener('message', async (e) => {
    const message = e.data?.fromPanel;
    if (!message || e.source !== frame.contentWindow) return;
    received.push(message);
    const f = await fixture;
    switch (message.type) {
      case 'ready': {
        const s = snapshot ?? f.snapshot;
        send({ type: 'init', snapshot: s, theme: params.get('theme') ?? 'dark' });
        send({ type: 'artifact-uris', runId: s.runId, uris: urisFor(s.artifacts) });
        if (params.get('replay')) harness.replay({ perSecond: 20 });
        break;
      }
      case 'read-json': {
        // The compare runs are variants of the fixture run and share its folder: any run id reads from it.
        const r = await fetch(`/run/${message.path}`);
        send(r.ok ? { type: 'json', requestId: message.requestId, data: await r.json() }
          : { type: 'json', requestId: message.requestId, error: `${message.path}: ${r.status}` });
        break;
      }
      case 'explore': {
        // The harness server runs `genlab serve` on the fixture run, as the extension's ModelService does.
        const r = await fetch('/explore', { method: 'POST', body: JSON.stringify(message.request) });
        send({ type: 'explore-reply', id: message.id, reply: await r.json() });
        break;
      }
      case 'pick-compare':
        send({ type: 'compare', runs: f.compare });
        for (const run of f.compare) send({ type: 'artifact-uris', runId: run.runId, uris: urisFor(run.artifacts) });
        break;
      case 'export': {
        // An explorer's frames: the host has the model service make the file (then asks where to save it).
        if (message.what !== 'frames') break;
        const r = await fetch('/explore', { method: 'POST', body: JSON.stringify({ op: 'export', frames: message.frames,
          format: message.format, across: message.across ?? message.frames.length, delayMs: 150, scale: 4 }) });
        exported.push({ view: message.view, format: message.format, reply: await r.json() });
        break;
      }
    }
  });

  const harness = {
    /** Every message the panel posted, in order. */
    received,
    exported,
    send,
    /** Reloads the panel frame (as VS Code does when a hidden panel comes back without retained context). */
    load(theme = params.get('theme') ?? 'dark') {
      frame.src = `/panel.html?theme=${encodeURIComponent(theme)}`;
    },
    /** Switches the theme live, as VS Code does when the user picks another. */
    setTheme(theme) {
      frame.contentWindow.postMessage({ harnessTheme: theme }, '*');
    },
    /** Sends the fixture's live events (the last epoch), `perSecond` at a time-spaced pace; resolves when done. */
    async replay({ perSecond = 200 } = {}) {
      const f = await fixture;
      const runId = (snapshot ?? f.snapshot).runId;
      for (const event of f.events) {
        if (event.type === 'artifact') send({ type: 'artifact-uris', runId, uris: urisFor([event.artifact]) });
        send({ type: 'event', runId, event });
        await new Promise((ok) => setTimeout(ok, 1000 / perSecond));
      }
    },
    /** Replaces the fixture with a run of `points` steps (the 100k-point curve test), then reloads. */
    useSyntheticRun(points) {
      const metrics = [];
      for (let i = 1; i <= points; i++) {
        const loss = 150 + 400 * Math.exp(-i / (points / 20)) + 8 * Math.sin(i * 12.9898) + 4 * Math.sin(i * 0.01);
        metrics.push({ kind: 'step', epoch: 1 + Math.floor(i / 1000), globalStep: i, metrics: { loss, kl: 3 + 2 * (1 - Math.exp(-i / (points / 5))) + 0.4 * Math.cos(i * 7.3) } });
      }
      snapshot = { runId: `synthetic-${points}`, runDir: '/synthetic', summary: null, metrics, artifacts: [] };
      harness.load();
    },
  };
  window.harness = harness;
  harness.load();
})();
