import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@tfpilot/test';
import { GithubExecutorStore } from './GithubExecutorStore';

const databases = createTestDatabases();
const ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';
const OTHER = '01jd8x3m4n5p6q7r8s9t0v1w2y';

describe.each(databases.eachSupportedId())('GithubExecutorStore (%s)', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await GithubExecutorStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('keeps its migrations apart from the backend plugin', async () => {
    const { knex } = await createStore();
    expect(await knex.schema.hasTable('tfpilot_github_knex_migrations')).toBe(
      true,
    );
    expect(await knex.schema.hasTable('tfpilot_knex_migrations')).toBe(false);
  });

  it('remembers the latest pull request and comment of a request', async () => {
    const { store } = await createStore();
    expect(await store.getPullRequest(ID)).toBeUndefined();
    await store.savePullRequest(ID, {
      number: 1,
      url: 'https://github.com/a/b/pull/1',
    });
    await store.savePullRequest(ID, {
      number: 2,
      url: 'https://github.com/a/b/pull/2',
    });
    expect(await store.getPullRequest(ID)).toEqual({
      number: 2,
      url: 'https://github.com/a/b/pull/2',
    });

    // GitHub comment ids do not fit in 32 bits.
    await store.saveComment(ID, {
      pullNumber: 2,
      commentId: 2_345_678_901_234,
    });
    expect(await store.getComment(ID)).toEqual({
      pullNumber: 2,
      commentId: 2_345_678_901_234,
    });

    await store.forgetRequest(ID);
    expect(await store.getPullRequest(ID)).toBeUndefined();
    expect(await store.getComment(ID)).toBeUndefined();
  });

  it('remembers the requests of a drift batch', async () => {
    const { store } = await createStore();
    await store.saveDriftBatch('batch00001', {
      environment: 'prod',
      requestIds: [OTHER, ID],
    });
    // Saving again (a retried dispatch) changes nothing.
    await store.saveDriftBatch('batch00001', {
      environment: 'prod',
      requestIds: [ID],
    });
    expect(await store.getDriftBatch('batch00001')).toEqual({
      environment: 'prod',
      requestIds: [ID, OTHER],
    });
    expect(await store.getDriftBatch('batch00002')).toBeUndefined();
  });
});
