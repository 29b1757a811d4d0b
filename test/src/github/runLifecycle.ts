import { zipSync } from 'fflate';
import { createHash, randomBytes } from 'node:crypto';
import {
  ArtifactRecord,
  RepositoryState,
  RunConclusion,
  RunRecord,
} from './state';

/** Files of one artifact: name inside the zip → content. */
export type ArtifactFiles = Record<string, Buffer | string>;

// GitHub keeps artifacts 90 days unless the repository says otherwise.
const RETENTION_MS = 90 * 86_400_000;

/**
 * Where the zip endpoint redirects: a signed URL on this server, standing in
 * for GitHub's short-lived blob storage link (no Authorization needed).
 */
export function artifactBlobUrl(
  state: RepositoryState,
  artifact: ArtifactRecord,
): string {
  const name = encodeURIComponent(`${artifact.name}.zip`);
  return `${state.site.apiBaseUrl}/_blob/artifacts/${artifact.id}/${name}?sig=${artifact.token}`;
}

function zipFiles(files: ArtifactFiles): Uint8Array {
  const entries = Object.fromEntries(
    Object.entries(files).map(([path, content]) => [
      path,
      new Uint8Array(Buffer.from(content)),
    ]),
  );
  return zipSync(entries);
}

function createArtifact(
  state: RepositoryState,
  run: RunRecord,
  name: string,
  files: ArtifactFiles,
): ArtifactRecord {
  const zip = zipFiles(files);
  const created = state.nowDate();
  return {
    id: state.nextId('artifact'),
    name,
    runId: run.id,
    zip,
    digest: `sha256:${createHash('sha256').update(zip).digest('hex')}`,
    createdAt: state.now(),
    expiresAt: new Date(created.getTime() + RETENTION_MS)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    expired: false,
    token: randomBytes(16).toString('hex'),
  };
}

/** The run and its jobs leave the queue. */
export function markStarted(state: RepositoryState, run: RunRecord): void {
  const now = state.now();
  run.status = 'in_progress';
  run.runStartedAt = now;
  run.updatedAt = now;
  for (const job of run.jobs) {
    job.status = 'in_progress';
    job.startedAt = now;
  }
}

/** The jobs finish, uploading their artifacts; the run is still in progress. */
export function markJobsCompleted(
  state: RepositoryState,
  run: RunRecord,
  conclusion: RunConclusion,
  artifacts: Record<string, ArtifactFiles>,
): void {
  const now = state.now();
  for (const job of run.jobs) {
    job.status = 'completed';
    job.conclusion = conclusion;
    job.completedAt = now;
  }
  for (const [name, files] of Object.entries(artifacts)) {
    run.artifacts.push(createArtifact(state, run, name, files));
  }
  run.updatedAt = now;
}

export function markRunCompleted(
  state: RepositoryState,
  run: RunRecord,
  conclusion: RunConclusion,
): void {
  run.status = 'completed';
  run.conclusion = conclusion;
  run.updatedAt = state.now();
}
