import { GithubTestServer } from './GithubTestServer';

/**
 * Throws, listing them, when the server answered anything GitHub's
 * description does not allow; use in `afterEach`.
 */
export function expectNoSchemaViolations(server: GithubTestServer): void {
  const violations = server.schemaViolations;
  if (violations.length === 0) return;
  const listed = violations
    .map(
      v => `${v.operation} ${v.status}:\n  ${v.errors.replace(/\n/g, '\n  ')}`,
    )
    .join('\n');
  throw new Error(
    `${violations.length} response(s) did not match GitHub's OpenAPI description:\n${listed}`,
  );
}
