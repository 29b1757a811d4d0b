/**
 * Shared test utilities of TfPilot: databases of the test setup, test servers.
 *
 * @packageDocumentation
 */
export { createTestDatabases } from './databases';
export { readFixture, SHARED_FIXTURES_DIR } from './fixtures';
export * from './github';
export * from './slack';
