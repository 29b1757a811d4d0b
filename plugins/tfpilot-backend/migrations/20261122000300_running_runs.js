// @ts-check

/**
 * How many runs of a request are still in flight, so the reconciler finds
 * the requests it must ask the executor about without reading every record.
 * Existing rows are filled from their stored records by the next reindex.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.integer('running_runs').notNullable().defaultTo(0);
    table.index(['running_runs'], 'tfpilot_requests_running_runs_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropIndex([], 'tfpilot_requests_running_runs_idx');
  });
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropColumn('running_runs');
  });
};
