import { useApi } from '@backstage/core-plugin-api';
import {
  RequestState,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DriftItem, tfpilotApiRef } from '../../api/TfpilotApi';

/** Pages of 100 read at most for one entity (its requests for cost sums). */
export const MAX_REQUEST_PAGES = 10;
const PAGE_SIZE = 100;

export interface EntityRequests {
  items: TfRequest[];
  /** More requests exist than were read. */
  truncated: boolean;
}

/** Every request of an entity (newest first), optionally in some states. */
export function useEntityRequests(
  entityRef: string,
  status?: readonly RequestState[],
) {
  const api = useApi(tfpilotApiRef);
  const statusKey = status?.join(',');
  return useAsyncRetry(async (): Promise<EntityRequests> => {
    const items: TfRequest[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_REQUEST_PAGES; page++) {
      const result = await api.listRequests(
        {
          entityRef: [entityRef],
          ...(status ? { status: [...status] } : {}),
        },
        { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      );
      items.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) return { items, truncated: false };
    }
    return { items, truncated: true };
    // statusKey stands for status, which callers may rebuild on each render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, entityRef, statusKey]);
}

/** Drift of the entity's applied requests. */
export function useEntityDrift(entityRef: string) {
  const api = useApi(tfpilotApiRef);
  return useAsyncRetry(
    async (): Promise<DriftItem[]> =>
      (await api.listDrift({ entityRef })).items,
    [api, entityRef],
  );
}
