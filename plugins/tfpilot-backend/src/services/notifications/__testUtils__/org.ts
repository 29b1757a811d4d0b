import { Entity } from '@backstage/catalog-model';

type Relation = { type: string; targetRef: string };

function user(name: string, groups: string[], email?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: email ? { email } : {}, memberOf: groups },
    relations: groups.map(groupName => ({
      type: 'memberOf',
      targetRef: `group:default/${groupName}`,
    })),
  };
}

function group(
  name: string,
  options: { parent?: string; children?: string[]; members?: string[] },
): Entity {
  const relations: Relation[] = [
    ...(options.parent
      ? [{ type: 'childOf', targetRef: `group:default/${options.parent}` }]
      : []),
    ...(options.children ?? []).map(child => ({
      type: 'parentOf',
      targetRef: `group:default/${child}`,
    })),
    ...(options.members ?? []).map(member => ({
      type: 'hasMember',
      targetRef: `user:default/${member}`,
    })),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: options.children ?? [] },
    relations,
  };
}

/**
 * A small organisation as the catalog returns it, relations included:
 * platform (kim, lee without email) with sub-team sre (sam); team-a with
 * sub-team team-a-devs (jane); team-b (bob).
 */
export const ORG: Entity[] = [
  user('jane', ['team-a-devs'], 'jane@example.com'),
  user('kim', ['platform'], 'kim@example.com'),
  user('lee', ['platform']),
  user('sam', ['sre'], 'sam@example.com'),
  user('bob', ['team-b'], 'bob@example.com'),
  group('platform', { children: ['sre'], members: ['kim', 'lee'] }),
  group('sre', { parent: 'platform', members: ['sam'] }),
  group('team-a', { children: ['team-a-devs'] }),
  group('team-a-devs', { parent: 'team-a', members: ['jane'] }),
  group('team-b', { members: ['bob'] }),
];
