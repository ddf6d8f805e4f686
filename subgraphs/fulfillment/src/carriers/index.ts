import type { TrackingAdapterName } from '../db/tables.ts';
import type { TrackingAdapter } from './adapter.ts';
import { callbackAdapter } from './callback.ts';
import { kuaidi100Adapter } from './kuaidi100/index.ts';

/** The tracking adapters by the name a carrier row gives (carriers.tracking_adapter). */
const ADAPTERS: Record<TrackingAdapterName, TrackingAdapter> = {
  CALLBACK: callbackAdapter,
  KUAIDI100: kuaidi100Adapter,
};

export const trackingAdapter = (name: TrackingAdapterName): TrackingAdapter => ADAPTERS[name];
