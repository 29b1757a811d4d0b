/** The first paragraph of a README that is prose, not a heading, badge or HTML. */
export function readmeSummary(
  readme: string | null | undefined,
): string | undefined {
  if (!readme) return undefined;
  const paragraph = readme
    .split(/\r?\n\s*\r?\n/)
    .map(p => p.trim())
    .find(
      p =>
        p &&
        !p.startsWith('#') &&
        !p.startsWith('[![') &&
        !p.startsWith('<') &&
        !p.startsWith('```'),
    );
  return paragraph?.replace(/\s+/g, ' ');
}
