import type { DataConfig } from '../config/common';
import type { DataSplits } from './dataset';
import { loadImageFolder } from './imageFolder';
import { loadMnistLike } from './mnistLike';

/** Loads the data a config names. */
export async function loadData(config: DataConfig): Promise<DataSplits> {
  switch (config.source) {
    case 'mnist':
    case 'fashion-mnist':
      return loadMnistLike(config);
    case 'image-folder':
      return loadImageFolder(config);
  }
}
