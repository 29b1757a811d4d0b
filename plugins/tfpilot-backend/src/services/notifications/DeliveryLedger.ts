/** Deliveries remembered; far more than the revisions of a busy hour. */
const DEFAULT_CAPACITY = 20_000;

/**
 * Remembers which deliveries were started, keyed by request, revision,
 * channel and recipient, so that a revision reaches each recipient on each
 * channel once even if it is handed over twice. The oldest keys are forgotten
 * first. Revisions are committed once (put-if-absent), so one process's
 * memory is enough: no other instance is told about the same commit.
 */
export class DeliveryLedger {
  readonly #claimed = new Set<string>();
  readonly #capacity: number;

  constructor(capacity: number = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** True the first time a delivery is claimed, false ever after. */
  claim(delivery: {
    requestId: string;
    revision: number;
    channel: string;
    recipient: string;
  }): boolean {
    const key = [
      delivery.requestId,
      delivery.revision,
      delivery.channel,
      delivery.recipient.toLocaleLowerCase('en-US'),
    ].join('\u0000');
    if (this.#claimed.has(key)) return false;
    this.#claimed.add(key);
    if (this.#claimed.size > this.#capacity) {
      const oldest = this.#claimed.values().next().value;
      if (oldest !== undefined) this.#claimed.delete(oldest);
    }
    return true;
  }
}
