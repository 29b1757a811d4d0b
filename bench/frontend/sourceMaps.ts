/**
 * How many bytes of a built chunk come from which source file, read from the
 * chunk's source map: each mapping segment covers the generated text from its
 * column to the next segment's (or the end of the line), and names the
 * source it came from. Text no segment covers (runtime glue) is unattributed.
 */
import { readFileSync } from 'node:fs';

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The numbers of one segment ("AAgBC" → [0, 0, 16, 1]): base64 VLQ, sign in the lowest bit. */
export function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`bad VLQ character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

/** Bytes of generated code per source file, for code and map given as text. */
export function bytesBySource(
  code: string,
  map: SourceMap,
): Map<string, number> {
  const lines = code.split('\n');
  const result = new Map<string, number>();
  let source = 0;
  const mappingLines = map.mappings.split(';');
  for (let line = 0; line < mappingLines.length; line++) {
    const length = lines[line]?.length ?? 0;
    let column = 0;
    const spans: { column: number; source?: number }[] = [];
    for (const segment of mappingLines[line].split(',')) {
      if (!segment) continue;
      const fields = decodeSegment(segment);
      column += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        spans.push({ column, source });
      } else {
        spans.push({ column });
      }
    }
    for (let i = 0; i < spans.length; i++) {
      const end = i + 1 < spans.length ? spans[i + 1].column : length;
      const owner = spans[i].source;
      if (owner === undefined) continue;
      const name = map.sources[owner];
      result.set(
        name,
        (result.get(name) ?? 0) + Math.max(0, end - spans[i].column),
      );
    }
  }
  return result;
}

/** A chunk file's bytes, and how many of them come from sources `isOurs` accepts. */
export function attributeChunk(
  file: string,
  isOurs: (source: string) => boolean,
): { bytes: number; ours: number; sources: number } {
  const code = readFileSync(file, 'utf8');
  let map: SourceMap;
  try {
    map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap;
  } catch {
    return { bytes: Buffer.byteLength(code), ours: 0, sources: 0 };
  }
  let ours = 0;
  let sources = 0;
  for (const [name, bytes] of bytesBySource(code, map)) {
    if (isOurs(name)) {
      ours += bytes;
      sources += 1;
    }
  }
  return { bytes: Buffer.byteLength(code), ours, sources };
}
