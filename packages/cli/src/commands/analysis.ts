import {
  policyResultsFileSchema,
  PolicyResult,
  PlanSummary,
  renderComment,
  renderCostMarkdown,
  renderCostText,
  renderModuleMarkdown,
  renderModuleText,
  renderPlanMarkdown,
  renderPlanText,
  summarizeCost,
  CostSummary,
  describeIssues,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  inspectModule,
  readPlanSummary,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  asInputError,
  OutputFormat,
  parseJsonFile,
  readInputFile,
  InputFileError,
} from './inputs';

/** Small plans are parsed whole, big ones streamed: any size works. */
async function loadPlan(file: string): Promise<PlanSummary> {
  try {
    return await readPlanSummary(file);
  } catch (error) {
    return asInputError(file, error);
  }
}

async function loadCost(file: string): Promise<CostSummary> {
  const parsed = parseJsonFile(file, await readInputFile(file));
  try {
    return summarizeCost(parsed);
  } catch (error) {
    return asInputError(file, error);
  }
}

async function loadPolicy(file: string): Promise<PolicyResult[]> {
  const parsed = policyResultsFileSchema.safeParse(
    parseJsonFile(file, await readInputFile(file)),
  );
  if (!parsed.success) {
    throw new InputFileError(
      file,
      `not policy results: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export async function planSummarize(
  file: string,
  format: OutputFormat,
): Promise<string> {
  const summary = await loadPlan(file);
  if (format === 'json') return json(summary);
  return format === 'markdown'
    ? renderPlanMarkdown(summary)
    : renderPlanText(summary);
}

export async function costDiff(
  file: string,
  format: OutputFormat,
): Promise<string> {
  const summary = await loadCost(file);
  if (format === 'json') return json(summary);
  return format === 'markdown'
    ? renderCostMarkdown(summary)
    : renderCostText(summary);
}

export async function moduleInspect(
  dir: string,
  format: OutputFormat,
): Promise<string> {
  let inspection;
  try {
    inspection = await inspectModule(dir);
  } catch (error) {
    return asInputError(dir, error);
  }
  if (format === 'json') return json(inspection);
  return format === 'markdown'
    ? renderModuleMarkdown(inspection)
    : renderModuleText(inspection);
}

export async function comment(options: {
  plan: string;
  cost?: string;
  policy?: string;
  title?: string;
}): Promise<string> {
  const [plan, cost, policy] = await Promise.all([
    loadPlan(options.plan),
    options.cost ? loadCost(options.cost) : undefined,
    options.policy ? loadPolicy(options.policy) : undefined,
  ]);
  return renderComment({ plan, cost, policy, title: options.title });
}
