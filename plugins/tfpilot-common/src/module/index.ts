export * from './types';
export {
  formatModuleType,
  formatModuleValue,
  renderModuleMarkdown,
  renderModuleText,
} from './render';
export * from './form';
