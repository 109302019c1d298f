// Fault injection for test/unit/faultInjection.test.ts, loaded with NODE_OPTIONS=--require: counts the file
// operations under a run's checkpoints/ folder and kills this process with SIGKILL at operation GENLAB_TEST_KILL_AT
// (1-based; a write is cut in half first, as a kill mid-write would). GENLAB_TEST_OPS_FILE gets the list of
// operations ("N op path" lines) when the process exits normally.
const fs = require('node:fs');
const path = require('node:path');

const killAt = Number(process.env.GENLAB_TEST_KILL_AT || 0);
const opsFile = process.env.GENLAB_TEST_OPS_FILE;
const marker = `${path.sep}checkpoints${path.sep}`;
const ops = [];
const fdPaths = new Map();
const original = { ...fs };

const watched = (p) => typeof p === 'string' && p.includes(marker);

/** Counts one operation on `file`; true when this is the one to die at. */
function count(op, file) {
  ops.push(`${ops.length + 1} ${op} ${file}`);
  return ops.length === killAt;
}

const die = () => process.kill(process.pid, 'SIGKILL');

fs.openSync = (file, ...rest) => {
  const watch = watched(file);
  if (watch && count('open', file)) die();
  const fd = original.openSync(file, ...rest);
  if (watch) fdPaths.set(fd, file);
  return fd;
};
fs.writeSync = (fd, buffer, ...rest) => {
  if (fdPaths.has(fd) && count('write', fdPaths.get(fd))) {
    if (ArrayBuffer.isView(buffer)) original.writeSync(fd, buffer, 0, Math.floor(buffer.byteLength / 2));
    die();
  }
  return original.writeSync(fd, buffer, ...rest);
};
for (const op of ['fsyncSync', 'closeSync']) {
  fs[op] = (fd, ...rest) => {
    const file = fdPaths.get(fd);
    if (file !== undefined && count(op.replace('Sync', ''), file)) die();
    if (op === 'closeSync') fdPaths.delete(fd);
    return original[op](fd, ...rest);
  };
}
for (const op of ['renameSync', 'mkdirSync', 'rmSync', 'unlinkSync', 'writeFileSync', 'truncateSync', 'rmdirSync']) {
  fs[op] = (file, ...rest) => {
    const other = op === 'renameSync' ? rest[0] : undefined;
    if ((watched(file) || watched(other)) && count(op.replace('Sync', ''), other ? `${file} → ${other}` : file)) die();
    return original[op](file, ...rest);
  };
}

if (opsFile) process.on('exit', () => original.writeFileSync(opsFile, ops.join('\n') + '\n'));
