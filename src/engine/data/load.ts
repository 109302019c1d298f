import type { DataConfig } from '../config/common';
import type { DataSplits } from './dataset';
import { loadImageFolder } from './imageFolder';
import { loadMnistLike } from './mnistLike';

/** Loads the data a config names; a split without images is refused (nothing to train on or to measure). */
export async function loadData(config: DataConfig): Promise<DataSplits> {
  const data = config.source === 'image-folder' ? await loadImageFolder(config) : loadMnistLike(config);
  for (const split of ['train', 'test'] as const) {
    if (data[split].count === 0) throw new Error(`the ${split} set of ${data.source} has 0 images`);
  }
  return data;
}
