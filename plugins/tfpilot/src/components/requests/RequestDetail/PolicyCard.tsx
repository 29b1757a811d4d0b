import {
  InfoCard,
  MarkdownContent,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  PolicyResult,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { ActorLink } from '../../common/ActorLink';
import { Timestamp } from '../../common/Timestamp';

function Finding(props: { finding: PolicyResult }) {
  const { finding } = props;
  const Icon = finding.severity === 'error' ? StatusError : StatusWarning;
  return (
    <Box component="li" mb={2} data-testid="policy-finding">
      <Icon>
        <strong>{finding.ruleId}</strong>
      </Icon>
      <Typography variant="body2">{finding.message}</Typography>
      {finding.target && (
        <Typography variant="body2" color="textSecondary">
          At <code>{finding.target}</code>
        </Typography>
      )}
      {finding.remediation && (
        <Box mt={0.5}>
          <Typography variant="body2" component="div">
            <strong>How to fix: </strong>
            <MarkdownContent content={finding.remediation} />
          </Typography>
        </Box>
      )}
    </Box>
  );
}

function Phase(props: { title: string; findings: PolicyResult[] }) {
  if (props.findings.length === 0) return null;
  return (
    <Box mb={1}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <Box component="ul" pl={2} m={0}>
        {props.findings.map((finding, i) => (
          <Finding key={`${finding.ruleId}-${i}`} finding={finding} />
        ))}
      </Box>
    </Box>
  );
}

/**
 * Policy findings by phase with their remediation, and a note when an
 * administrator approved despite blocking findings.
 */
export function PolicyCard(props: { policy: TfRequest['policy'] }) {
  const { policy } = props;
  const prePlan = policy?.prePlan ?? [];
  const postPlan = policy?.postPlan ?? [];
  const errors = [...prePlan, ...postPlan].filter(f => f.severity === 'error');
  return (
    <InfoCard title="Policies">
      {policy?.bypass && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="policy-bypass">
            Approved despite blocking findings by{' '}
            <ActorLink actor={policy.bypass.actor} />{' '}
            <Timestamp at={policy.bypass.at} />
            {policy.bypass.reason ? `: “${policy.bypass.reason}”` : '.'}
          </Alert>
        </Box>
      )}
      {prePlan.length === 0 && postPlan.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {policy?.postPlan
            ? 'Every policy passed, on the request and on its plan.'
            : 'Every policy on the request passed; the plan is checked when it finishes.'}
        </Typography>
      ) : (
        <>
          {errors.length > 0 && !policy?.bypass && (
            <Box mb={2}>
              <Alert severity="error">
                {errors.length} blocking finding(s). Fix them and plan again;
                only an administrator can approve anyway.
              </Alert>
            </Box>
          )}
          <Phase title="On the request (before the plan)" findings={prePlan} />
          <Phase title="On the plan and its cost" findings={postPlan} />
        </>
      )}
    </InfoCard>
  );
}
