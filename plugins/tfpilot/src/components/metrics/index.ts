export { MetricsContent, MetricsView } from './MetricsContent';
export { BarChart } from './BarChart';
export type { Bar } from './BarChart';
