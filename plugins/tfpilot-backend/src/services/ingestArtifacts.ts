import {
  PlanSummary,
  StoredCost,
  StoredPlan,
  summarizeCost,
  summarizePlanJson,
  toStoredPlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  DEFAULT_STREAM_THRESHOLD,
  RunArtifacts,
  summarizePlanStream,
} from '@tfpilot/backstage-plugin-tfpilot-node';

/** What a run's artifacts say about the request, or why they could not be read. */
export interface IngestedArtifacts {
  plan?: StoredPlan;
  cost?: StoredCost;
  /** The whole summary, uncapped: what the policy engine checks. */
  fullPlan?: PlanSummary;
  /** One line per artifact that could not be read; never its content. */
  problems: { planUnreadable?: string; costUnreadable?: string };
}

const CHUNK = 1024 * 1024;

function* chunksOf(buffer: Buffer): Iterable<Uint8Array> {
  for (let start = 0; start < buffer.length; start += CHUNK) {
    yield buffer.subarray(start, start + CHUNK);
  }
}

async function summarizePlanBuffer(buffer: Buffer): Promise<PlanSummary> {
  // Big plans go through the streaming reader: memory follows the summary.
  return buffer.length < DEFAULT_STREAM_THRESHOLD
    ? summarizePlanJson(buffer.toString('utf8'))
    : summarizePlanStream(chunksOf(buffer));
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 300);
}

/**
 * Summarises a run's plan.json and cost.json with the shared parsers. A bad
 * file is reported, not thrown: the caller decides what it means for the run.
 */
export async function ingestArtifacts(
  runId: string,
  artifacts: RunArtifacts | undefined,
): Promise<IngestedArtifacts> {
  const result: IngestedArtifacts = { problems: {} };
  const planJson = artifacts?.['plan.json'];
  if (planJson) {
    try {
      result.fullPlan = await summarizePlanBuffer(planJson);
      result.plan = toStoredPlan(runId, result.fullPlan);
    } catch (error) {
      result.problems.planUnreadable = `plan.json is not a Terraform plan: ${reason(
        error,
      )}`;
    }
  }
  const costJson = artifacts?.['cost.json'];
  if (costJson) {
    try {
      result.cost = {
        runId,
        summary: summarizeCost(JSON.parse(costJson.toString('utf8'))),
      };
    } catch (error) {
      result.problems.costUnreadable = `cost.json is not an infracost estimate: ${reason(
        error,
      )}`;
    }
  }
  return result;
}
