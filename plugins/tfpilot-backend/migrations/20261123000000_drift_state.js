// @ts-check

/**
 * The drift state of each request as a column, so GET /drift filters by it
 * in SQL. Null until a request's first drift check, which reads as
 * `unknown`. Existing rows are filled here from their stored records (only
 * records that mention drift are read).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.string('drift_state', 16).nullable();
  });
  const rows = await knex('tfpilot_requests')
    .select('id', 'record')
    .where('record', 'like', '%"drift":{%');
  for (const row of rows) {
    const state = JSON.parse(row.record)?.drift?.state;
    if (typeof state === 'string') {
      await knex('tfpilot_requests')
        .where({ id: row.id })
        .update({ drift_state: state });
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tfpilot_requests', table => {
    table.dropColumn('drift_state');
  });
};
