import { unzipSync } from 'fflate';
import { GithubOctokit } from './github/client';
import { githubCall } from './github/errors';

/**
 * Largest artifact the executor downloads, and largest total of the files it
 * unpacks from one: both are held in memory. Plans of a few thousand
 * resources are a few tens of MiB.
 */
export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

/** Files unpacked from an artifact, by path inside the zip. */
export type ArtifactFiles = Map<string, Buffer>;

/** A run's artifact that could not be used; its message becomes the run's. */
export class ArtifactError extends Error {}

interface Repository {
  owner: string;
  repo: string;
}

/** Strips `./` so a zip made either way names files alike. */
function normalise(name: string): string {
  return name.replace(/^(\.\/)+/, '');
}

/**
 * Unpacks the wanted files of a zip, refusing one that would unpack to more
 * than `maxBytes` (sizes come from the zip's directory, checked before
 * anything is inflated).
 */
export function unpackArtifact(
  zip: Uint8Array,
  wanted: (path: string) => boolean,
  maxBytes = MAX_ARTIFACT_BYTES,
): ArtifactFiles {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: file => {
        if (!wanted(normalise(file.name))) {
          return false;
        }
        total += file.originalSize;
        if (total > maxBytes) {
          throw new ArtifactError(
            `The artifact unpacks to more than ${maxBytes} bytes`,
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ArtifactError) {
      throw error;
    }
    throw new ArtifactError(
      `The artifact is not a readable zip archive: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  const files: ArtifactFiles = new Map();
  for (const [name, data] of Object.entries(entries)) {
    files.set(
      normalise(name),
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  }
  return files;
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (data instanceof Uint8Array) {
    return data;
  }
  return undefined;
}

/**
 * Downloads a run's artifact by name and unpacks the wanted files: two
 * calls, the listing (filtered by name) and the download (GitHub answers it
 * with a redirect to its storage, which fetch follows; the token is not sent
 * to another origin). Returns undefined when the run has no such artifact.
 */
export async function downloadRunArtifact(options: {
  octokit: GithubOctokit;
  repository: Repository;
  workflowRunId: number;
  name: string;
  wanted: (path: string) => boolean;
  maxBytes?: number;
}): Promise<ArtifactFiles | undefined> {
  const { octokit, repository, workflowRunId, name, wanted } = options;
  const maxBytes = options.maxBytes ?? MAX_ARTIFACT_BYTES;
  const { data: listing } = await githubCall('list run artifacts', () =>
    octokit.rest.actions.listWorkflowRunArtifacts({
      ...repository,
      run_id: workflowRunId,
      name,
      per_page: 100,
    }),
  );
  // A re-run attempt uploads again under the same name: the newest counts.
  const artifact = listing.artifacts
    .filter(candidate => candidate.name === name && !candidate.expired)
    .sort((a, b) => b.id - a.id)[0];
  if (!artifact) {
    return undefined;
  }
  if (artifact.size_in_bytes > maxBytes) {
    throw new ArtifactError(
      `Artifact ${name} is ${artifact.size_in_bytes} bytes, more than the ${maxBytes} the executor downloads`,
    );
  }
  const response = await githubCall('download artifact', () =>
    octokit.rest.actions.downloadArtifact({
      ...repository,
      artifact_id: artifact.id,
      archive_format: 'zip',
    }),
  );
  const zip = toBytes(response.data as unknown);
  if (!zip) {
    throw new ArtifactError(`Artifact ${name} did not download as a zip`);
  }
  if (zip.byteLength > maxBytes) {
    throw new ArtifactError(
      `Artifact ${name} is more than the ${maxBytes} bytes the executor downloads`,
    );
  }
  return unpackArtifact(zip, wanted, maxBytes);
}
