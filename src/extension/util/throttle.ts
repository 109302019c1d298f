/**
 * Runs `fn` at most once per `intervalMs`: the first call runs at once, later calls within the interval are
 * folded into one trailing call, so the last state is always shown. Used to keep UI redraws cheap while a
 * trainer prints several events a second.
 */
export interface Throttled {
  (): void;
  dispose(): void;
}

export function throttle(fn: () => void, intervalMs: number): Throttled {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = (() => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  }) as Throttled;
  throttled.dispose = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
