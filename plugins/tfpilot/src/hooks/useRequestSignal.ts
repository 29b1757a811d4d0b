import { useSignal } from '@backstage/plugin-signals-react';
import { RequestState } from '@tfpilot/backstage-plugin-tfpilot-common';

/** The channel the TfPilot backend publishes request changes on. */
export const REQUEST_SIGNAL_CHANNEL = 'tfpilot:request';

/** What a signal on {@link REQUEST_SIGNAL_CHANNEL} says: nothing but which request moved where. */
export type RequestSignal = {
  requestId: string;
  revision: number;
  status: RequestState;
};

/**
 * The latest request signal, and whether the app has Backstage signals at
 * all (without them, pages fall back to polling).
 */
export function useRequestSignal(): {
  lastSignal: RequestSignal | null;
  isSignalsAvailable: boolean;
} {
  return useSignal<RequestSignal>(REQUEST_SIGNAL_CHANNEL);
}
