/**
 * Training runs a program (the trainer) on what a workspace's configs say: paths to read, folders to write.
 * In an untrusted workspace GenLab only shows runs (package.json: `capabilities.untrustedWorkspaces`).
 */
export const UNTRUSTED_TRAINING_MESSAGE =
  'GenLab does not train in Restricted Mode: training runs a program on this workspace\'s configs. ' +
  'Trust the workspace to train; viewing runs works either way.';

/** Why training is refused, or undefined when it may go ahead. */
export function trainingBlockedReason(workspaceTrusted: boolean): string | undefined {
  return workspaceTrusted ? undefined : UNTRUSTED_TRAINING_MESSAGE;
}
