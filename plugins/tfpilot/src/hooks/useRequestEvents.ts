import { useApi } from '@backstage/frontend-plugin-api';
import { LifecycleEvent } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tfpilotApiRef } from '../api/TfpilotApi';

/** Events read per call, and calls made before asking the person for more. */
export const EVENTS_PAGE_SIZE = 100;
export const EVENTS_AUTO_PAGES = 5;

export interface RequestEvents {
  events: LifecycleEvent[];
  loading: boolean;
  error?: Error;
  /** Set when more events exist than were read. */
  hasMore: boolean;
  loadMore: () => void;
  retry: () => void;
}

/**
 * The lifecycle events of a request, oldest first, read again whenever the
 * request reaches a new revision. Reads up to {@link EVENTS_AUTO_PAGES}
 * pages at once; the rest on request.
 */
export function useRequestEvents(
  id: string,
  revision: number | undefined,
): RequestEvents {
  const api = useApi(tfpilotApiRef);
  const [events, setEvents] = useState<LifecycleEvent[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const generation = useRef(0);

  const read = useCallback(
    async (from: { cursor?: string; keep: LifecycleEvent[] }) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        let items = from.keep;
        let next = from.cursor;
        for (let page = 0; page < EVENTS_AUTO_PAGES; page++) {
          const result = await api.listEvents(id, {
            cursor: next,
            limit: EVENTS_PAGE_SIZE,
          });
          items = [...items, ...result.items];
          next = result.nextCursor;
          if (!next) break;
        }
        if (mine !== generation.current) return;
        setEvents(items);
        setCursor(next);
        setError(undefined);
      } catch (e) {
        if (mine === generation.current) setError(e as Error);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, id],
  );

  useEffect(() => {
    if (revision !== undefined) read({ keep: [] });
  }, [read, revision]);

  return {
    events,
    loading,
    error,
    hasMore: Boolean(cursor),
    loadMore: () => read({ cursor, keep: events }),
    retry: () => read({ keep: [] }),
  };
}
