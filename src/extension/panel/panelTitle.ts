/** A run panel's tab title, `GenLab: <runId>`: also how a panel is restored when its page's state did not reach VS Code. */
export function panelTitle(runId: string): string {
  return `GenLab: ${runId}`;
}

/** The run id in a title made by panelTitle, or undefined. */
export function runIdFromTitle(title: string): string | undefined {
  const prefix = panelTitle('');
  return title.startsWith(prefix) && title.length > prefix.length ? title.slice(prefix.length) : undefined;
}
