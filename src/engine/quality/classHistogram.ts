/**
 * What the classifier's verdicts on a generator's samples say about their variety and their conditioning: a
 * collapsed generator puts its samples in few classes.
 */

/** How many of `predictions` fall in each of `classes` classes. */
export function classCounts(predictions: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predictions.length; i++) counts[predictions[i]]++;
  return counts;
}

/**
 * Class coverage: the share of the classes that at least `minShare` of the samples (by default 1%, or at least one
 * sample) are classified as, so a class reached by a stray sample or two does not count as produced.
 */
export function classCoverage(counts: number[], minShare = 0.01): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const needed = Math.max(1, minShare * total);
  return counts.filter((c) => c >= needed).length / counts.length;
}

/** Entropy of the predicted-class histogram in nats: ln 10 ≈ 2.303 for ten equally common classes, 0 for one class. */
export function classEntropy(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let entropy = 0;
  for (const c of counts) if (c > 0) entropy -= (c / total) * Math.log(c / total);
  return entropy;
}

/** Share of samples classified as the class the model was asked for (a conditional model's labels). */
export function conditionalAccuracy(predictions: ArrayLike<number>, requested: ArrayLike<number>): number {
  if (predictions.length !== requested.length) throw new Error(`${predictions.length} predictions for ${requested.length} requested labels`);
  let hits = 0;
  for (let i = 0; i < predictions.length; i++) if (predictions[i] === requested[i]) hits++;
  return hits / predictions.length;
}
