/**
 * The assignment problem: match each row of a square matrix to its own column so that the matched
 * entries' total is as small (or as large) as possible.
 */

/**
 * The Hungarian method (Kuhn 1955, Munkres 1957) with row and column potentials, O(n³): for a square
 * `cost` matrix, the column matched to each row such that the sum of the matched costs is minimal.
 * Each row is added in turn and placed along a shortest augmenting path of reduced costs (Dijkstra over
 * the columns), which keeps every reduced cost non-negative and the matching optimal for the rows so far.
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  if (cost.some((row) => row.length !== n)) throw new Error(`the cost matrix must be square, got ${n} rows of lengths ${cost.map((r) => r.length)}`);
  // 1-based columns; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const previous = new Int32Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOfColumn[0] = row;
    const distance = new Float64Array(n + 1).fill(Infinity);
    const done = new Uint8Array(n + 1);
    let column = 0;
    do {
      done[column] = 1;
      const from = rowOfColumn[column];
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= n; j++) {
        if (done[j]) continue;
        const reduced = cost[from - 1][j - 1] - u[from] - v[j];
        if (reduced < distance[j]) {
          distance[j] = reduced;
          previous[j] = column;
        }
        if (distance[j] < delta) {
          delta = distance[j];
          next = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (done[j]) {
          u[rowOfColumn[j]] += delta;
          v[j] -= delta;
        } else {
          distance[j] -= delta;
        }
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    // Flip the path: each column on it takes the row of the column before it.
    while (column !== 0) {
      const before = previous[column];
      rowOfColumn[column] = rowOfColumn[before];
      column = before;
    }
  }
  const columnOfRow = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) columnOfRow[rowOfColumn[j] - 1] = j - 1;
  return columnOfRow;
}

/** How well unlabelled clusters name the classes: the best one-to-one cluster → class map and its accuracy. */
export interface ClusterMatch {
  /** The class each cluster is matched to. */
  classOfCluster: number[];
  /** Share of items whose cluster's class is their own label. */
  accuracy: number;
}

/**
 * Accuracy of `clusters` as a classifier of `labels` (both in [0, k)) under the one-to-one relabelling of
 * clusters that agrees with the most labels: the maximum-weight matching on the k×k confusion matrix
 * (the usual score of unsupervised clustering, e.g. InfoGAN's categorical code on MNIST).
 */
export function bestMatchAccuracy(clusters: ArrayLike<number>, labels: ArrayLike<number>, k: number): ClusterMatch {
  if (clusters.length !== labels.length) throw new Error(`${clusters.length} cluster indices for ${labels.length} labels`);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < clusters.length; i++) confusion[clusters[i]][labels[i]]++;
  const classOfCluster = minCostAssignment(confusion.map((row) => row.map((count) => -count)));
  const agreeing = classOfCluster.reduce((sum, label, cluster) => sum + confusion[cluster][label], 0);
  return { classOfCluster, accuracy: clusters.length === 0 ? 0 : agreeing / clusters.length };
}
