/**
 * Shared test utilities of TfPilot: databases of the test setup, test servers.
 *
 * @packageDocumentation
 */
export { createTestDatabases } from './databases';
