import { ApiResponse } from './http';
import { RepositoryState } from './state';

// What Azure blob storage answers a bad signature with.
const BLOB_DENIED =
  '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>' +
  '<Message>Server failed to authenticate the request.</Message></Error>';

/** A download outside the REST API, and the name it is counted under. */
export interface DownloadAnswer {
  operation: string;
  response: ApiResponse;
}

function artifactBlob(
  state: RepositoryState,
  url: URL,
): DownloadAnswer | undefined {
  const found = /^\/_blob\/artifacts\/(\d+)\//.exec(url.pathname);
  if (!found) return undefined;
  const artifact = state.artifact(Number(found[1]));
  const signed = artifact && url.searchParams.get('sig') === artifact.token;
  const response: ApiResponse = signed
    ? {
        status: 200,
        raw: { contentType: 'application/zip', data: artifact.zip },
      }
    : {
        status: 403,
        raw: { contentType: 'application/xml', data: Buffer.from(BLOB_DENIED) },
      };
  return { operation: 'blob/download-artifact', response };
}

function rawFile(state: RepositoryState, url: URL): DownloadAnswer | undefined {
  const found = /^\/_raw\/[^/]+\/[^/]+\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!found) return undefined;
  const content = state.git
    .resolve(decodeURIComponent(found[1]))
    ?.files.get(decodeURIComponent(found[2]));
  const response: ApiResponse = {
    status: content ? 200 : 404,
    raw: {
      contentType: 'text/plain; charset=utf-8',
      data: content ?? Buffer.from('404: Not Found'),
    },
  };
  return { operation: 'raw/get-file', response };
}

/**
 * The signed artifact URLs the zip endpoint redirects to, and the raw file
 * URLs of `download_url`: like GitHub's, they need no token.
 */
export function answerDownload(
  state: RepositoryState,
  url: URL,
): DownloadAnswer | undefined {
  return artifactBlob(state, url) ?? rawFile(state, url);
}
