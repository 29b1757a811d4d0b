import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { isEmailAddress, lowerRef, refKind } from './addresses';

/** Far deeper than any real org chart; guards against cycles too. */
const MAX_GROUP_DEPTH = 20;
/** Email fan-out limit for one route and revision. */
export const MAX_EMAIL_RECIPIENTS = 200;

const FIELDS = ['kind', 'metadata.name', 'metadata.namespace', 'relations'];
const USER_FIELDS = [...FIELDS, 'spec.profile.email'];

/** A person to write to. */
export interface DirectoryUser {
  ref: string;
  email?: string;
}

function relatedRefs(entity: Entity | undefined, type: string): string[] {
  return (entity?.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => lowerRef(relation.targetRef));
}

function emailOf(entity: Entity): string | undefined {
  const profile = entity.spec?.profile;
  const email =
    typeof profile === 'object' && profile !== null && 'email' in profile
      ? profile.email
      : undefined;
  return isEmailAddress(email) ? email : undefined;
}

/**
 * People and groups, read from the catalog's relations (which the catalog
 * derives from `spec.memberOf`, `spec.members`, `spec.parent` and
 * `spec.children`) with TfPilot's own service credentials.
 */
export class CatalogDirectory {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#logger = options.logger;
  }

  /**
   * The users behind `refs`: users as they are, groups as all their members,
   * those of sub-groups included. Users missing from the catalog are
   * returned without an email.
   */
  async users(refs: readonly string[]): Promise<DirectoryUser[]> {
    const userRefs = new Set(refs.filter(r => refKind(r) === 'user'));
    const groups = refs.filter(r => refKind(r) === 'group');
    for (const member of await this.#membersOf(groups)) userRefs.add(member);
    const wanted = [...userRefs].slice(0, MAX_EMAIL_RECIPIENTS);
    if (userRefs.size > wanted.length) {
      this.#logger.warn(
        `Notification recipients of ${groups.join(
          ', ',
        )} exceed ${MAX_EMAIL_RECIPIENTS} users; writing to the first ${MAX_EMAIL_RECIPIENTS}`,
      );
    }
    const entities = await this.#byRefs(wanted, USER_FIELDS);
    return wanted.map((ref, i) => {
      const entity = entities[i];
      const email = entity ? emailOf(entity) : undefined;
      return email ? { ref, email } : { ref };
    });
  }

  /** The groups `userRef` belongs to, directly or through parent groups. */
  async groupsOf(userRef: string): Promise<Set<string>> {
    const [user] = await this.#byRefs([lowerRef(userRef)], FIELDS);
    return this.#walkGroups(relatedRefs(user, RELATION_MEMBER_OF), group =>
      relatedRefs(group, RELATION_CHILD_OF),
    );
  }

  async #membersOf(groups: string[]): Promise<string[]> {
    const members: string[] = [];
    await this.#walkGroups(groups, group => {
      members.push(...relatedRefs(group, RELATION_HAS_MEMBER));
      return relatedRefs(group, RELATION_PARENT_OF);
    });
    return members.filter(ref => refKind(ref) === 'user');
  }

  /**
   * Breadth-first through groups from `start`, following `next` (parents or
   * children); returns every group visited.
   */
  async #walkGroups(
    start: string[],
    next: (group: Entity | undefined) => string[],
  ): Promise<Set<string>> {
    const visited = new Set<string>();
    let frontier = start.map(lowerRef);
    for (let depth = 0; frontier.length > 0; depth++) {
      const fresh = frontier.filter(ref => !visited.has(ref));
      fresh.forEach(ref => visited.add(ref));
      if (fresh.length === 0 || depth >= MAX_GROUP_DEPTH) break;
      const entities = await this.#byRefs(fresh, FIELDS);
      frontier = entities.flatMap(next);
    }
    return visited;
  }

  async #byRefs(
    entityRefs: string[],
    fields: string[],
  ): Promise<(Entity | undefined)[]> {
    if (entityRefs.length === 0) return [];
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs, fields },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return items.map(item => item ?? undefined);
  }
}
