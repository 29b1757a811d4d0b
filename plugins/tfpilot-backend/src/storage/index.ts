export type { ObjectStore } from './ObjectStore';
export { LocalObjectStore } from './LocalObjectStore';
export {
  S3ObjectStore,
  s3ObjectStoreFromConfig,
  type S3ObjectStoreOptions,
} from './S3ObjectStore';
export {
  createObjectStore,
  DEFAULT_LOCAL_OBJECT_DIR,
} from './createObjectStore';
export {
  ARTIFACT_NAMES,
  LOGS_PREFIX,
  REQUESTS_PREFIX,
  artifactKey,
  eventKey,
  parseRequestRevisionKey,
  requestRevisionKey,
  type ArtifactName,
} from './keys';
