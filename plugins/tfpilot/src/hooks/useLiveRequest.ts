import { useApi } from '@backstage/frontend-plugin-api';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tfpilotApiRef } from '../api/TfpilotApi';
import { pollInterval } from './liveUpdates';
import { useInterval } from './useInterval';
import { useRequestSignal } from './useRequestSignal';

export interface LiveRequest {
  request?: TfRequest;
  /** The first load failed: nothing to show. */
  error?: Error;
  /** A later refresh failed: the page shows what it has, with a warning. */
  refreshError?: Error;
  loading: boolean;
  /** Fetches the request again now. */
  refresh: () => Promise<void>;
  /** Shows a revision the page already has (the answer of an action). */
  accept: (request: TfRequest) => void;
  /** Whether updates arrive by signal (otherwise by polling while a run is in flight). */
  isSignalsAvailable: boolean;
}

/**
 * One request, kept current: refetched when the backend signals a newer
 * revision, and polled while a run is in flight (often without signals,
 * seldom with them). Never goes back to an older revision.
 */
export function useLiveRequest(id: string): LiveRequest {
  const api = useApi(tfpilotApiRef);
  const [request, setRequest] = useState<TfRequest>();
  const [error, setError] = useState<Error>();
  const [refreshError, setRefreshError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const current = useRef<TfRequest>();
  const { lastSignal, isSignalsAvailable } = useRequestSignal();

  const accept = useCallback((next: TfRequest) => {
    if (current.current && next.revision < current.current.revision) return;
    current.current = next;
    setRequest(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.getRequest(id);
      if (next.id !== id) return;
      accept(next);
      setError(undefined);
      setRefreshError(undefined);
    } catch (e) {
      if (current.current?.id === id) setRefreshError(e as Error);
      else setError(e as Error);
    } finally {
      setLoading(false);
    }
  }, [api, id, accept]);

  useEffect(() => {
    current.current = undefined;
    setRequest(undefined);
    setError(undefined);
    setRefreshError(undefined);
    setLoading(true);
    refresh();
  }, [refresh]);

  useEffect(() => {
    if (
      lastSignal?.requestId === id &&
      (!current.current || lastSignal.revision > current.current.revision)
    ) {
      refresh();
    }
  }, [lastSignal, id, refresh]);

  useInterval(refresh, pollInterval(request, isSignalsAvailable));

  return {
    request,
    error,
    refreshError,
    loading,
    refresh,
    accept,
    isSignalsAvailable,
  };
}
