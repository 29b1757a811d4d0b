import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { PullRequestRef } from '@tfpilot/backstage-plugin-tfpilot-common';
import { Knex } from 'knex';

/** The comment TfPilot keeps on a request's pull request. */
export interface StoredComment {
  pullNumber: number;
  commentId: number;
}

/** A drift batch: one workflow run checking several requests of an environment. */
export interface DriftBatch {
  environment: string;
  requestIds: string[];
}

const PULLS = 'tfpilot_github_pull_requests';
const COMMENTS = 'tfpilot_github_comments';
const BATCHES = 'tfpilot_github_drift_batches';
/** Drift batches are forgotten after this long; their runs ended long before. */
const BATCH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * What the GitHub executor must remember across a run (the pull request to
 * merge, the comment to update, the requests of a drift batch), kept in the
 * TfPilot plugin's database. Answers of GitHub are never cached here: each
 * row is something GitHub cannot tell back without extra calls.
 */
export class GithubExecutorStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static async create(options: {
    database: DatabaseService;
  }): Promise<GithubExecutorStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@tfpilot/backstage-plugin-tfpilot-backend-module-github',
          'migrations',
        ),
        // Apart from the backend plugin's migrations in the same database.
        tableName: 'tfpilot_github_knex_migrations',
      });
    }
    return new GithubExecutorStore(db);
  }

  async savePullRequest(
    requestId: string,
    pullRequest: PullRequestRef,
  ): Promise<void> {
    await this.#db(PULLS)
      .insert({
        request_id: requestId,
        pull_number: pullRequest.number,
        pull_url: pullRequest.url,
        updated_at: new Date().toISOString(),
      })
      .onConflict('request_id')
      .merge();
  }

  async getPullRequest(requestId: string): Promise<PullRequestRef | undefined> {
    const row = await this.#db(PULLS)
      .where({ request_id: requestId })
      .first('pull_number', 'pull_url');
    return row
      ? { number: Number(row.pull_number), url: String(row.pull_url) }
      : undefined;
  }

  async saveComment(requestId: string, comment: StoredComment): Promise<void> {
    await this.#db(COMMENTS)
      .insert({
        request_id: requestId,
        pull_number: comment.pullNumber,
        comment_id: comment.commentId,
        updated_at: new Date().toISOString(),
      })
      .onConflict('request_id')
      .merge();
  }

  async getComment(requestId: string): Promise<StoredComment | undefined> {
    const row = await this.#db(COMMENTS)
      .where({ request_id: requestId })
      .first('pull_number', 'comment_id');
    // PostgreSQL returns bigint columns as strings.
    return row
      ? {
          pullNumber: Number(row.pull_number),
          commentId: Number(row.comment_id),
        }
      : undefined;
  }

  async saveDriftBatch(batchId: string, batch: DriftBatch): Promise<void> {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    await this.#db(BATCHES)
      .where(
        'created_at',
        '<',
        new Date(now - BATCH_RETENTION_MS).toISOString(),
      )
      .delete();
    await this.#db(BATCHES)
      .insert(
        batch.requestIds.map(requestId => ({
          batch_id: batchId,
          request_id: requestId,
          environment: batch.environment,
          created_at: createdAt,
        })),
      )
      .onConflict(['batch_id', 'request_id'])
      .ignore();
  }

  /** Forgets a request's pull request and comment (after cleanup). */
  async forgetRequest(requestId: string): Promise<void> {
    await this.#db(PULLS).where({ request_id: requestId }).delete();
    await this.#db(COMMENTS).where({ request_id: requestId }).delete();
  }

  async getDriftBatch(batchId: string): Promise<DriftBatch | undefined> {
    const rows: Array<{ request_id: string; environment: string }> =
      await this.#db(BATCHES)
        .where({ batch_id: batchId })
        .orderBy('request_id')
        .select('request_id', 'environment');
    if (rows.length === 0) {
      return undefined;
    }
    return {
      environment: rows[0].environment,
      requestIds: rows.map(row => row.request_id),
    };
  }
}
