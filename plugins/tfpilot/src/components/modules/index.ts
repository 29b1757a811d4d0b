export { ModuleCatalogContent, ModuleCatalogPage } from './ModuleCatalogPage';
export {
  EntityTfpilotModuleCard,
  ModuleEntityContent,
} from './ModuleEntityContent';
export { createFromTemplateRouteRef, modulesRouteRef } from './routes';
