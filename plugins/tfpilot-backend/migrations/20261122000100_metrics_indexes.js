// @ts-check

/**
 * Covering indexes for GET /metrics: both aggregates become index-only scans
 * instead of reading every request's JSON record.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.index(
      ['environment', 'module_name', 'status', 'apply_duration_ms'],
      'tfpilot_requests_metrics_idx',
    );
  });
  await knex.schema.alterTable('tfpilot_events', table => {
    table.index(['type', 'request_id'], 'tfpilot_events_outcome_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tfpilot_events', table => {
    table.dropIndex([], 'tfpilot_events_outcome_idx');
  });
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropIndex([], 'tfpilot_requests_metrics_idx');
  });
};
