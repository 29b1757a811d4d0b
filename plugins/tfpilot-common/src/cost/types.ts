/**
 * Monthly cost of one infracost project.
 *
 * Every amount is a plain number in the summary's currency, or null when
 * infracost gave none (the field is absent or null in its JSON).
 */
export interface CostProjectSummary {
  /** The project's `name` as infracost wrote it (placeholders included). */
  name: string;
  /** `breakdown.totalMonthlyCost`: the cost once the change is applied. */
  totalMonthlyCost: number | null;
  /** `pastBreakdown.totalMonthlyCost`: the cost before the change. */
  pastTotalMonthlyCost: number | null;
  /**
   * `diff.totalMonthlyCost`, only ever taken from infracost: never worked
   * out here from the other two, so a null stays a null.
   */
  diffTotalMonthlyCost: number | null;
  /** Messages of the errors infracost reported for this project, in order. */
  errors: string[];
}

/**
 * What an infracost run costs: the machine form of
 * `tfpilot cost diff <infracost.json> --json`.
 */
export interface CostSummary {
  /** ISO 4217 code infracost priced in, such as "USD". */
  currency: string;
  /** Top-level `totalMonthlyCost`. */
  totalMonthlyCost: number | null;
  /** Top-level `pastTotalMonthlyCost`; null in 2021-era output that lacks it. */
  pastTotalMonthlyCost: number | null;
  /** Top-level `diffTotalMonthlyCost`; null in 2021-era output that lacks it. */
  diffTotalMonthlyCost: number | null;
  projects: CostProjectSummary[];
}
