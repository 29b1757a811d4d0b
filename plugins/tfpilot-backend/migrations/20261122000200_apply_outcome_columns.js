// @ts-check

/**
 * Apply outcomes per request as columns, so GET /metrics is one index-only
 * GROUP BY over requests instead of a join with the whole event log; and a
 * composite index for the most common list filter (environment + status).
 * Existing rows are filled from their stored records by the next reindex; until
 * then they count zero outcomes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.integer('apply_successes').notNullable().defaultTo(0);
    table.integer('apply_failures').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropIndex([], 'tfpilot_requests_metrics_idx');
    table.index(
      [
        'environment',
        'module_name',
        'status',
        'apply_duration_ms',
        'apply_successes',
        'apply_failures',
      ],
      'tfpilot_requests_metrics2_idx',
    );
    table.index(
      ['environment', 'status', 'created_at', 'id'],
      'tfpilot_requests_env_status_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropIndex([], 'tfpilot_requests_env_status_idx');
    table.dropIndex([], 'tfpilot_requests_metrics2_idx');
    table.index(
      ['environment', 'module_name', 'status', 'apply_duration_ms'],
      'tfpilot_requests_metrics_idx',
    );
  });
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropColumn('apply_successes');
    table.dropColumn('apply_failures');
  });
};
