import { conditionConstraints } from './conditions';

describe('conditionConstraints', () => {
  it('reads contains([...], var.x) as an enum', () => {
    expect(
      conditionConstraints(
        'contains(["dev", "stage", "prod"], var.env)',
        'env',
      ),
    ).toEqual([
      {
        path: [],
        constraint: { kind: 'enum', values: ['dev', 'stage', 'prod'] },
      },
    ]);
  });

  it('ignores conditions about other variables and mixed lists', () => {
    expect(conditionConstraints('contains(["a"], var.other)', 'env')).toEqual(
      [],
    );
    expect(conditionConstraints('contains(["a", 1], var.env)', 'env')).toEqual(
      [],
    );
    expect(conditionConstraints('contains(var.list, var.env)', 'env')).toEqual(
      [],
    );
  });

  it('reads regexes, negated ones too', () => {
    expect(conditionConstraints('!can(regex("--", var.name))', 'name')).toEqual(
      [
        {
          path: [],
          constraint: { kind: 'pattern', regex: '--', negated: true },
        },
      ],
    );
  });

  it('looks through null guards and into attributes', () => {
    const expected = [
      {
        path: [{ attribute: 'kind' }],
        constraint: { kind: 'enum', values: ['CanNotDelete', 'ReadOnly'] },
      },
    ];
    expect(
      conditionConstraints(
        'var.lock != null ? contains(["CanNotDelete", "ReadOnly"], var.lock.kind) : true',
        'lock',
      ),
    ).toEqual(expected);
    expect(
      conditionConstraints(
        'var.lock == null ? true : contains(["CanNotDelete", "ReadOnly"], var.lock.kind)',
        'lock',
      ),
    ).toEqual(expected);
    expect(
      conditionConstraints(
        'var.lock == null || contains(["CanNotDelete", "ReadOnly"], var.lock["kind"])',
        'lock',
      ),
    ).toEqual(expected);
  });

  it('applies the body of alltrue([for ...]) to each element', () => {
    expect(
      conditionConstraints(
        'alltrue([for _, v in var.settings : v.lock == null ? true : contains(["A"], v.lock.kind)])',
        'settings',
      ),
    ).toEqual([
      {
        path: ['each', { attribute: 'lock' }, { attribute: 'kind' }],
        constraint: { kind: 'enum', values: ['A'] },
      },
    ]);
  });

  it('does not apply a filtered loop (for ... if) to every element', () => {
    expect(
      conditionConstraints(
        'alltrue([for v in var.x : contains(["a"], v) if v != ""])',
        'x',
      ),
    ).toEqual([]);
  });

  it('reads bounds on values and lengths, either way round', () => {
    expect(
      conditionConstraints(
        'var.days == null ? true : var.days >= 7 && 90 >= var.days',
        'days',
      ).map(c => c.constraint),
    ).toEqual([
      { kind: 'bound', of: 'value', side: 'min', limit: 7, exclusive: false },
      { kind: 'bound', of: 'value', side: 'max', limit: 90, exclusive: false },
    ]);
    expect(
      conditionConstraints('length(var.id) == 36', 'id').map(c => c.constraint),
    ).toEqual([
      { kind: 'bound', of: 'length', side: 'min', limit: 36, exclusive: false },
      { kind: 'bound', of: 'length', side: 'max', limit: 36, exclusive: false },
    ]);
    expect(
      conditionConstraints('var.port > -1', 'port').map(c => c.constraint),
    ).toEqual([
      { kind: 'bound', of: 'value', side: 'min', limit: -1, exclusive: true },
    ]);
  });

  it('reads subsets and whole numbers', () => {
    expect(
      conditionConstraints(
        'alltrue([for _, v in var.p : setintersection(["Get", "List"], v.perms) == v.perms])',
        'p',
      ),
    ).toEqual([
      {
        path: ['each', { attribute: 'perms' }],
        constraint: { kind: 'subset', values: ['Get', 'List'] },
      },
    ]);
    expect(conditionConstraints('ceil(var.n) == var.n', 'n')).toEqual([
      { path: [], constraint: { kind: 'integer' } },
    ]);
  });

  it('keeps what it understands of a conjunction and nothing of a disjunction', () => {
    expect(
      conditionConstraints(
        'contains(["a"], var.x) && startswith(var.x, "a")',
        'x',
      ),
    ).toHaveLength(1);
    expect(
      conditionConstraints(
        'contains(["a"], var.x) || contains(["b"], var.x)',
        'x',
      ),
    ).toEqual([]);
    expect(
      conditionConstraints(
        'var.sku == "premium" || !anytrue([for k in var.keys : endswith(k.type, "-HSM")])',
        'keys',
      ),
    ).toEqual([]);
  });

  it('gives nothing for text outside the supported syntax', () => {
    expect(conditionConstraints('length("${var.x}suffix") < 10', 'x')).toEqual(
      [],
    );
  });
});
