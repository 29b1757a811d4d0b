import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';

/**
 * Catalog entities as the catalog serves them after processing: the spec
 * fields and the relations the processors derive from them.
 */

export function userEntity(
  name: string,
  memberOf: string[],
  style: 'spec+relations' | 'relations' | 'spec' = 'spec+relations',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: style === 'relations' ? {} : { memberOf },
    relations:
      style === 'spec'
        ? []
        : memberOf.map(group => ({
            type: RELATION_MEMBER_OF,
            targetRef: `group:default/${group}`,
          })),
  };
}

export function groupEntity(
  name: string,
  parent?: string,
  style: 'spec+relations' | 'relations' | 'spec' = 'spec+relations',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'team',
      children: [],
      ...(parent && style !== 'relations' ? { parent } : {}),
    },
    relations:
      parent && style !== 'spec'
        ? [{ type: RELATION_CHILD_OF, targetRef: `group:default/${parent}` }]
        : [],
  };
}
