import { strict as assert } from 'node:assert';
import { bestMatchAccuracy, minCostAssignment } from '../../src/engine/stats/assignment';
import { Rng } from '../../src/engine/util/rng';

/** Every permutation of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]));
}

const total = (cost: number[][], columnOfRow: number[]) => columnOfRow.reduce((sum, j, i) => sum + cost[i][j], 0);

describe('assignment (Hungarian method)', () => {
  it('finds the minimum total cost that trying every permutation finds, on random matrices up to 7×7', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 150; trial++) {
      const n = 1 + (trial % 7);
      // Small integers make ties common, the case where a greedy choice goes wrong.
      const cost = Array.from({ length: n }, () => Array.from({ length: n }, () => (trial % 2 ? rng.int(5) : rng.normal() * 10)));
      const found = minCostAssignment(cost);
      assert.deepEqual([...found].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), 'a permutation');
      const best = Math.min(...permutations(n).map((p) => total(cost, p)));
      assert.ok(Math.abs(total(cost, found) - best) < 1e-9, `n=${n}: ${total(cost, found)} vs brute force ${best}`);
    }
  });

  it('solves a hand-checked case where the greedy row-by-row choice is wrong', () => {
    // Greedy takes (0,0)=1 and then pays 100; the optimum is (0,1)+(1,0) = 2+3.
    assert.deepEqual(minCostAssignment([[1, 2], [3, 100]]), [1, 0]);
    assert.throws(() => minCostAssignment([[1, 2]]), /square/);
  });

  it('scores a relabelled perfect clustering 1 and recovers the relabelling', () => {
    const labels = [0, 1, 2, 2, 1, 0, 3, 3];
    const rename = [2, 0, 3, 1];
    const clusters = labels.map((l) => rename[l]);
    const match = bestMatchAccuracy(clusters, labels, 4);
    assert.equal(match.accuracy, 1);
    assert.deepEqual(rename.map((c) => match.classOfCluster[c]), [0, 1, 2, 3]);
  });

  it('counts the best one-to-one match, not each cluster\'s majority class', () => {
    // Both clusters are mostly class 0; one-to-one, cluster 1 must take class 1: (3 + 1) / 6.
    const clusters = [0, 0, 0, 1, 1, 1];
    const labels = [0, 0, 0, 0, 0, 1];
    const match = bestMatchAccuracy(clusters, labels, 2);
    assert.deepEqual(match.classOfCluster, [0, 1]);
    assert.equal(match.accuracy, 4 / 6);
  });
});
