import { useTheme } from '@material-ui/core/styles';

export interface Bar {
  label: string;
  value: number;
  /** A fill colour; the theme's primary colour otherwise. */
  color?: string;
}

const ROW = 28;
const BAR = 18;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 70;
const WIDTH = 560;

/** Cuts a label that would not fit its column. */
function fit(label: string, max = 22): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * A horizontal bar chart in plain SVG (no chart library): one row per bar,
 * label on the left, value on the right, bars scaled to the largest value.
 * Scales with its container through the viewBox.
 */
export function BarChart(props: {
  title: string;
  bars: Bar[];
  formatValue?: (value: number) => string;
  /** The value of a full-width bar; the largest value by default. */
  max?: number;
}) {
  const theme = useTheme();
  const { bars, formatValue = String } = props;
  const max = props.max ?? Math.max(1, ...bars.map(b => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, bars.length * ROW);
  return (
    <svg
      role="img"
      aria-label={props.title}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block' }}
    >
      <title>{props.title}</title>
      {bars.map((bar, i) => {
        const y = i * ROW;
        const width = max > 0 ? Math.max(0, (bar.value / max) * plot) : 0;
        const text = formatValue(bar.value);
        return (
          <g key={bar.label} data-testid="bar">
            <title>{`${bar.label}: ${text}`}</title>
            <text
              x={LABEL_WIDTH - 8}
              y={y + ROW / 2}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={12}
              fill={theme.palette.text.primary}
            >
              {fit(bar.label)}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y + (ROW - BAR) / 2}
              width={width}
              height={BAR}
              rx={2}
              fill={bar.color ?? theme.palette.primary.main}
            />
            <text
              x={LABEL_WIDTH + width + 6}
              y={y + ROW / 2}
              dominantBaseline="middle"
              fontSize={12}
              fill={theme.palette.text.secondary}
            >
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
