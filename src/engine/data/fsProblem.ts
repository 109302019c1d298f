/** What a failed file-system call says about the file, in words (the path is named by the caller). */
export function fsProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no longer there';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'EIO':
      return 'input/output error (a failing disk?)';
    default:
      return code ?? (e as Error).message.split('\n')[0];
  }
}
