import { Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useOptionalRouteRef } from '../entity/links';
import { templateRouteParams } from './moduleSpec';
import { createFromTemplateRouteRef, modulesRouteRef } from './routes';

/** Where the scaffolder lives when the app does not say. */
const DEFAULT_SCAFFOLDER_PATH = '/create';

/** Values the scaffolder puts into the template's form (`?formData=`). */
export type TemplateFormData = Record<string, string>;

/**
 * A function that links to the scaffolder page of a Template ref, with form
 * values filled in; it answers undefined for a ref that is not a Template.
 */
export function useTemplateLink(): (
  templateRef: string,
  formData?: TemplateFormData,
) => string | undefined {
  const resolve = useRouteRef(createFromTemplateRouteRef);
  return (templateRef, formData) => {
    const params = templateRouteParams(templateRef);
    if (!params) return undefined;
    const path = resolve
      ? resolve(params)
      : `${DEFAULT_SCAFFOLDER_PATH}/templates/${encodeURIComponent(
          params.namespace,
        )}/${encodeURIComponent(params.templateName)}`;
    const values = Object.entries(formData ?? {}).filter(([, v]) => v);
    if (values.length === 0) return path;
    const query = new URLSearchParams({
      formData: JSON.stringify(Object.fromEntries(values)),
    });
    return `${path}?${query}`;
  };
}

/**
 * Link to the module catalog page, optionally for an entity (the page's
 * Request buttons then fill in the template's `entityRef`).
 */
export function useModulesLink(): ((entityRef?: string) => string) | undefined {
  const modules = useOptionalRouteRef(modulesRouteRef);
  if (!modules) return undefined;
  return entityRef =>
    entityRef
      ? `${modules()}?${new URLSearchParams({ entityRef })}`
      : modules();
}

function useEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * Path of an entity's page, or undefined when the app has no catalog entity
 * page (`useRouteRef` runs its inner hooks before it throws, so the hook
 * order holds).
 */
export function useEntityPath(): (entity: Entity) => string | undefined {
  const route = useEntityRoute();
  return entity => route?.(entityRouteParams(entity));
}
