/**
 * A streaming JSON parser that builds only the parts of a document its
 * caller asks for. It reads bytes (UTF-8) in chunks of any size, checks the
 * whole document against the JSON grammar (RFC 8259, as strict as
 * `JSON.parse`), and for every value decides, through a `Selection`,
 * whether to skip it, build it, or walk into it member by member.
 * Skipped values cost a scan and nothing else: no strings, no objects.
 */

/** Validate the value and drop it: the parent is not told about it. */
export const SKIP = 0;
/** Strings, numbers, booleans and null as values; objects and arrays skipped and handed over as `{}` / `[]`. */
export const PEEK = 1;
/** Build the whole value, as `JSON.parse` would. */
export const BUILD = 2;

/** Receives the members of an object or array that a `Descend` walked into. */
export interface ContainerHandler {
  /** What to do with the member under `key` (objects) or at `index` (arrays). */
  member(key: string | number): Selection;
  /** A member that was not skipped: its value, or what its own handler's `end` returned. */
  value(key: string | number, value: unknown): void;
  /** The container closed; the result is handed to the parent's `value`. */
  end(): unknown;
}

/**
 * Walk into an object or array with a handler (or, returning undefined,
 * treat it as PEEK); a scalar in this place is handed over as a value.
 */
export type Descend = (
  kind: 'object' | 'array',
) => ContainerHandler | undefined;

export type Selection = typeof SKIP | typeof PEEK | typeof BUILD | Descend;

/** The input is not JSON. `offset` is the byte the problem was found at. */
export class JsonSyntaxError extends Error {
  name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly offset: number,
    /** The offending byte was a NUL. */
    readonly nul = false,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

// Parser states.
const S_VALUE = 0; // a value (after ':' or ',' in an array, or at the top)
const S_VALUE_OR_CLOSE = 1; // after '['
const S_KEY_OR_CLOSE = 2; // after '{'
const S_KEY = 3; // after ',' in an object
const S_COLON = 4;
const S_AFTER = 5; // after a member: ',' or the closing bracket
const S_DONE = 6; // after the top-level value: only whitespace
const S_STRING = 7;
const S_ESCAPE = 8; // after '\'
const S_UNICODE = 9; // in the four hex digits of '\u'
const S_MINUS = 10; // '-'
const S_ZERO = 11; // a leading '0'
const S_INT = 12; // integer digits
const S_DOT = 13; // '.'
const S_FRACTION = 14; // fraction digits
const S_E = 15; // 'e' / 'E'
const S_E_SIGN = 16; // exponent sign
const S_EXPONENT = 17; // exponent digits
const S_LITERAL = 18; // in true, false or null

const OBJECT = 1;
const ARRAY = 2;

// Bytes.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isHex = (c: number) =>
  (c >= ZERO && c <= NINE) ||
  (c >= 0x41 && c <= 0x46) ||
  (c >= 0x61 && c <= 0x66);

const LITERALS: { bytes: Uint8Array; value: boolean | null }[] = [
  { bytes: Buffer.from('true'), value: true },
  { bytes: Buffer.from('false'), value: false },
  { bytes: Buffer.from('null'), value: null },
];

/** The bytes that may follow a backslash, other than `u`. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

/** What a simple escape (`\n`, `\"`, …) stands for, by the byte after the backslash. */
const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

const hexValue = (c: number) => (c <= NINE ? c - ZERO : (c | 0x20) - 0x61 + 10);

/** Decodes the bytes between a string's quotes; escapes were checked while scanning. */
function decodeString(
  buf: Buffer,
  start: number,
  end: number,
  escaped: boolean,
): string {
  if (!escaped) return buf.toString('utf8', start, end);
  const b = buf.subarray(start, end);
  let out = '';
  let run = 0;
  let i = b.indexOf(BACKSLASH);
  while (i !== -1) {
    // A backslash never falls inside a UTF-8 sequence, so each run decodes alone.
    if (i > run) out += b.toString('utf8', run, i);
    const c = b[i + 1];
    if (c === 0x75) {
      out += String.fromCharCode(
        (hexValue(b[i + 2]) << 12) |
          (hexValue(b[i + 3]) << 8) |
          (hexValue(b[i + 4]) << 4) |
          hexValue(b[i + 5]),
      );
      i += 6;
    } else {
      out += ESCAPES[c];
      i += 2;
    }
    run = i;
    i = b.indexOf(BACKSLASH, i);
  }
  if (b.length > run) out += b.toString('utf8', run);
  return out;
}

/** Sets a member as `JSON.parse` does: `__proto__` becomes an own property. */
function setMember(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** An object or array the parser is inside of and not skipping. */
interface Frame {
  kind: number;
  /** Built with BUILD (`container` is filled) or walked by `handler`. */
  container: Record<string, unknown> | unknown[] | undefined;
  handler: ContainerHandler | undefined;
  /** The key of the member being read (objects). */
  key: string;
  /** The index of the member being read (arrays). */
  index: number;
}

const describeByte = (c: number): string =>
  c > 0x20 && c < 0x7f
    ? `'${String.fromCharCode(c)}'`
    : `byte 0x${c.toString(16).padStart(2, '0')}`;

const EXPECTED: Record<number, string> = {
  [S_VALUE]: 'a value',
  [S_VALUE_OR_CLOSE]: "a value or ']'",
  [S_KEY_OR_CLOSE]: "a property name or '}'",
  [S_KEY]: 'a property name',
  [S_COLON]: "':'",
};

let warmedUp = false;

/**
 * Push parser: call `write` with each chunk, then `end`, which returns the
 * top-level value as the root selection delivered it. Every error is a
 * JsonSyntaxError that names the byte offset and never quotes the input.
 */
export class SelectiveJsonParser {
  #state = S_VALUE;
  /** Absolute offset of the current chunk's first byte. */
  #offset: number;
  #started = false;
  #result: unknown = undefined;
  readonly #root: Selection;

  /** Kind of every open container, skipped or not. */
  #kinds = new Uint8Array(64);
  #depth = 0;
  readonly #frames: Frame[] = [];

  /** Inside a value that is being skipped (see `#skip`). */
  #skipping = false;
  /** `#depth` where the skipped value began. */
  #skipFrom = 0;
  /** Hand `{}` / `[]` to the parent when the skipped container closes (PEEK). */
  #skipPlaceholder = false;

  // The string being read.
  #stringIsKey = false;
  #stringEscaped = false;
  #stringStart = 0;
  /** Bytes of a kept string that began in an earlier chunk. */
  #carry = Buffer.alloc(0);
  #carryLength = 0;
  #unicodeLeft = 0;

  // The number being read.
  #numberStart = 0;
  #numberCarry = '';

  // The literal being read.
  #literal = LITERALS[0];
  #literalAt = 0;

  constructor(root: Selection, options: { offset?: number } = {}) {
    if (!warmedUp) {
      warmedUp = true;
      warmUp();
    }
    this.#root = root;
    this.#offset = options.offset ?? 0;
  }

  /** Bytes read so far (plus the starting offset). */
  get offset(): number {
    return this.#offset;
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.#skipping) {
        i = this.#skip(buf, i);
        continue;
      }
      const state = this.#state;
      if (state === S_STRING) {
        let c = 0;
        while (i < n) {
          c = buf[i];
          if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
          i++;
        }
        if (i === n) break;
        if (c === QUOTE) {
          this.#endString(buf, i);
        } else if (c === BACKSLASH) {
          this.#stringEscaped = true;
          this.#state = S_ESCAPE;
        } else {
          this.#badControl(c, i);
        }
        i++;
        continue;
      }
      const c = buf[i];
      switch (state) {
        case S_AFTER:
          if (c === COMMA) {
            this.#state =
              this.#kinds[this.#depth - 1] === OBJECT ? S_KEY : S_VALUE;
          } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            this.#close(c, i);
          } else if (!isSpace(c)) {
            this.#unexpected(c, i);
          }
          i++;
          break;
        case S_KEY_OR_CLOSE:
        case S_KEY:
          if (c === QUOTE) {
            this.#startString(true, i + 1);
          } else if (c === CLOSE_BRACE && state === S_KEY_OR_CLOSE) {
            this.#close(c, i);
          } else if (!isSpace(c)) {
            this.#unexpected(c, i);
          }
          i++;
          break;
        case S_COLON:
          if (c === COLON) this.#state = S_VALUE;
          else if (!isSpace(c)) this.#unexpected(c, i);
          i++;
          break;
        case S_VALUE:
        case S_VALUE_OR_CLOSE:
          if (isSpace(c)) {
            i++;
          } else if (c === CLOSE_BRACKET && state === S_VALUE_OR_CLOSE) {
            this.#close(c, i);
            i++;
          } else {
            i = this.#startValue(i, c);
          }
          break;
        case S_ESCAPE:
          this.#escape(c, i);
          i++;
          break;
        case S_UNICODE:
          this.#unicode(c, i);
          i++;
          break;
        case S_LITERAL:
          if (this.#literalByte(c, i)) this.#deliver(this.#literal.value);
          i++;
          break;
        case S_DONE:
          if (!isSpace(c)) {
            this.#fail(
              i,
              c === 0 ? 'NUL byte' : 'unexpected data after the JSON document',
              c === 0,
            );
          }
          i++;
          break;
        default: {
          // A number: its digits, then whatever follows it.
          let next = state;
          if (next === S_INT || next === S_FRACTION || next === S_EXPONENT) {
            while (i < n && isDigit(buf[i])) i++;
            if (i === n) break;
          }
          next = this.#numberByte(next, buf[i], i);
          if (next === S_AFTER) {
            this.#deliver(this.#numberValue(buf, i));
          } else {
            this.#state = next;
            i++;
          }
        }
      }
    }
    this.#keepPartial(buf, n);
    this.#offset += n;
  }

  /** Ends the input and returns the top-level value (as its selection delivered it). */
  end(): unknown {
    const state = this.#state;
    if (
      state === S_ZERO ||
      state === S_INT ||
      state === S_FRACTION ||
      state === S_EXPONENT
    ) {
      // The input ends a complete number: at the top level, the document.
      if (this.#depth > 0) this.#state = S_AFTER;
      else if (this.#skipping) this.#endSkip(0);
      else this.#deliver(this.#numberValue(Buffer.alloc(0), 0));
    }
    if (this.#state === S_DONE) return this.#result;
    if (!this.#started) {
      throw new JsonSyntaxError('the file is empty', this.#offset);
    }
    let where = '';
    if (this.#state >= S_STRING && this.#state <= S_UNICODE) {
      where = ' inside a string';
    } else if (this.#state >= S_MINUS) {
      where = ' inside a value';
    } else if (this.#depth > 0) {
      where =
        this.#kinds[this.#depth - 1] === OBJECT
          ? ' inside an object'
          : ' inside an array';
    }
    throw new JsonSyntaxError(`unexpected end of file${where}`, this.#offset);
  }

  /**
   * Scans a skipped value from `start`, checking the grammar and building
   * nothing, with the parser's state in locals: most of a plan's bytes go
   * through this loop. Returns the offset after the value, once it has been
   * handed over, or the chunk's length.
   */
  #skip(buf: Buffer, start: number): number {
    const n = buf.length;
    const from = this.#skipFrom;
    let kinds = this.#kinds;
    let state = this.#state;
    let depth = this.#depth;
    let key = this.#stringIsKey;
    let i = start;
    while (i < n) {
      let c = buf[i];
      switch (state) {
        case S_STRING:
          while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) {
            if (++i === n) return this.#leave(n, state, depth, key);
            c = buf[i];
          }
          i++;
          if (c === BACKSLASH) {
            state = S_ESCAPE;
          } else if (c !== QUOTE) {
            this.#badControl(c, i - 1);
          } else if (key) {
            state = S_COLON;
          } else if (depth > from) {
            state = S_AFTER;
          } else {
            return this.#leave(i, state, depth, key, 0);
          }
          continue;
        case S_AFTER:
          if (c === COMMA) {
            state = kinds[depth - 1] === OBJECT ? S_KEY : S_VALUE;
            i++;
            continue;
          }
          if (c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
          if (!isSpace(c)) this.#save(state, depth).#unexpected(c, i);
          i++;
          continue;
        case S_KEY_OR_CLOSE:
        case S_KEY:
          if (c === QUOTE) {
            key = true;
            state = S_STRING;
            i++;
            continue;
          }
          if (c === CLOSE_BRACE && state === S_KEY_OR_CLOSE) break;
          if (!isSpace(c)) this.#save(state, depth).#unexpected(c, i);
          i++;
          continue;
        case S_COLON:
          if (c === COLON) state = S_VALUE;
          else if (!isSpace(c)) this.#save(state, depth).#unexpected(c, i);
          i++;
          continue;
        case S_VALUE:
        case S_VALUE_OR_CLOSE:
          i++;
          if (c === QUOTE) {
            key = false;
            state = S_STRING;
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            if (depth === kinds.length) kinds = this.#grow();
            kinds[depth++] = c === OPEN_BRACE ? OBJECT : ARRAY;
            state = c === OPEN_BRACE ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
          } else if (isDigit(c)) {
            state = c === ZERO ? S_ZERO : S_INT;
          } else if (c === MINUS) {
            state = S_MINUS;
          } else if (c === CLOSE_BRACKET && state === S_VALUE_OR_CLOSE) {
            i--;
            break;
          } else if (!isSpace(c)) {
            const literal = LITERALS.find(l => l.bytes[0] === c);
            if (literal === undefined) {
              return this.#save(state, depth).#unexpected(c, i - 1);
            }
            this.#literal = literal;
            this.#literalAt = 1;
            state = S_LITERAL;
          }
          continue;
        case S_ESCAPE:
          this.#escape(c, i);
          state = this.#state;
          i++;
          continue;
        case S_UNICODE:
          this.#unicode(c, i);
          state = this.#state;
          i++;
          continue;
        case S_LITERAL:
          i++;
          if (!this.#save(state, depth).#literalByte(c, i - 1)) continue;
          if (depth > from) {
            state = S_AFTER;
            continue;
          }
          return this.#leave(i, state, depth, key, 0);
        default:
          // A number: its digits, then whatever follows it.
          if (state === S_INT || state === S_FRACTION || state === S_EXPONENT) {
            while (isDigit(c)) {
              if (++i === n) return this.#leave(n, state, depth, key);
              c = buf[i];
            }
          }
          state = this.#save(state, depth).#numberByte(state, c, i);
          if (state !== S_AFTER) {
            i++;
            continue;
          }
          // The byte after the number belongs to what follows it.
          if (depth > from) continue;
          return this.#leave(i, state, depth, key, 0);
      }
      // A closing bracket, checked against the open container.
      const kind = c === CLOSE_BRACE ? OBJECT : ARRAY;
      if (kinds[depth - 1] !== kind) this.#save(state, depth).#unexpected(c, i);
      i++;
      depth--;
      state = S_AFTER;
      if (depth === from) return this.#leave(i, state, depth, key, kind);
    }
    return this.#leave(i, state, depth, key);
  }

  /**
   * Leaves the skip loop at `i`, storing its state; `ended` says the
   * skipped value ended there (with a container of that kind, or a scalar: 0).
   */
  #leave(
    i: number,
    state: number,
    depth: number,
    key: boolean,
    ended = -1,
  ): number {
    this.#save(state, depth);
    this.#stringIsKey = key;
    if (ended >= 0) this.#endSkip(ended);
    return i;
  }

  /** Stores the skip loop's state, for an error message or on leaving it. */
  #save(state: number, depth: number): this {
    this.#state = state;
    this.#depth = depth;
    return this;
  }

  /** The skipped value ended (with a container of `kind`, or a scalar: 0). */
  #endSkip(kind: number): void {
    this.#skipping = false;
    if (kind !== 0 && this.#skipPlaceholder) {
      this.#deliver(kind === OBJECT ? {} : []);
    } else {
      this.#deliver(undefined, true);
    }
  }

  #grow(): Uint8Array {
    const grown = new Uint8Array(this.#kinds.length * 2);
    grown.set(this.#kinds);
    this.#kinds = grown;
    return grown;
  }

  #fail(at: number, reason: string, nul = false): never {
    throw new JsonSyntaxError(reason, this.#offset + at, nul);
  }

  #badControl(c: number, at: number): never {
    return c === 0
      ? this.#fail(at, 'NUL byte', true)
      : this.#fail(at, 'unescaped control character in a string');
  }

  #unexpected(c: number, at: number): never {
    if (c === 0) this.#fail(at, 'NUL byte', true);
    const state = this.#state;
    let expected = EXPECTED[state];
    if (state === S_AFTER) {
      expected =
        this.#kinds[this.#depth - 1] === OBJECT ? "',' or '}'" : "',' or ']'";
    } else if (state === S_LITERAL) {
      expected = 'true, false or null';
    }
    this.#fail(at, `unexpected ${describeByte(c)} (expected ${expected})`);
  }

  /** The byte after a backslash. */
  #escape(c: number, at: number): void {
    if (c === 0x75) {
      this.#unicodeLeft = 4;
      this.#state = S_UNICODE;
    } else if (SIMPLE_ESCAPE[c] === 1) {
      this.#state = S_STRING;
    } else {
      this.#fail(at, 'invalid escape in a string', c === 0);
    }
  }

  /** A hex digit of `\u`. */
  #unicode(c: number, at: number): void {
    if (!isHex(c)) this.#fail(at, 'invalid \\u escape in a string', c === 0);
    if (--this.#unicodeLeft === 0) this.#state = S_STRING;
  }

  /** The next byte of true, false or null; true when the literal is complete. */
  #literalByte(c: number, at: number): boolean {
    const bytes = this.#literal.bytes;
    if (c !== bytes[this.#literalAt]) this.#unexpected(c, at);
    return ++this.#literalAt === bytes.length;
  }

  /**
   * The state after byte `c` of a number in `state` (digits of S_INT,
   * S_FRACTION and S_EXPONENT already consumed); S_AFTER when `c` ends it.
   */
  #numberByte(state: number, c: number, at: number): number {
    switch (state) {
      case S_MINUS:
        if (c === ZERO) return S_ZERO;
        if (isDigit(c)) return S_INT;
        break;
      case S_DOT:
        if (isDigit(c)) return S_FRACTION;
        break;
      case S_E:
        if (c === PLUS || c === MINUS) return S_E_SIGN;
        if (isDigit(c)) return S_EXPONENT;
        break;
      case S_E_SIGN:
        if (isDigit(c)) return S_EXPONENT;
        break;
      default:
        // S_ZERO, S_INT, S_FRACTION, S_EXPONENT: complete so far.
        if (c === DOT && (state === S_ZERO || state === S_INT)) return S_DOT;
        if ((c === 0x65 || c === 0x45) && state !== S_EXPONENT) return S_E;
        return S_AFTER;
    }
    return this.#fail(at, c === 0 ? 'NUL byte' : 'invalid number', c === 0);
  }

  /** A kept number that ended before `end`. */
  #numberValue(buf: Buffer, end: number): number {
    const text =
      this.#numberCarry + buf.toString('latin1', this.#numberStart, end);
    this.#numberCarry = '';
    return Number(text);
  }

  /** What the parent wants done with the value that starts now. */
  #selection(): Selection {
    const frame = this.#frames[this.#frames.length - 1];
    if (frame === undefined) return this.#root;
    if (frame.handler === undefined) return BUILD;
    return frame.handler.member(
      frame.kind === OBJECT ? frame.key : frame.index,
    );
  }

  /** The first byte of a kept value (or of one its parent skips); returns where to continue. */
  #startValue(i: number, c: number): number {
    this.#started = true;
    const selection = this.#selection();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const kind = c === OPEN_BRACE ? OBJECT : ARRAY;
      let handler: ContainerHandler | undefined;
      if (typeof selection === 'function') {
        handler = selection(kind === OBJECT ? 'object' : 'array');
      }
      if (selection === BUILD || handler !== undefined) {
        let container: Frame['container'];
        if (handler === undefined) container = kind === OBJECT ? {} : [];
        this.#frames.push({
          kind,
          container,
          handler,
          key: '',
          index: 0,
        });
      } else {
        this.#startSkip(selection !== SKIP);
      }
      if (this.#depth === this.#kinds.length) this.#grow();
      this.#kinds[this.#depth++] = kind;
      this.#state = kind === OBJECT ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
      return i + 1;
    }
    if (selection === SKIP) this.#startSkip(false);
    if (c === QUOTE) {
      this.#startString(false, i + 1);
      return i + 1;
    }
    if (c === MINUS || isDigit(c)) {
      this.#numberStart = i;
      this.#numberCarry = '';
      if (c === MINUS) this.#state = S_MINUS;
      else this.#state = c === ZERO ? S_ZERO : S_INT;
      return i + 1;
    }
    const literal = LITERALS.find(l => l.bytes[0] === c);
    if (literal === undefined) return this.#unexpected(c, i);
    this.#literal = literal;
    this.#literalAt = 1;
    this.#state = S_LITERAL;
    return i + 1;
  }

  #startSkip(placeholder: boolean): void {
    this.#skipping = true;
    this.#skipFrom = this.#depth;
    this.#skipPlaceholder = placeholder;
  }

  /** A closing bracket of a kept container. */
  #close(c: number, at: number): void {
    const kind = c === CLOSE_BRACE ? OBJECT : ARRAY;
    if (this.#kinds[this.#depth - 1] !== kind) this.#unexpected(c, at);
    this.#depth--;
    const frame = this.#frames.pop()!;
    this.#deliver(
      frame.handler === undefined ? frame.container : frame.handler.end(),
    );
  }

  /** A kept value is complete: hand it to its parent. */
  #deliver(value: unknown, nothing = false): void {
    const frame = this.#frames[this.#frames.length - 1];
    if (frame === undefined) {
      this.#result = value;
      this.#state = S_DONE;
      return;
    }
    if (!nothing) {
      if (frame.handler !== undefined) {
        frame.handler.value(
          frame.kind === OBJECT ? frame.key : frame.index,
          value,
        );
      } else if (frame.kind === ARRAY) {
        (frame.container as unknown[]).push(value);
      } else {
        setMember(frame.container as Record<string, unknown>, frame.key, value);
      }
    }
    if (frame.kind === ARRAY) frame.index++;
    this.#state = S_AFTER;
  }

  #startString(isKey: boolean, start: number): void {
    this.#stringIsKey = isKey;
    this.#stringEscaped = false;
    this.#stringStart = start;
    this.#carryLength = 0;
    this.#state = S_STRING;
  }

  /** The closing quote of a kept string is at `end`. */
  #endString(buf: Buffer, end: number): void {
    let text: string;
    if (this.#carryLength === 0) {
      text = decodeString(buf, this.#stringStart, end, this.#stringEscaped);
    } else {
      this.#appendCarry(buf, this.#stringStart, end);
      text = decodeString(
        this.#carry,
        0,
        this.#carryLength,
        this.#stringEscaped,
      );
      this.#carryLength = 0;
    }
    if (this.#stringIsKey) {
      this.#frames[this.#frames.length - 1].key = text;
      this.#state = S_COLON;
    } else {
      this.#deliver(text);
    }
  }

  #appendCarry(buf: Buffer, start: number, end: number): void {
    const needed = this.#carryLength + (end - start);
    if (needed > this.#carry.length) {
      const grown = Buffer.allocUnsafe(
        Math.max(needed, this.#carry.length * 2, 256),
      );
      this.#carry.copy(grown, 0, 0, this.#carryLength);
      this.#carry = grown;
    }
    buf.copy(this.#carry, this.#carryLength, start, end);
    this.#carryLength = needed;
  }

  /** At the end of a chunk, copies out the part of a kept string or number read so far. */
  #keepPartial(buf: Buffer, n: number): void {
    if (this.#skipping) return;
    const state = this.#state;
    if (state >= S_STRING && state <= S_UNICODE) {
      this.#appendCarry(buf, this.#stringStart, n);
      this.#stringStart = 0;
    } else if (state >= S_MINUS && state <= S_EXPONENT) {
      this.#numberCarry += buf.toString('latin1', this.#numberStart, n);
      this.#numberStart = 0;
    }
  }
}

/**
 * V8 optimises `write` early (on-stack replacement, a few kilobytes into
 * the first chunk), before rare branches (escapes, exponents, literals,
 * closing an empty array, …) have run. Each rare branch reached later then
 * has no type feedback and throws the optimised code away, to be compiled
 * again: 14 times on a 47 MB plan, 15-20 % of the time of a cold process.
 * Parsing one small document that takes every branch, in every kind of
 * selection, before the first parser starts gives them all feedback first.
 * It takes a few milliseconds, once per process.
 */
function warmUp(): void {
  const doc = Buffer.from(
    ' {"s": "a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 é", "n": [0, -0, 1, -1.5, 20e5, 3E-2, 4.5e+1, -0.0e0, 10],' +
      ' "t": true, "f": false, "z": null, "i": 12, "j": -0.5e-3, "e": {}, "a": [],' +
      ' "o": {"k": {"x": [1, {"y": "z"}]}}, "w" : [ "a" , "b" ] }\n',
  );
  // Every member of every object and array skipped, peeked, built, or walked.
  const every = (selection: Selection | 'walk'): Descend => {
    const descend: Descend = () => ({
      member: () => (selection === 'walk' ? descend : selection),
      value: () => undefined,
      end: () => undefined,
    });
    return descend;
  };
  const roots: Selection[] = [SKIP, PEEK, BUILD];
  roots.push(...roots.map(every), every('walk'));
  for (const root of roots) {
    for (const size of [doc.length, 1, 3]) {
      const parser = new SelectiveJsonParser(root);
      for (let at = 0; at < doc.length; at += size) {
        parser.write(doc.subarray(at, at + size));
      }
      parser.end();
    }
    for (const scalar of ['1', '-2.5e3', '0', '"s"', 'true', 'null']) {
      const parser = new SelectiveJsonParser(root);
      parser.write(Buffer.from(scalar));
      parser.end();
    }
  }
}
