import { useApi } from '@backstage/frontend-plugin-api';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Page } from '../../../api/TfpilotApi';
import { tfpilotApiRef } from '../../../api/TfpilotApi';
import {
  isInProgress,
  POLL_WITHOUT_SIGNALS_MS,
} from '../../../hooks/liveUpdates';
import { useInterval } from '../../../hooks/useInterval';
import { useRequestSignal } from '../../../hooks/useRequestSignal';
import { ListQuery, listQueryToSearch } from './listQuery';

export interface RequestPageState {
  page?: Page<TfRequest>;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/**
 * One page of the request list for `query`, fetched from the backend (which
 * filters, sorts and pages: the browser never holds more than a page).
 * Keeps showing the previous page while the next loads, drops answers that
 * arrive after a newer query, and refetches when a signal says a request on
 * the page moved (or, without signals, every few seconds while one of them
 * has a run in flight).
 */
export function useRequestPage(query: ListQuery): RequestPageState {
  const api = useApi(tfpilotApiRef);
  const [page, setPage] = useState<Page<TfRequest>>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const latest = useRef(0);
  const key = listQueryToSearch(query);
  const queryRef = useRef(query);
  queryRef.current = query;

  const load = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    try {
      const { filter, cursor, limit } = queryRef.current;
      const result = await api.listRequests(filter, { cursor, limit });
      if (mine !== latest.current) return;
      setPage(result);
      setError(undefined);
    } catch (e) {
      if (mine === latest.current) setError(e as Error);
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    load();
  }, [load, key]);

  const { lastSignal, isSignalsAvailable } = useRequestSignal();
  useEffect(() => {
    if (!lastSignal || !page) return;
    const shown = page.items.find(item => item.id === lastSignal.requestId);
    if (shown && lastSignal.revision > shown.revision) load();
    // Only a new signal should trigger this, not a new page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal]);

  const anyInProgress = Boolean(page?.items.some(isInProgress));
  useInterval(
    load,
    !isSignalsAvailable && anyInProgress ? POLL_WITHOUT_SIGNALS_MS : undefined,
  );

  return { page, loading, error, retry: load };
}
