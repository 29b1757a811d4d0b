export {
  inspectModule,
  ModuleFormatError,
  MODULE_FILE_MAX_BYTES,
} from './inspectModule';
export { stopHclParser } from './hcl';
