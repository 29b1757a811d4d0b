import { Route } from './http';
import { githubOperation, GithubOperation } from './openapi';

// Parameters GitHub lets span several path segments (`heads/main`, `a/b.tf`).
const MULTI_SEGMENT = new Set(['ref', 'path']);

export interface CompiledRoute<State> {
  operation: GithubOperation;
  route: Route<State>;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch<State> {
  compiled: CompiledRoute<State>;
  params: Record<string, string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Paths come from GitHub's description, so a route cannot drift from it. */
export function compileRoutes<State>(
  routes: Array<Route<State>>,
): Array<CompiledRoute<State>> {
  return routes.map(route => {
    const operation = githubOperation(route.operation);
    const names: string[] = [];
    const source = operation.pathTemplate
      .split(/(\{[^}]+\})/)
      .map(part => {
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (!name) return escapeRegExp(part);
        names.push(name);
        return MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
      })
      .join('');
    return { operation, route, pattern: new RegExp(`^${source}$`), names };
  });
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function matchRoute<State>(
  routes: Array<CompiledRoute<State>>,
  method: string,
  path: string,
): RouteMatch<State> | undefined {
  for (const compiled of routes) {
    if (compiled.operation.method !== method) continue;
    const found = compiled.pattern.exec(path);
    if (!found) continue;
    const values = found.slice(1).map(decode);
    if (values.some(v => v === undefined)) continue;
    const params = Object.fromEntries(
      compiled.names.map((name, i) => [name, values[i]!]),
    );
    return { compiled, params };
  }
  return undefined;
}
