import { useTheme } from '@material-ui/core/styles';
import { CostStep } from './cost';
import { formatAbsolute } from '../common';
import { formatMoney, formatMoneyChange } from './format';

export interface SparklinePoint {
  x: number;
  y: number;
}

/**
 * Screen coordinates of a step chart of the running total: a flat line at
 * each total from its time to the next one's, then up (or down), and flat
 * from the last step to `endTime`. Time runs left to right, amounts bottom
 * to top from zero, inside `padding`.
 */
export function stepChartPoints(
  steps: readonly Pick<CostStep, 'at' | 'total'>[],
  options: { width: number; height: number; padding: number; endTime: number },
): SparklinePoint[] {
  const { width, height, padding, endTime } = options;
  if (steps.length === 0) return [];
  const times = steps.map((step, index) => {
    const time = Date.parse(step.at);
    return Number.isNaN(time) ? index : time;
  });
  const start = times[0];
  const end = Math.max(endTime, times[times.length - 1]);
  const span = end - start;
  // All at one instant (or unparseable times): spread the steps evenly.
  const xOf = (index: number) =>
    span > 0
      ? padding + ((times[index] - start) / span) * (width - 2 * padding)
      : padding + (index / steps.length) * (width - 2 * padding);
  const top = Math.max(...steps.map(step => step.total), 0);
  const yOf = (total: number) =>
    top > 0
      ? height - padding - (total / top) * (height - 2 * padding)
      : height - padding;

  const points: SparklinePoint[] = [];
  steps.forEach((step, index) => {
    const x = xOf(index);
    if (index > 0) points.push({ x, y: yOf(steps[index - 1].total) });
    points.push({ x, y: yOf(step.total) });
  });
  points.push({ x: width - padding, y: yOf(steps[steps.length - 1].total) });
  return points;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A small step chart of an entity's monthly cost as its requests were
 * applied: plain SVG, no chart library. Each step has a tooltip naming the
 * request and the change.
 */
export function CostSparkline(props: {
  steps: readonly CostStep[];
  currency: string;
  width?: number;
  height?: number;
  /** The right edge of the chart; defaults to now. */
  endTime?: number;
}) {
  const theme = useTheme();
  const { steps, currency, width = 280, height = 64 } = props;
  const padding = 4;
  const points = stepChartPoints(steps, {
    width,
    height,
    padding,
    endTime: props.endTime ?? Date.now(),
  });
  if (points.length === 0) return null;
  const line = points.map(p => `${round(p.x)},${round(p.y)}`).join(' ');
  const area = `${round(points[0].x)},${height - padding} ${line} ${round(
    points[points.length - 1].x,
  )},${height - padding}`;
  const first = steps[0];
  const last = steps[steps.length - 1];
  const label = `Monthly cost over time, ${steps.length} step${
    steps.length === 1 ? '' : 's'
  }: from ${formatMoney(first.total, currency)} on ${formatAbsolute(
    first.at,
  )} to ${formatMoney(last.total, currency)} on ${formatAbsolute(last.at)}`;
  const color = theme.palette.primary.main;
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: '100%', height: 'auto', display: 'block' }}
      data-testid="tfpilot-cost-sparkline"
    >
      <title>{label}</title>
      <polygon points={area} fill={color} fillOpacity={0.12} stroke="none" />
      <polyline points={line} fill="none" stroke={color} strokeWidth={2} />
      {steps.map((step, index) => {
        // Each step's own point is where the line rises to its total.
        const point = points[index === 0 ? 0 : 2 * index];
        return (
          <circle
            key={step.requestId}
            cx={round(point.x)}
            cy={round(point.y)}
            r={3}
            fill={color}
          >
            <title>
              {`${formatAbsolute(step.at)}: request ${
                step.requestId
              } ${formatMoneyChange(
                step.amount,
                currency,
              )}, total ${formatMoney(step.total, currency)}`}
            </title>
          </circle>
        );
      })}
    </svg>
  );
}
