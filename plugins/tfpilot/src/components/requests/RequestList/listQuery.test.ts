import {
  DEFAULT_PAGE_SIZE,
  listQueryToSearch,
  parseListQuery,
  sameFilter,
} from './listQuery';

describe('list query in the URL', () => {
  it('reads comma lists and repeated parameters, and drops unknown states', () => {
    const query = parseListQuery(
      new URLSearchParams(
        'status=planned,bogus&status=applied&environment=prod&module=&owner=user:default/jane&limit=25&cursor=abc',
      ),
    );
    expect(query).toEqual({
      filter: {
        status: ['planned', 'applied'],
        environment: ['prod'],
        owner: ['user:default/jane'],
      },
      cursor: 'abc',
      limit: 25,
    });
  });

  it('falls back to the default page size for sizes the list does not offer', () => {
    expect(parseListQuery(new URLSearchParams('limit=1000')).limit).toBe(
      DEFAULT_PAGE_SIZE,
    );
  });

  it('writes what it reads, leaving defaults out', () => {
    const search =
      '?status=planned%2Capplied&entityRef=component%3Adefault%2Fcheckout&limit=100&cursor=c1';
    expect(listQueryToSearch(parseListQuery(new URLSearchParams(search)))).toBe(
      search,
    );
    expect(listQueryToSearch({ filter: {}, limit: DEFAULT_PAGE_SIZE })).toBe(
      '',
    );
  });

  it('compares filters by their values', () => {
    expect(sameFilter({ status: [] }, {})).toBe(true);
    expect(sameFilter({ module: ['a'] }, { module: ['b'] })).toBe(false);
  });
});
