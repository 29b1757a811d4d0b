export * from './types';
export { CostFormatError, parseMoney, summarizeCost } from './summarizeCost';
export {
  formatMoney,
  formatMoneyDiff,
  NOT_AVAILABLE,
  renderCostMarkdown,
  renderCostText,
} from './render';
