// @ts-check

/**
 * What the GitHub executor remembers between a run's start and its end, in
 * the TfPilot plugin's database. Its own migrations table
 * (`tfpilot_github_knex_migrations`) keeps these apart from the backend's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // The pull request of each request: apply merges it when its run ends.
  await knex.schema.createTable('tfpilot_github_pull_requests', table => {
    table.string('request_id', 26).primary().notNullable();
    table.integer('pull_number').notNullable();
    table.string('pull_url', 2048).notNullable();
    table.string('updated_at', 30).notNullable();
  });

  // The plan comment on each pull request, updated in place by later plans.
  await knex.schema.createTable('tfpilot_github_comments', table => {
    table.string('request_id', 26).primary().notNullable();
    table.integer('pull_number').notNullable();
    // GitHub comment ids exceed 32 bits.
    table.bigInteger('comment_id').notNullable();
    table.string('updated_at', 30).notNullable();
  });

  // The requests of each drift batch: a drift run's title names only the batch.
  await knex.schema.createTable('tfpilot_github_drift_batches', table => {
    table.string('batch_id', 40).notNullable();
    table.string('request_id', 26).notNullable();
    table.string('environment', 32).notNullable();
    table.string('created_at', 30).notNullable();
    table.primary(['batch_id', 'request_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tfpilot_github_drift_batches');
  await knex.schema.dropTable('tfpilot_github_comments');
  await knex.schema.dropTable('tfpilot_github_pull_requests');
};
