import {
  Expr,
  ExpressionSyntaxError,
  Literal,
  parseExpression,
} from './expression';

/**
 * Where a constraint applies inside a variable's value: an attribute of an
 * object, or every element of a list, set or map.
 */
export type PathStep = { attribute: string } | 'each';

/** What a validation condition is known to require of a value. */
export type Constraint =
  /** The value is one of these. */
  | { kind: 'enum'; values: Literal[] }
  /** The value matches (or, negated, does not match) an RE2 regular expression. */
  | { kind: 'pattern'; regex: string; negated: boolean }
  /** A bound on the value (a number) or on its length. */
  | {
      kind: 'bound';
      of: 'value' | 'length';
      side: 'min' | 'max';
      limit: number;
      exclusive: boolean;
    }
  /** Every element of the collection is one of these. */
  | { kind: 'subset'; values: Literal[] }
  /** The number has no fractional part. */
  | { kind: 'integer' };

/** A constraint and where in the variable's value it applies. */
export interface PathConstraint {
  path: PathStep[];
  constraint: Constraint;
}

/** Loop variables of enclosing `for` expressions, and what they stand for. */
type Scope = ReadonlyMap<string, PathStep[]>;

interface Context {
  variable: string;
  scope: Scope;
}

/** The arguments of a call of `name` with `arity` arguments, if `expr` is one. */
function argsOf(expr: Expr, name: string, arity: number): Expr[] | undefined {
  return expr.kind === 'call' &&
    expr.name === name &&
    expr.args.length === arity
    ? expr.args
    : undefined;
}

const isTrue = (expr: Expr) => expr.kind === 'literal' && expr.value === true;
const isNull = (expr: Expr) => expr.kind === 'literal' && expr.value === null;

/** The part of the variable a reference points at, if it points into it. */
function refPath(expr: Expr, ctx: Context): PathStep[] | undefined {
  if (expr.kind !== 'ref') return undefined;
  let base: PathStep[] | undefined;
  let rest = expr.traversal;
  if (expr.root === 'var' && rest[0] === ctx.variable) {
    base = [];
    rest = rest.slice(1);
  } else {
    base = ctx.scope.get(expr.root);
  }
  if (!base) return undefined;
  const attributes: PathStep[] = [];
  for (const step of rest) {
    if (typeof step !== 'string') return undefined;
    attributes.push({ attribute: step });
  }
  return [...base, ...attributes];
}

/** `[lit, lit, ...]` with literals all of one type (not null). */
function literalList(expr: Expr): Literal[] | undefined {
  if (expr.kind !== 'tuple' || expr.items.length === 0) return undefined;
  const values: Literal[] = [];
  for (const item of expr.items) {
    if (item.kind !== 'literal' || item.value === null) return undefined;
    values.push(item.value);
  }
  const type = typeof values[0];
  return values.every(v => typeof v === type) ? values : undefined;
}

function numberLiteral(expr: Expr): number | undefined {
  if (expr.kind === 'literal' && typeof expr.value === 'number') {
    return expr.value;
  }
  if (expr.kind === 'unary' && expr.op === '-') {
    const inner = numberLiteral(expr.operand);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

/** `ref == null` or `null == ref`, for a reference into the variable. */
function isNullTest(expr: Expr, op: '==' | '!=', ctx: Context): boolean {
  if (expr.kind !== 'binary' || expr.op !== op) return false;
  return (
    (isNull(expr.right) && refPath(expr.left, ctx) !== undefined) ||
    (isNull(expr.left) && refPath(expr.right, ctx) !== undefined)
  );
}

const samePath = (a: PathStep[], b: PathStep[]) =>
  JSON.stringify(a) === JSON.stringify(b);

const at = (path: PathStep[], constraint: Constraint): PathConstraint[] => [
  { path, constraint },
];

/** `can(regex("re", ref))`, negated when wrapped in `!`. */
function regexConstraint(
  expr: Expr,
  negated: boolean,
  ctx: Context,
): PathConstraint[] {
  const [inner] = argsOf(expr, 'can', 1) ?? [];
  const [regex, target] = (inner && argsOf(inner, 'regex', 2)) ?? [];
  const path = target && refPath(target, ctx);
  if (!path || regex.kind !== 'literal' || typeof regex.value !== 'string') {
    return [];
  }
  return at(path, { kind: 'pattern', regex: regex.value, negated });
}

const FLIPPED: Record<string, string> = {
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
  '==': '==',
};

/** What a comparison side measures: the value itself or its length. */
function measured(
  expr: Expr,
  ctx: Context,
): { path: PathStep[]; of: 'value' | 'length' } | undefined {
  const [measuredValue] = argsOf(expr, 'length', 1) ?? [];
  if (measuredValue) {
    const path = refPath(measuredValue, ctx);
    return path && { path, of: 'length' };
  }
  const path = refPath(expr, ctx);
  return path && { path, of: 'value' };
}

interface Comparison {
  path: PathStep[];
  of: 'value' | 'length';
  op: string;
  limit: number;
}

/** A comparison of the variable (or its length) with a number, subject first. */
function comparison(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: Context,
): Comparison | undefined {
  const sides: Array<[Expr, Expr, string]> = [
    [expr.left, expr.right, expr.op],
    [expr.right, expr.left, FLIPPED[expr.op] ?? expr.op],
  ];
  for (const [subjectSide, limitSide, op] of sides) {
    const subject = measured(subjectSide, ctx);
    const limit = numberLiteral(limitSide);
    if (subject && limit !== undefined) return { ...subject, op, limit };
  }
  return undefined;
}

const BOUNDS: Record<string, Array<['min' | 'max', boolean]>> = {
  '>=': [['min', false]],
  '>': [['min', true]],
  '<=': [['max', false]],
  '<': [['max', true]],
};

/** `ref >= 1`, `length(ref) <= 63`, `0 < ref`, `length(ref) == 36`. */
function boundConstraint(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: Context,
): PathConstraint[] {
  const found = comparison(expr, ctx);
  if (!found) return [];
  const { path, of, op, limit } = found;
  const bounds =
    op === '==' && of === 'length'
      ? BOUNDS['>='].concat(BOUNDS['<='])
      : BOUNDS[op] ?? [];
  return bounds.map(([side, exclusive]) => ({
    path,
    constraint: { kind: 'bound', of, side, limit, exclusive },
  }));
}

/** `setintersection([...], ref) == ref`, either way round. */
function subsetConstraint(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: Context,
): PathConstraint[] {
  for (const [call, other] of [
    [expr.left, expr.right],
    [expr.right, expr.left],
  ]) {
    const args = argsOf(call, 'setintersection', 2);
    const path = refPath(other, ctx);
    if (!args || !path) continue;
    for (const [list, ref] of [args, [...args].reverse()]) {
      const values = literalList(list);
      const refers = refPath(ref, ctx);
      if (values && refers && samePath(refers, path)) {
        return at(path, { kind: 'subset', values });
      }
    }
  }
  return [];
}

/** `ceil(ref) == ref` or `floor(ref) == ref`, either way round. */
function integerConstraint(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: Context,
): PathConstraint[] {
  for (const [call, other] of [
    [expr.left, expr.right],
    [expr.right, expr.left],
  ]) {
    const [rounded] = argsOf(call, 'ceil', 1) ?? argsOf(call, 'floor', 1) ?? [];
    const path = refPath(other, ctx);
    const inner = rounded && refPath(rounded, ctx);
    if (path && inner && samePath(path, inner)) {
      return at(path, { kind: 'integer' });
    }
  }
  return [];
}

function binaryConstraints(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: Context,
): PathConstraint[] {
  switch (expr.op) {
    case '&&':
      // Both sides hold, so whatever is understood of either side holds.
      return [...extract(expr.left, ctx), ...extract(expr.right, ctx)];
    case '||':
      // Only a null guard: `ref == null || <condition>`.
      if (isNullTest(expr.left, '==', ctx)) return extract(expr.right, ctx);
      if (isNullTest(expr.right, '==', ctx)) return extract(expr.left, ctx);
      return [];
    case '==':
      return [
        ...subsetConstraint(expr, ctx),
        ...integerConstraint(expr, ctx),
        ...boundConstraint(expr, ctx),
      ];
    default:
      return boundConstraint(expr, ctx);
  }
}

/** `alltrue([for k, v in ref : <condition>])`. */
function everyConstraints(loop: Expr, ctx: Context): PathConstraint[] {
  if (loop.kind !== 'for' || loop.filtered) return [];
  const collection = refPath(loop.collection, ctx);
  if (!collection) return [];
  const scope = new Map(ctx.scope);
  if (loop.keyName) scope.delete(loop.keyName);
  scope.set(loop.valueName, [...collection, 'each']);
  return extract(loop.body, { ...ctx, scope });
}

function callConstraints(expr: Expr, ctx: Context): PathConstraint[] {
  const [loop] = argsOf(expr, 'alltrue', 1) ?? [];
  if (loop) return everyConstraints(loop, ctx);
  const [list, member] = argsOf(expr, 'contains', 2) ?? [];
  if (list && member) {
    const values = literalList(list);
    const path = refPath(member, ctx);
    return values && path ? at(path, { kind: 'enum', values }) : [];
  }
  return regexConstraint(expr, false, ctx);
}

function extract(expr: Expr, ctx: Context): PathConstraint[] {
  switch (expr.kind) {
    case 'binary':
      return binaryConstraints(expr, ctx);
    case 'call':
      return callConstraints(expr, ctx);
    case 'unary':
      return expr.op === '!' ? regexConstraint(expr.operand, true, ctx) : [];
    case 'conditional':
      // Only a null guard: `ref == null ? true : <c>`, `ref != null ? <c> : true`.
      if (isNullTest(expr.test, '==', ctx) && isTrue(expr.then)) {
        return extract(expr.otherwise, ctx);
      }
      if (isNullTest(expr.test, '!=', ctx) && isTrue(expr.otherwise)) {
        return extract(expr.then, ctx);
      }
      return [];
    default:
      return [];
  }
}

/**
 * What a variable's validation condition requires, as far as it can be told
 * from the common idioms: `contains([...], var.x)`, `can(regex("...",
 * var.x))` (and its negation), comparisons of `var.x` or `length(var.x)`
 * with numbers, `setintersection([...], var.x) == var.x`,
 * `ceil(var.x) == var.x`, joined with `&&`, guarded against null, or applied
 * to each element with `alltrue([for v in var.x : ...])`. A condition, or
 * the part of it, that is not recognised gives nothing: Terraform still
 * checks it when planning.
 */
export function conditionConstraints(
  condition: string,
  variable: string,
): PathConstraint[] {
  let expr: Expr;
  try {
    expr = parseExpression(condition);
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return [];
    throw e;
  }
  return extract(expr, { variable, scope: new Map() });
}
