import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Who a user is, for role decisions.
 *
 * @public
 */
export interface TfpilotMembership {
  /** The signed-in user, e.g. `user:default/jane`. */
  userEntityRef: string;
  /**
   * The user's ownership refs from sign-in (the user and the groups the
   * sign-in resolver put in the token). Used as `IS_OWNER` claims.
   */
  ownershipEntityRefs: string[];
  /**
   * Every ref that counts for role membership: the ownership refs, the
   * groups the catalog lists the user as a member of, and all their parent
   * groups. Lower-case.
   */
  membershipRefs: string[];
  /** False when the catalog could not be read completely (fail closed). */
  complete: boolean;
}

/**
 * Resolves a user's groups through the catalog.
 *
 * @public
 */
export interface MembershipResolver {
  resolve(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<TfpilotMembership>;
}

/** How deep parent groups are followed: far more than any real org chart. */
const MAX_GROUP_DEPTH = 20;
/** At most this many users are cached; the oldest entry goes first. */
const MAX_CACHE_ENTRIES = 10_000;

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'spec.memberOf',
  'spec.parent',
  'relations',
];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Refs of the given relation type plus the spec field that produces it. */
function related(
  entity: Entity,
  relationType: string,
  specValues: unknown,
): string[] {
  const refs = (entity.relations ?? [])
    .filter(r => r.type === relationType)
    .map(r => r.targetRef);
  const namespace = entity.metadata.namespace ?? 'default';
  const fromSpec = (Array.isArray(specValues) ? specValues : [specValues])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .flatMap(v => {
      try {
        return [
          stringifyEntityRef(
            parseEntityRef(v, {
              defaultKind: 'group',
              defaultNamespace: namespace,
            }),
          ),
        ];
      } catch {
        return [];
      }
    });
  return [...refs, ...fromSpec];
}

function isGroupRef(ref: string): boolean {
  try {
    return lower(parseEntityRef(ref).kind) === 'group';
  } catch {
    return false;
  }
}

/**
 * Group membership from the catalog: the user entity's `memberOf` relations
 * (and `spec.memberOf`), then each group's parents (`childOf` /
 * `spec.parent`) up the tree, combined with the sign-in ownership refs.
 *
 * The catalog is read with the permission plugin's own service credentials
 * (reading it as the user would make the catalog ask this policy again).
 * Results are cached briefly per user. When the catalog cannot be read, the
 * user keeps what could be proven (the sign-in refs and whatever was read
 * before the failure) and the result is not cached: fail closed.
 *
 * @public
 */
export class CatalogMembershipResolver implements MembershipResolver {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #userInfo: UserInfoService;
  readonly #logger: LoggerService;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<
    string,
    { expiresAt: number; value: Promise<TfpilotMembership> }
  >();

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    userInfo: UserInfoService;
    logger: LoggerService;
    /** How long a result is reused; 0 disables caching. */
    cacheSeconds: number;
    /** Clock, for tests. */
    now?: () => number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#userInfo = options.userInfo;
    this.#logger = options.logger;
    this.#ttlMs = options.cacheSeconds * 1000;
    this.#now = options.now ?? Date.now;
  }

  async resolve(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<TfpilotMembership> {
    const userEntityRef = credentials.principal.userEntityRef;
    let ownershipEntityRefs: string[];
    try {
      ({ ownershipEntityRefs } = await this.#userInfo.getUserInfo(credentials));
    } catch (error) {
      this.#logger.warn(
        `Could not read the sign-in ownership of ${userEntityRef}; deciding on the user ref alone: ${error}`,
      );
      ownershipEntityRefs = [];
    }
    const signIn = [...new Set([userEntityRef, ...ownershipEntityRefs])];
    const key = [lower(userEntityRef), ...signIn.map(lower).sort()].join('|');

    const now = this.#now();
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.value;
    }
    const value = this.#lookUp(userEntityRef, signIn);
    if (this.#ttlMs > 0) {
      this.#cache.delete(key);
      this.#cache.set(key, { expiresAt: now + this.#ttlMs, value });
      if (this.#cache.size > MAX_CACHE_ENTRIES) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
      void value.then(result => {
        // Only complete answers are reused; a failed lookup is retried.
        if (!result.complete && this.#cache.get(key)?.value === value) {
          this.#cache.delete(key);
        }
      });
    }
    return value;
  }

  async #lookUp(
    userEntityRef: string,
    signIn: string[],
  ): Promise<TfpilotMembership> {
    const proven = new Set(signIn.map(lower));
    const result = (complete: boolean): TfpilotMembership => ({
      userEntityRef,
      ownershipEntityRefs: signIn,
      membershipRefs: [...proven],
      complete,
    });
    try {
      const credentialsOptions = {
        credentials: await this.#auth.getOwnServiceCredentials(),
      };
      const user = await this.#catalog.getEntityByRef(
        userEntityRef,
        credentialsOptions,
      );
      let frontier = [
        ...signIn.filter(isGroupRef),
        ...(user
          ? related(user, RELATION_MEMBER_OF, user.spec?.memberOf).filter(
              isGroupRef,
            )
          : []),
      ];
      const visited = new Set<string>();
      for (let depth = 0; frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const ref of frontier) {
          if (!visited.has(lower(ref))) {
            visited.add(lower(ref));
            proven.add(lower(ref));
            next.push(ref);
          }
        }
        if (next.length === 0) break;
        if (depth >= MAX_GROUP_DEPTH) {
          this.#logger.warn(
            `Group hierarchy of ${userEntityRef} is deeper than ${MAX_GROUP_DEPTH} levels; ignoring groups above`,
          );
          break;
        }
        const { items } = await this.#catalog.getEntitiesByRefs(
          { entityRefs: next, fields: ENTITY_FIELDS },
          credentialsOptions,
        );
        frontier = items.flatMap(group =>
          group
            ? related(group, RELATION_CHILD_OF, group.spec?.parent).filter(
                isGroupRef,
              )
            : [],
        );
      }
      return result(true);
    } catch (error) {
      this.#logger.warn(
        `Could not resolve the groups of ${userEntityRef} through the catalog; deciding on the ${proven.size} refs proven so far: ${error}`,
      );
      return result(false);
    }
  }
}
