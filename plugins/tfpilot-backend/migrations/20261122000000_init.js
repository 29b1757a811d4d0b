// @ts-check

/**
 * Query index of TfPilot. Rebuildable from the object store (the system of
 * record), so it holds only what lists, filters and metrics need, plus the
 * latest revision of each request as JSON.
 *
 * Timestamps are ISO-8601 UTC strings of fixed width: they sort the same way
 * on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tfpilot_requests', table => {
    table.string('id', 26).primary().notNullable();
    table.integer('revision').notNullable();
    table.string('status', 32).notNullable();
    table.string('environment', 32).notNullable();
    table.string('module_name', 64).notNullable();
    table.string('module_version', 96).notNullable();
    table.string('entity_ref', 320).notNullable();
    table.string('owner', 320).notNullable();
    table.string('created_at', 30).notNullable();
    table.string('updated_at', 30).notNullable();
    // Duration of the latest successful apply, for metrics.
    table.bigInteger('apply_duration_ms').nullable();
    table.text('record').notNullable();
    table.index(['created_at', 'id'], 'tfpilot_requests_created_idx');
    table.index(['status', 'created_at'], 'tfpilot_requests_status_idx');
    table.index(['environment', 'created_at'], 'tfpilot_requests_env_idx');
    table.index(['module_name', 'created_at'], 'tfpilot_requests_module_idx');
    table.index(['owner', 'created_at'], 'tfpilot_requests_owner_idx');
    table.index(['entity_ref', 'created_at'], 'tfpilot_requests_entity_idx');
  });

  await knex.schema.createTable('tfpilot_events', table => {
    table.string('request_id', 26).notNullable();
    table.integer('seq').notNullable();
    table.string('type', 32).notNullable();
    table.string('from_state', 32).nullable();
    table.string('to_state', 32).notNullable();
    table.string('actor', 320).notNullable();
    table.string('run_id', 64).nullable();
    table.string('at', 30).notNullable();
    table.text('details').notNullable();
    table.primary(['request_id', 'seq']);
    table.index(['at', 'request_id', 'seq'], 'tfpilot_events_at_idx');
    table.index(['type', 'at'], 'tfpilot_events_type_idx');
    table.index(['actor', 'at'], 'tfpilot_events_actor_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tfpilot_events');
  await knex.schema.dropTable('tfpilot_requests');
};
