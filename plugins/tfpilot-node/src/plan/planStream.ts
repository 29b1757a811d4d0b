import {
  parsePlanJson,
  PlanFormatError,
  PlanSummary,
  PlanSummaryBuilder,
  summarizePlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  BUILD,
  Descend,
  JsonSyntaxError,
  PEEK,
  SelectiveJsonParser,
  Selection,
  SKIP,
} from './jsonStream';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds an object with only the listed members, read as each says; the rest is skipped. */
function project(members: Record<string, Selection>): Descend {
  const wanted = new Map(Object.entries(members));
  return kind => {
    if (kind !== 'object') return undefined;
    const value: Record<string, unknown> = {};
    return {
      member: key => wanted.get(key as string) ?? SKIP,
      value: (key, member) => {
        value[key as string] = member;
      },
      end: () => value,
    };
  };
}

/**
 * What PlanSummaryBuilder reads of a `resource_changes` element. Everything else (`before`, `after`, the sensitivity and unknown
 * marks, …), the bulk of a plan, is scanned but never built. If the builder
 * starts reading another member, add it here: the equivalence tests over
 * the fixtures compare this reader with `summarizePlanJson`.
 */
const ELEMENT = project({
  address: BUILD,
  type: BUILD,
  module_address: BUILD,
  action_reason: BUILD,
  change: project({ actions: BUILD, replace_paths: BUILD }),
});

/**
 * A `resource_drift` element also needs its values and sensitivity marks:
 * the builder names the attributes that changed. Drift lists are short and
 * each element is dropped once the builder has read it.
 */
const DRIFT_ELEMENT = project({
  address: BUILD,
  change: project({
    actions: BUILD,
    before: BUILD,
    after: BUILD,
    before_sensitive: BUILD,
    after_sensitive: BUILD,
  }),
});

/** `planned_values`: only `outputs` (format 0.x keeps output sensitivity there). */
const PLANNED_VALUES = project({ outputs: BUILD });

/** One occurrence of `resource_changes` or `resource_drift`, fed to its own builder. */
class ListReader {
  readonly builder = new PlanSummaryBuilder();
  items = 0;
  /** The first element the builder rejected; reported once the whole file has been read. */
  error: unknown = undefined;

  readonly #element: Descend;

  constructor(private readonly add: 'addResourceChange' | 'addDrift') {
    this.#element = add === 'addDrift' ? DRIFT_ELEMENT : ELEMENT;
  }

  readonly select: Descend = kind =>
    kind === 'array'
      ? {
          member: () => this.#element,
          value: (index, element) => {
            this.items++;
            if (this.error !== undefined) return;
            try {
              this.builder[this.add](element, index as number);
            } catch (error) {
              this.error = error;
            }
          },
          end: () => [],
        }
      : undefined;
}

const DOCUMENT = Symbol('document');

/**
 * Collects, from a streamed plan, what summarizePlan reads: top-level
 * scalars, the elements of the two lists one at a time, `output_changes` and
 * `planned_values.outputs`. Every other top-level member is skipped and kept
 * as a placeholder (`{}`, `[]`) or scalar, so the checks on the document's
 * shape (a state file? Infracost output?) see what they would see in the
 * parsed document.
 */
class PlanCollector {
  /** Top-level members as read (last occurrence wins, as in JSON.parse). */
  readonly #top = new Map<string, unknown>();
  #changes = new ListReader('addResourceChange');
  #drift = new ListReader('addDrift');

  readonly root: Descend = kind =>
    kind === 'object'
      ? {
          member: key => this.#member(key as string),
          value: (key, value) => {
            this.#top.set(key as string, value);
          },
          end: () => DOCUMENT,
        }
      : undefined;

  #member(key: string): Selection {
    switch (key) {
      case 'resource_changes':
        // A repeated key replaces the earlier list, as in JSON.parse.
        this.#changes = new ListReader('addResourceChange');
        return this.#changes.select;
      case 'resource_drift':
        this.#drift = new ListReader('addDrift');
        return this.#drift.select;
      case 'planned_values':
        return PLANNED_VALUES;
      case 'output_changes':
        return BUILD;
      default:
        return PEEK;
    }
  }

  /** The summary, with the same result or error summarizePlan gives for the parsed document. */
  finish(root: unknown): PlanSummary {
    // Not an object: summarizePlan says what it is instead.
    if (root !== DOCUMENT) return summarizePlan(root);
    const top = Object.fromEntries(this.#top);
    const changes = this.#changes;
    const drift = this.#drift;
    // Without list elements the members read are all summarizePlan looks at.
    if (changes.items === 0 && drift.items === 0) return summarizePlan(top);

    // summarizePlan's order, so that a plan with several problems gets the
    // same error: header, resource_changes, resource_drift, outputs.
    if (top.format_version === undefined) summarizePlan(top);
    const builder = changes.builder;
    builder.setFormatVersion(top.format_version);
    builder.setTerraformVersion(top.terraform_version);
    if ('errored' in top) builder.setErrored(top.errored);
    if (isRecord(top.planned_values)) {
      builder.setPlannedOutputs(top.planned_values.outputs);
    }
    for (const [name, list] of [
      ['resource_changes', changes],
      ['resource_drift', drift],
    ] as const) {
      const value = top[name];
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        // Not a list: summarizePlan words the error.
        summarizePlan({ format_version: top.format_version, [name]: value });
      }
      if (list.error !== undefined) throw list.error;
    }
    if (drift.items > 0) builder.markPlanContent();
    if (top.output_changes !== undefined) {
      builder.setOutputChanges(top.output_changes);
    }
    const summary = builder.build();
    if (drift.items === 0) return summary;
    drift.builder.setFormatVersion(top.format_version);
    return { ...summary, drift: drift.builder.build().drift };
  }
}

/** The exact error parsePlanJson gives for a text like `sample` (empty, zip, NUL). */
function parseError(sample: string): PlanFormatError {
  try {
    parsePlanJson(sample);
  } catch (error) {
    if (error instanceof PlanFormatError) return error;
    throw error;
  }
  throw new Error(`parsePlanJson accepted ${JSON.stringify(sample)}`);
}

const syntaxError = (error: JsonSyntaxError): PlanFormatError =>
  error.reason === 'the file is empty'
    ? parseError('')
    : new PlanFormatError(`not valid JSON: ${error.message}`);

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');
/** Bytes needed to recognise a BOM followed by a zip header. */
const HEAD = BOM.length + ZIP.length;

/**
 * Summarises `terraform show -json` output read as a stream of UTF-8 bytes,
 * holding one resource change at a time rather than the whole document.
 * Gives the same summary, or the same error, as `summarizePlanJson` on the
 * whole text, except that syntax errors are worded by this parser and name
 * the byte offset. A chunk is read only until the next one is asked for,
 * so the source may reuse one buffer for all of them.
 */
export async function summarizePlanStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<PlanSummary> {
  const collector = new PlanCollector();
  let parser: SelectiveJsonParser | undefined;
  let head: Buffer = Buffer.alloc(0);
  let failure: JsonSyntaxError | undefined;

  /** The first bytes: a BOM is dropped (as parsePlanJson does), a zip file named. */
  const start = (bytes: Buffer): SelectiveJsonParser => {
    const bom = bytes.subarray(0, BOM.length).equals(BOM);
    const body = bom ? bytes.subarray(BOM.length) : bytes;
    if (body.subarray(0, ZIP.length).equals(ZIP)) {
      throw parseError('PK\u0003\u0004');
    }
    const started = new SelectiveJsonParser(collector.root, {
      offset: bom ? BOM.length : 0,
    });
    started.write(body);
    return started;
  };

  for await (const data of chunks) {
    let chunk = Buffer.isBuffer(data)
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // After a syntax error, read on for a NUL byte: parsePlanJson reports
    // NUL bytes (UTF-16 text, binary files) before syntax errors.
    if (failure !== undefined) {
      if (chunk.includes(0)) throw parseError('\u0000');
      continue;
    }
    try {
      if (parser !== undefined) {
        parser.write(chunk);
      } else {
        // A copy: the reader may reuse the chunk's memory for the next one.
        head = Buffer.concat([head, chunk]);
        chunk = head;
        if (head.length >= HEAD) parser = start(head);
      }
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      if (error.nul || chunk.includes(0)) throw parseError('\u0000');
      failure = error;
    }
  }
  try {
    if (failure !== undefined) throw failure;
    return collector.finish((parser ?? start(head)).end());
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw error.nul ? parseError('\u0000') : syntaxError(error);
  }
}
