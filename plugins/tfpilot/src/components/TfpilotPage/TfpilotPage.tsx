import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { compatWrapper } from '@backstage/core-compat-api';
import { MetricsContent } from '../metrics/MetricsContent';
import { RequestsRoutes } from '../requests/RequestsRoutes';

/**
 * TfPilot's page for apps on the legacy frontend system: requests (the
 * list, and one request at `requests/:id`) and metrics as tabs; /tfpilot
 * shows the requests. The new frontend system builds the same page from
 * `page:tfpilot` and its sub pages.
 */
export function TfpilotPage() {
  return compatWrapper(
    <Page themeId="tool">
      <Header
        title="TfPilot"
        subtitle="Self-service Terraform and OpenTofu for your platform"
      />
      <TabbedLayout>
        <TabbedLayout.Route path="/requests" title="Requests">
          <RequestsRoutes />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/metrics" title="Metrics">
          <MetricsContent />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>,
  );
}
