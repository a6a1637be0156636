import { connectDelay } from './connectDelay';
import type { Correlator } from './correlator';
import { refusedStorm } from './refusedStorm';
import { vmssRunOverrun } from './vmssRunOverrun';

/** Every correlator, by the name rule files give in "correlator". */
export const CORRELATORS: Readonly<Record<string, Correlator>> = Object.fromEntries(
  [connectDelay, refusedStorm, vmssRunOverrun].map((c) => [c.name, c]),
);
