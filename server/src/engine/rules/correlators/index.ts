import { connectDelay } from './connectDelay';
import type { Correlator } from './correlator';
import { openWithoutClose } from './openWithoutClose';
import { refusedStorm } from './refusedStorm';
import { repeatRate } from './repeatRate';
import { vmssRunOverrun } from './vmssRunOverrun';

/** Every correlator, by the name rule files give in "correlator". */
export const CORRELATORS: Readonly<Record<string, Correlator>> = Object.fromEntries([connectDelay, openWithoutClose, refusedStorm, repeatRate, vmssRunOverrun].map((c) => [c.name, c]));
