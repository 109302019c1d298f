/** Bad input other than the config text itself (data folder without usable images, a run folder that is not one). Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Training itself went wrong (NaN loss, …). Exit code 1; what was written stays. */
export class TrainingError extends Error {
  override name = 'TrainingError';
}
