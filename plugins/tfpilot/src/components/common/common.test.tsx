import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import {
  RequestState,
  REQUEST_STATES,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { responseError } from '../../__testUtils__';
import { ApiErrorPanel, remedyFor } from './ApiErrorPanel';
import { RequestStatus } from './RequestStatus';
import { formatDuration, formatRelative } from './time';

describe('RequestStatus', () => {
  it.each(REQUEST_STATES.map(s => [s]))(
    'names the state %s in words',
    async status => {
      await renderInTestApp(<RequestStatus status={status as RequestState} />);
      expect(screen.getByText(status.replace(/_/g, ' '))).toBeInTheDocument();
    },
  );
});

describe('ApiErrorPanel', () => {
  it('says what failed, the backend message and what to do', async () => {
    const error = await responseError(403, 'not allowed', 'NotAllowedError');
    renderInTestApp(<ApiErrorPanel title="Could not load X" error={error} />);
    expect(await screen.findByText(/Could not load X/)).toBeInTheDocument();
    expect(screen.getAllByText(/not allowed/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Ask a TfPilot administrator/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('tells an unreachable backend from a failing one', async () => {
    expect(remedyFor(new TypeError('Failed to fetch'))).toMatch(
      /could not be reached/,
    );
    expect(remedyFor(await responseError(500, 'boom'))).toMatch(
      /Retry in a moment/,
    );
    expect(remedyFor(await responseError(401, 'expired'))).toMatch(
      /Sign in again/,
    );
  });
});

describe('time', () => {
  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(65)).toBe('1m 05s');
    expect(formatDuration(3725)).toBe('1h 02m');
  });

  it('formats times relative to now', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(formatRelative('2026-11-20T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-19T12:00:00Z', now)).toBe('yesterday');
  });
});
