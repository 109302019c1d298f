// Stands in for what VS Code injects into a webview: acquireVsCodeApi() whose messages go to the
// host (here the harness page around this frame), state kept across reloads (here sessionStorage),
// and theme variables set on <html> with the theme kind as a body class. Also records Content
// Security Policy violations so the harness can assert there are none.
(() => {
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` });
  });
  window.__harnessViolations = violations;

  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message) => window.parent.postMessage({ fromPanel: message }, '*'),
      getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
      setState: (state) => sessionStorage.setItem('vscode-state', JSON.stringify(state)),
    };
  };

  const applyTheme = (name) => {
    const theme = window.__harnessThemes[name];
    document.body.className = theme.bodyClass;
    document.body.dataset.vscodeThemeKind = theme.bodyClass;
    document.body.dataset.vscodeThemeId = theme.themeId;
    const root = document.documentElement.style;
    for (let i = root.length - 1; i >= 0; i--) if (root[i].startsWith('--vscode-')) root.removeProperty(root[i]);
    for (const [name, value] of Object.entries(theme.vars)) root.setProperty(`--vscode-${name}`, value);
  };
  // Before the app starts, as VS Code does; later switches come as messages from the harness.
  applyTheme(new URLSearchParams(location.search).get('theme') ?? 'dark');
  window.addEventListener('message', (e) => {
    if (typeof e.data?.harnessTheme === 'string') applyTheme(e.data.harnessTheme);
  });
})();
