import { isJsonObject, JsonObject } from './openapi';

/** A GitHub account as the simulated host knows it. */
export interface Account {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
}

/** Names and addresses of the one simulated repository. */
export interface Site {
  owner: Account;
  repo: string;
  repositoryId: number;
  /** The account the accepted token belongs to. */
  actor: Account;
  defaultBranch: string;
  apiBaseUrl: string;
  htmlBaseUrl: string;
  createdAt: string;
}

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Opaque GraphQL ids; GitHub's are base64 of a typed key, so are these. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0:${type}${id}`).toString('base64');
}

export function fullName(site: Site): string {
  return `${site.owner.login}/${site.repo}`;
}

export function repoApiUrl(site: Site): string {
  return `${site.apiBaseUrl}/repos/${fullName(site)}`;
}

export function repoHtmlUrl(site: Site): string {
  return `${site.htmlBaseUrl}/${fullName(site)}`;
}

/** A `simple-user`. */
export function userObject(site: Site, account: Account): JsonObject {
  const api = `${site.apiBaseUrl}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === 'Organization' ? 'O_' : 'U_', account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${site.htmlBaseUrl}/${account.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** An `organization-simple`, as webhooks carry it. */
export function organizationObject(site: Site): JsonObject {
  const api = `${site.apiBaseUrl}/orgs/${site.owner.login}`;
  return {
    login: site.owner.login,
    id: site.owner.id,
    node_id: nodeId('O_', site.owner.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${site.owner.id}?v=4`,
    description: null,
  };
}

// The templated links every repository object carries.
const REPOSITORY_LINKS: Array<[string, string]> = [
  ['archive_url', '/{archive_format}{/ref}'],
  ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'],
  ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'],
  ['downloads_url', '/downloads'],
  ['events_url', '/events'],
  ['forks_url', '/forks'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['hooks_url', '/hooks'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'],
  ['issues_url', '/issues{/number}'],
  ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'],
  ['languages_url', '/languages'],
  ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'],
  ['releases_url', '/releases{/id}'],
  ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['tags_url', '/tags'],
  ['teams_url', '/teams'],
  ['trees_url', '/git/trees{/sha}'],
];

function repositoryLinks(site: Site): JsonObject {
  const base = repoApiUrl(site);
  return Object.fromEntries(
    REPOSITORY_LINKS.map(([key, suffix]) => [key, `${base}${suffix}`]),
  );
}

/**
 * Every field GitHub's repository objects may carry; the `repository`,
 * `minimal-repository` and webhook shapes are subsets of it.
 */
export function repositoryObject(site: Site, pushedAt: string): JsonObject {
  const host = new URL(site.htmlBaseUrl).host;
  const html = repoHtmlUrl(site);
  return {
    id: site.repositoryId,
    node_id: nodeId('R_', site.repositoryId),
    name: site.repo,
    full_name: fullName(site),
    private: true,
    owner: userObject(site, site.owner),
    html_url: html,
    description: null,
    fork: false,
    url: repoApiUrl(site),
    ...repositoryLinks(site),
    git_url: `git://${host}/${fullName(site)}.git`,
    ssh_url: `git@${host}:${fullName(site)}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: 'HCL',
    size: 1,
    default_branch: site.defaultBranch,
    master_branch: site.defaultBranch,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    forks_count: 0,
    forks: 0,
    open_issues_count: 0,
    open_issues: 0,
    network_count: 0,
    subscribers_count: 1,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    license: null,
    allow_forking: false,
    web_commit_signoff_required: false,
    custom_properties: {},
    pushed_at: pushedAt,
    created_at: site.createdAt,
    updated_at: pushedAt,
  };
}

/** The extra fields `repos/get` answers with. */
export function fullRepositoryObject(site: Site, pushedAt: string): JsonObject {
  return {
    ...repositoryObject(site, pushedAt),
    permissions: {
      admin: false,
      maintain: false,
      push: true,
      triage: true,
      pull: true,
    },
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    use_squash_pr_title_as_default: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE',
    merge_commit_message: 'PR_TITLE',
    temp_clone_token: '',
    ...(site.owner.type === 'Organization'
      ? { organization: userObject(site, site.owner) }
      : {}),
  };
}

/**
 * An object with the keys of a real GitHub object (`template`, from the
 * shared fixtures): values we know replace the template's, keys the template
 * lacks are appended, and keys we do not model keep the template's value.
 */
export function conform(template: unknown, values: JsonObject): JsonObject {
  const base = isJsonObject(template) ? template : {};
  const out: JsonObject = {};
  for (const key of Object.keys(base)) {
    out[key] = key in values ? values[key] : base[key];
  }
  for (const [key, value] of Object.entries(values)) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

/** Only the keys a real GitHub object has, with our values. */
export function pickLike(template: unknown, values: JsonObject): JsonObject {
  const keys = Object.keys(isJsonObject(template) ? template : values);
  return Object.fromEntries(
    keys.filter(key => key in values).map(key => [key, values[key]]),
  );
}

/**
 * Exactly the keys of a real GitHub object, with our values where we have
 * them: webhook payloads keep the shape of the deliveries they copy.
 */
export function overlay(template: unknown, values: JsonObject): JsonObject {
  const base = isJsonObject(template) ? template : {};
  return Object.fromEntries(
    Object.keys(base).map(key => [
      key,
      key in values ? values[key] : base[key],
    ]),
  );
}
