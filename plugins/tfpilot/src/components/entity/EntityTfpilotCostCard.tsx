import { InfoCard, Link, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CostSparkline } from './CostSparkline';
import { LIVE_STATES, summarizeEntityCost } from './cost';
import { formatMoney, formatMoneyChange } from './format';
import { useRequestLink } from './links';
import { ApiErrorPanel, Timestamp } from '../common';
import type { TfpilotEntityCardProps } from './types';
import { MAX_REQUEST_PAGES, useEntityRequests } from './useEntityTfpilot';

/**
 * The monthly cost of the entity's infrastructure: the sum of the latest
 * estimate of each applied request, and its history as a step chart.
 */
export function EntityTfpilotCostCard(props: TfpilotEntityCardProps) {
  const { hideWhenEmpty = true } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useEntityRequests(
    entityRef,
    LIVE_STATES,
  );
  const requestLink = useRequestLink();
  const title = 'Infrastructure cost';

  if (loading && !value) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title={title}>
        <ApiErrorPanel
          title="Could not load the cost of this entity's infrastructure"
          error={error}
          onRetry={retry}
        />
      </InfoCard>
    );
  }
  const summary = summarizeEntityCost(value?.items ?? []);
  if (summary.live === 0) {
    if (hideWhenEmpty) return null;
    return (
      <InfoCard title={title}>
        <Typography variant="body2" color="textSecondary">
          Nothing applied yet: the cost of this entity&apos;s infrastructure
          shows here once a request is applied.
        </Typography>
      </InfoCard>
    );
  }

  const [main, ...others] = summary.currencies;
  const latest = main?.history[main.history.length - 1];
  return (
    <InfoCard
      title={title}
      subheader={`${summary.live} applied request${
        summary.live === 1 ? '' : 's'
      }`}
    >
      {main ? (
        <>
          <Box display="flex" alignItems="baseline" gridGap={8}>
            <Typography
              variant="h4"
              component="p"
              data-testid="tfpilot-cost-total"
            >
              {formatMoney(main.total, main.currency)}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              per month
            </Typography>
          </Box>
          <Box my={1}>
            <CostSparkline steps={main.history} currency={main.currency} />
          </Box>
          {latest && (
            <Typography variant="body2" color="textSecondary">
              Latest change <Timestamp at={latest.at} />:{' '}
              {formatMoneyChange(latest.amount, main.currency)} from request{' '}
              {requestLink ? (
                <Link to={requestLink(latest.requestId)}>
                  {latest.requestId}
                </Link>
              ) : (
                latest.requestId
              )}
            </Typography>
          )}
        </>
      ) : (
        <Typography variant="body2">
          No applied request has a cost estimate yet.
        </Typography>
      )}
      {others.map(other => (
        <Typography key={other.currency} variant="body2">
          Also {formatMoney(other.total, other.currency)} per month priced in{' '}
          {other.currency} ({other.history.length} request
          {other.history.length === 1 ? '' : 's'}).
        </Typography>
      ))}
      {summary.unpriced.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {summary.unpriced.length} applied request
          {summary.unpriced.length === 1 ? ' has' : 's have'} no cost estimate
          and {summary.unpriced.length === 1 ? 'is' : 'are'} not counted.
        </Typography>
      )}
      {value?.truncated && (
        <Typography variant="body2" color="textSecondary">
          Only the latest {MAX_REQUEST_PAGES * 100} applied requests are
          counted.
        </Typography>
      )}
    </InfoCard>
  );
}
