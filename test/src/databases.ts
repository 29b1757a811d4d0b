import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const CONNECTION_STRING_VAR =
  /^BACKSTAGE_TEST_DATABASE_(POSTGRES\d+)_CONNECTION_STRING$/;

/**
 * SQLite always, plus every PostgreSQL whose connection string the test setup
 * exported (scripts/services.sh). With TFPILOT_REQUIRE_POSTGRES=1 a missing
 * PostgreSQL is an error, not a silent skip.
 */
export function createTestDatabases(): TestDatabases {
  const postgres = Object.keys(process.env)
    .map(name => CONNECTION_STRING_VAR.exec(name)?.[1])
    .filter((id): id is string => Boolean(id))
    .map(id => id.replace(/^POSTGRES(\d+)$/, 'POSTGRES_$1') as TestDatabaseId);
  if (postgres.length === 0 && process.env.TFPILOT_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'PostgreSQL is required (TFPILOT_REQUIRE_POSTGRES=1) but no BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING is set; run the tests through scripts/test.sh',
    );
  }
  return TestDatabases.create({ ids: ['SQLITE_3', ...postgres] });
}
