import { selectBackend } from '../../../src/engine/backend/select';

/** Unit tests run on the pure-JS backend (with gradients registered): deterministic and always there. */
export async function useCpuBackend(): Promise<void> {
  await selectBackend('cpu');
}
