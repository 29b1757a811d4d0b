import fc from 'fast-check';
import {
  CANCELLABLE_STATES,
  checkTransition,
  DRIFT_STATES,
  isRequestState,
  nextStates,
  REQUEST_STATES,
  RequestState,
  TERMINAL_STATES,
} from './lifecycle';

// Property runs are CPU-bound; leave room on a busy machine.
jest.setTimeout(60_000);

/**
 * The whole state machine, written out by hand from DESIGN.md ("Request model
 * and lifecycle"), the re-plan and retry moves, and cancellation from the
 * states before any infrastructure is touched. Anything not listed is refused.
 */
const EXPECTED_TRANSITIONS: readonly string[] = [
  // the main path
  'submitted -> rejected',
  'submitted -> planning',
  'planning -> planned',
  'planning -> plan_failed',
  'planned -> awaiting_approval',
  'awaiting_approval -> approved',
  'approved -> applying',
  'applying -> applied',
  'applying -> apply_failed',
  'applied -> destroying',
  'destroying -> destroyed',
  'destroying -> destroy_failed',
  // re-plan and retry
  'planned -> planning',
  'plan_failed -> planning',
  'awaiting_approval -> planning',
  'applied -> planning',
  'apply_failed -> applying',
  'apply_failed -> planning',
  'apply_failed -> destroying',
  'destroy_failed -> destroying',
  // cancellation, before anything is applied
  'submitted -> cancelled',
  'planning -> cancelled',
  'planned -> cancelled',
  'plan_failed -> cancelled',
  'awaiting_approval -> cancelled',
  'approved -> cancelled',
];

const ALL_PAIRS: [RequestState, RequestState][] = REQUEST_STATES.flatMap(from =>
  REQUEST_STATES.map((to): [RequestState, RequestState] => [from, to]),
);

const anyState = fc.constantFrom(...REQUEST_STATES);

/** Every state reachable from `start` by legal moves, `start` included. */
function reachableFrom(start: RequestState): Set<RequestState> {
  const seen = new Set<RequestState>([start]);
  const queue: RequestState[] = [start];
  for (let state = queue.shift(); state; state = queue.shift()) {
    for (const next of nextStates(state)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A shortest chain of legal moves from `from` to `to`, both included. */
function pathBetween(
  from: RequestState,
  to: RequestState,
): RequestState[] | undefined {
  const previous = new Map<RequestState, RequestState | null>([[from, null]]);
  const queue: RequestState[] = [from];
  for (let state = queue.shift(); state; state = queue.shift()) {
    if (state === to) {
      const path: RequestState[] = [];
      for (let s: RequestState | null = to; s; s = previous.get(s) ?? null) {
        path.unshift(s);
      }
      return path;
    }
    for (const next of nextStates(state)) {
      if (!previous.has(next)) {
        previous.set(next, state);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** The states visited from `start`, taking each proposed move that is allowed. */
function walkFrom(
  start: RequestState,
  proposals: readonly RequestState[],
): RequestState[] {
  const walk: RequestState[] = [start];
  for (const to of proposals) {
    if (checkTransition(walk[walk.length - 1], to).allowed) {
      walk.push(to);
    }
  }
  return walk;
}

/** One step of a steered walk: which allowed move, and whether to avoid ending. */
const step = fc.record({
  choice: fc.nat({ max: 1000 }),
  avoidEnd: fc.nat({ max: 9 }).map(n => n > 0),
});

/**
 * The states visited from `start`, taking one allowed move per step and
 * preferring moves to live states when asked, so that walks go deep.
 */
function steerFrom(
  start: RequestState,
  steps: readonly { choice: number; avoidEnd: boolean }[],
): RequestState[] {
  const walk: RequestState[] = [start];
  for (const { choice, avoidEnd } of steps) {
    const options = nextStates(walk[walk.length - 1]);
    const live = options.filter(s => !TERMINAL_STATES.includes(s));
    const pool = avoidEnd && live.length > 0 ? live : options;
    if (pool.length === 0) {
      break;
    }
    walk.push(pool[choice % pool.length]);
  }
  return walk;
}

function expectLegalChain(path: readonly RequestState[]) {
  for (let i = 1; i < path.length; i++) {
    expect(checkTransition(path[i - 1], path[i])).toEqual({
      allowed: true,
      from: path[i - 1],
      to: path[i],
    });
  }
}

describe('request states', () => {
  it('are the fourteen states of the design, each once', () => {
    expect([...REQUEST_STATES].sort()).toEqual(
      [
        'submitted',
        'rejected',
        'planning',
        'planned',
        'plan_failed',
        'awaiting_approval',
        'approved',
        'applying',
        'applied',
        'apply_failed',
        'destroying',
        'destroyed',
        'destroy_failed',
        'cancelled',
      ].sort(),
    );
    expect(new Set(REQUEST_STATES).size).toBe(REQUEST_STATES.length);
  });

  it('recognises exactly those names', () => {
    for (const state of REQUEST_STATES) {
      expect(isRequestState(state)).toBe(true);
    }
    for (const other of [
      'APPLIED',
      'Applied',
      ' applied',
      'applied ',
      '',
      'in_sync',
      'drifted',
      'constructor',
      '__proto__',
      'toString',
    ]) {
      expect(isRequestState(other)).toBe(false);
    }
  });

  it('keeps drift out of the lifecycle', () => {
    for (const drift of DRIFT_STATES) {
      expect(isRequestState(drift)).toBe(false);
    }
  });
});

describe('checkTransition over all 14 x 14 pairs', () => {
  it('allows exactly the transitions of the expected table', () => {
    expect(ALL_PAIRS).toHaveLength(196);
    const allowed = ALL_PAIRS.filter(
      ([from, to]) => checkTransition(from, to).allowed,
    ).map(([from, to]) => `${from} -> ${to}`);
    expect(allowed.sort()).toEqual([...EXPECTED_TRANSITIONS].sort());
    expect(new Set(EXPECTED_TRANSITIONS).size).toBe(
      EXPECTED_TRANSITIONS.length,
    );
  });

  it.each(ALL_PAIRS)('%s -> %s: an answer that fits the table', (from, to) => {
    const allowed = EXPECTED_TRANSITIONS.includes(`${from} -> ${to}`);
    // A refusal names the state the request is in and, from a live state,
    // the move that was refused; from a final state it says so.
    const refusal = TERMINAL_STATES.includes(from)
      ? new RegExp(`\\b${from}\\b.*\\bfinal\\b`)
      : new RegExp(`\\b${from}\\b.*\\b${to}\\b`);
    const whenAllowed = { allowed: true, from, to };
    const whenRefused = {
      allowed: false,
      from,
      to,
      reason: expect.stringMatching(refusal),
    };
    expect(checkTransition(from, to)).toEqual(
      allowed ? whenAllowed : whenRefused,
    );
  });

  it('never allows staying in place or going back to submitted', () => {
    for (const state of REQUEST_STATES) {
      expect(checkTransition(state, state).allowed).toBe(false);
      expect(checkTransition(state, 'submitted').allowed).toBe(false);
    }
  });

  it('tells a refused caller where the request can go instead', () => {
    const result = checkTransition('planned', 'applying');
    expect(result).toEqual({
      allowed: false,
      from: 'planned',
      to: 'applying',
      reason: expect.stringContaining('awaiting_approval, planning, cancelled'),
    });
  });
});

describe('terminal states', () => {
  it('are rejected, destroyed and cancelled', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(
      ['cancelled', 'destroyed', 'rejected'].sort(),
    );
  });

  it.each([...TERMINAL_STATES])('%s has no exit', state => {
    expect(nextStates(state)).toEqual([]);
    for (const to of REQUEST_STATES) {
      expect(checkTransition(state, to).allowed).toBe(false);
    }
  });

  it('are exactly the states without an exit', () => {
    const dead = REQUEST_STATES.filter(s => nextStates(s).length === 0);
    expect([...dead].sort()).toEqual([...TERMINAL_STATES].sort());
  });
});

describe('cancellation', () => {
  it('is possible exactly from the states before apply', () => {
    expect([...CANCELLABLE_STATES].sort()).toEqual(
      [
        'submitted',
        'planning',
        'planned',
        'plan_failed',
        'awaiting_approval',
        'approved',
      ].sort(),
    );
    for (const from of REQUEST_STATES) {
      expect(checkTransition(from, 'cancelled').allowed).toBe(
        CANCELLABLE_STATES.includes(from),
      );
    }
  });

  it('explains why touched infrastructure cannot be cancelled', () => {
    for (const from of [
      'applying',
      'applied',
      'apply_failed',
      'destroying',
      'destroy_failed',
    ] as const) {
      const result = checkTransition(from, 'cancelled');
      expect(result).toEqual({
        allowed: false,
        from,
        to: 'cancelled',
        reason: `a request that is ${from} can no longer be cancelled`,
      });
    }
  });
});

describe('nextStates', () => {
  it.each([...REQUEST_STATES])('%s: valid, distinct states only', state => {
    const next = nextStates(state);
    expect(next.every(s => isRequestState(s))).toBe(true);
    expect(new Set(next).size).toBe(next.length);
  });

  it.each([...REQUEST_STATES])(
    '%s: a fresh list, so a caller cannot widen the machine',
    state => {
      const before = [...nextStates(state)];
      const target = state === 'submitted' ? 'applied' : 'submitted';
      (nextStates(state) as RequestState[]).push(target);
      expect(nextStates(state)).toEqual(before);
      expect(checkTransition(state, target).allowed).toBe(false);
    },
  );
});

describe('state machine properties', () => {
  it('agrees with nextStates for arbitrary pairs', () => {
    fc.assert(
      fc.property(anyState, anyState, (from, to) => {
        expect(checkTransition(from, to).allowed).toBe(
          nextStates(from).includes(to),
        );
      }),
    );
  });

  it('random walks of allowed moves from submitted stay inside the machine and never leave a terminal state', () => {
    fc.assert(
      fc.property(
        // Proposed moves, arbitrary; the walk takes those checkTransition allows.
        fc.array(anyState, { minLength: 1, maxLength: 300, size: 'max' }),
        proposals => {
          const walk = walkFrom('submitted', proposals);
          expect(walk.every(state => isRequestState(state))).toBe(true);
          // Each step taken was a legal move ...
          expect(
            walk.slice(1).filter((to, i) => !nextStates(walk[i]).includes(to)),
          ).toEqual([]);
          // ... and a terminal state, once reached, is never left.
          expect(
            walk.slice(0, -1).filter(state => TERMINAL_STATES.includes(state)),
          ).toEqual([]);
          const last = walk[walk.length - 1];
          expect(
            REQUEST_STATES.some(to => checkTransition(last, to).allowed),
          ).toBe(!TERMINAL_STATES.includes(last));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random walks that mostly avoid ending obey the same rules and meet every state', () => {
    const seen = new Map<RequestState, number>();
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100, size: 'max' }), steps => {
        const walk = steerFrom('submitted', steps);
        walk.forEach(state => seen.set(state, (seen.get(state) ?? 0) + 1));
        expect(
          walk
            .slice(1)
            .filter((to, i) => !checkTransition(walk[i], to).allowed),
        ).toEqual([]);
        expect(
          walk.slice(0, -1).filter(state => TERMINAL_STATES.includes(state)),
        ).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // The walks were not stuck near the start: they went everywhere.
    expect([...seen.keys()].sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('along any random walk, a terminal state is still reachable from every live state', () => {
    fc.assert(
      fc.property(
        anyState,
        fc.array(anyState, { maxLength: 100, size: 'max' }),
        (start, proposals) => {
          const stuck = walkFrom(start, proposals).filter(
            state =>
              !TERMINAL_STATES.includes(state) &&
              !TERMINAL_STATES.some(t => reachableFrom(state).has(t)),
          );
          expect(stuck).toEqual([]);
        },
      ),
    );
  });

  it('reaches every state from submitted by legal moves', () => {
    fc.assert(
      fc.property(anyState, target => {
        const path = pathBetween('submitted', target);
        expect(path).toBeDefined();
        expect(path?.[0]).toBe('submitted');
        expect(path?.[path.length - 1]).toBe(target);
        expectLegalChain(path ?? []);
      }),
    );
    expect([...reachableFrom('submitted')].sort()).toEqual(
      [...REQUEST_STATES].sort(),
    );
  });

  it.each(REQUEST_STATES.filter(s => !TERMINAL_STATES.includes(s)))(
    'from %s some terminal state is reachable',
    from => {
      const paths = TERMINAL_STATES.map(t => pathBetween(from, t)).filter(
        (p): p is RequestState[] => p !== undefined,
      );
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        expectLegalChain(path);
      }
    },
  );
});
