import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { tfpilotApiRef } from '../../api/TfpilotApi';

function BackendStatus() {
  const api = useApi(tfpilotApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <>
        <StatusError>TfPilot backend unreachable</StatusError>
        <ResponseErrorPanel error={error} />
      </>
    );
  }
  return value?.status === 'ok' ? (
    <StatusOK>TfPilot backend is running</StatusOK>
  ) : (
    <StatusError>TfPilot backend reported an unexpected status</StatusError>
  );
}

/** Landing page of TfPilot: where requests, modules and metrics live. */
export function TfpilotPage() {
  return (
    <Page themeId="tool">
      <Header
        title="TfPilot"
        subtitle="Self-service Terraform and OpenTofu for your platform"
      />
      <Content>
        <ContentHeader title="Infrastructure requests" />
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <InfoCard title="Status">
              <BackendStatus />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Getting started">
              <Typography variant="body1">
                Browse the platform&apos;s modules in the software catalog, then
                request one through a template. Plans, approvals and applies run
                in your executor and show up here.
              </Typography>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
