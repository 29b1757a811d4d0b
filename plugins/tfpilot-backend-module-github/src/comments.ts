import {
  renderComment,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { GithubExecutorStore } from './database/GithubExecutorStore';
import { GithubOctokit } from './github/client';
import { GithubCallError, githubCall } from './github/errors';

/** The comment's heading: what, where, and how far the request got. */
export function commentTitle(request: TfRequest): string {
  return `${request.module.name}@${request.module.version} · ${request.environment} · ${request.status}`;
}

/** The comment text for a request with a plan; undefined when there is nothing to show. */
export function commentBody(request: TfRequest): string | undefined {
  if (!request.plan) {
    return undefined;
  }
  // A cost estimate of an older plan would mislead next to this plan.
  const cost =
    request.cost && request.cost.runId === request.plan.runId
      ? request.cost.summary
      : undefined;
  const policy = [
    ...(request.policy?.prePlan ?? []),
    ...(request.policy?.postPlan ?? []),
  ];
  return renderComment({
    plan: request.plan.summary,
    ...(cost ? { cost } : {}),
    ...(policy.length ? { policy } : {}),
    title: commentTitle(request),
  });
}

/**
 * Shows a request's plan on its pull request as one comment: created the
 * first time (1 call) and updated in place afterwards (1 call). A stored
 * comment deleted on GitHub is replaced by a new one.
 */
export async function publishComment(options: {
  octokit: GithubOctokit;
  repository: { owner: string; repo: string };
  store: GithubExecutorStore;
  request: TfRequest;
}): Promise<'created' | 'updated' | 'skipped'> {
  const { octokit, repository, store, request } = options;
  const pull = request.pullRequest;
  const body = commentBody(request);
  if (!pull || body === undefined) {
    return 'skipped';
  }
  const stored = await store.getComment(request.id);
  if (stored && stored.pullNumber === pull.number) {
    try {
      await githubCall('update comment', () =>
        octokit.rest.issues.updateComment({
          ...repository,
          comment_id: stored.commentId,
          body,
        }),
      );
      return 'updated';
    } catch (error) {
      if (!(error instanceof GithubCallError && error.status === 404)) {
        throw error;
      }
    }
  }
  const { data } = await githubCall('create comment', () =>
    octokit.rest.issues.createComment({
      ...repository,
      issue_number: pull.number,
      body,
    }),
  );
  await store.saveComment(request.id, {
    pullNumber: pull.number,
    commentId: data.id,
  });
  return 'created';
}
