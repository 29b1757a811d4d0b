import { Progress } from '@backstage/core-components';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequestListContent } from './RequestList/RequestListContent';

// The request page is its own chunk: the list (the first thing people see)
// does not wait for the plan, policy and timeline views.
const RequestDetailContent = lazy(() =>
  import('./RequestDetail/RequestDetailContent').then(m => ({
    default: m.RequestDetailContent,
  })),
);

/** The list at the index, one request at `:id` (`requestRouteRef`). */
export function RequestsRoutes() {
  return (
    <Routes>
      <Route path="/" element={<RequestListContent />} />
      <Route
        path="/:id"
        element={
          <Suspense fallback={<Progress />}>
            <RequestDetailContent />
          </Suspense>
        }
      />
    </Routes>
  );
}
