import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DriftState,
  HealthResponse,
  LifecycleEvent,
  Metrics,
  PlanAction,
  RequestState,
  TFPILOT_PLUGIN_ID,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** Server-side filters of `GET /requests`; lists combine with OR, fields with AND. */
export interface RequestListFilter {
  status?: RequestState[];
  environment?: string[];
  module?: string[];
  owner?: string[];
  entityRef?: string[];
}

/** One page of a list; pass `nextCursor` back as `cursor` for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageOptions {
  cursor?: string;
  /** 1..100, default 50. */
  limit?: number;
}

/** Transitions a person asks for on `POST /requests/:id/<action>`. */
export type RequestAction = 'plan' | 'approve' | 'apply' | 'destroy' | 'cancel';

export interface TransitionBody {
  /** Refuse with 409 unless the request is still at this revision. */
  expectedRevision?: number;
  comment?: string;
  /** Approve despite blocking post-plan policy findings (admins only). */
  bypassPolicy?: boolean;
}

export interface PromoteBody {
  /** Defaults to the next environment. */
  environment?: string;
  /** Input overrides for the promoted request. */
  inputs?: Record<string, unknown>;
  expectedRevision?: number;
}

/** A drifted resource of an applied request. */
export interface DriftedResource {
  address: string;
  actions: PlanAction[];
  /** Changed attribute names, when the plan shows them. */
  attributes?: string[];
}

/** Drift of one applied request (`GET /drift`). */
export interface DriftItem {
  requestId: string;
  module: { name: string; version: string };
  environment: string;
  entityRef: string;
  owner: string;
  state: DriftState;
  lastCheckedAt?: string;
  resources: DriftedResource[];
}

export interface DriftFilter {
  entityRef?: string;
  requestId?: string;
  environment?: string;
  state?: DriftState;
}

/** Answer of `POST /drift/check`. */
export interface DriftCheckStarted {
  requests: number;
  runs: { runId: string; url?: string }[];
}

/** Client of the TfPilot backend (/api/tfpilot). */
export interface TfpilotApi {
  getHealth(): Promise<HealthResponse>;
  listRequests(
    filter?: RequestListFilter,
    page?: PageOptions,
  ): Promise<Page<TfRequest>>;
  getRequest(id: string): Promise<TfRequest>;
  listEvents(id: string, page?: PageOptions): Promise<Page<LifecycleEvent>>;
  transition(
    id: string,
    action: RequestAction,
    body?: TransitionBody,
  ): Promise<TfRequest>;
  /** Creates the promoted request in the next environment and returns it. */
  promote(id: string, body?: PromoteBody): Promise<TfRequest>;
  getMetrics(): Promise<Metrics>;
  listDrift(filter?: DriftFilter): Promise<{ items: DriftItem[] }>;
  checkDrift(
    target: { requestId: string } | { entityRef: string },
  ): Promise<DriftCheckStarted>;
}

/** @public */
export const tfpilotApiRef = createApiRef<TfpilotApi>().with({
  id: 'plugin.tfpilot.api',
  pluginId: TFPILOT_PLUGIN_ID,
});
