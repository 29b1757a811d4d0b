import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CostSparkline, stepChartPoints } from './CostSparkline';

const steps = [
  { at: '2024-05-01T00:00:00.000Z', requestId: 'a', amount: 10, total: 10 },
  { at: '2024-05-03T00:00:00.000Z', requestId: 'b', amount: 30, total: 40 },
];

describe('stepChartPoints', () => {
  it('draws the running total as steps up to the end time', () => {
    const points = stepChartPoints(steps, {
      width: 100,
      height: 50,
      padding: 0,
      endTime: Date.parse('2024-05-05T00:00:00.000Z'),
    });
    // 10 of 40 is a quarter of the height above the bottom; 40 is the top.
    expect(points).toEqual([
      { x: 0, y: 37.5 },
      { x: 50, y: 37.5 },
      { x: 50, y: 0 },
      { x: 100, y: 0 },
    ]);
  });

  it('spreads steps made at one instant and draws zero at the bottom', () => {
    const points = stepChartPoints(
      [
        { at: '2024-05-01T00:00:00.000Z', total: 0 },
        { at: '2024-05-01T00:00:00.000Z', total: 0 },
      ],
      { width: 100, height: 50, padding: 0, endTime: 0 },
    );
    expect(points).toEqual([
      { x: 0, y: 50 },
      { x: 50, y: 50 },
      { x: 50, y: 50 },
      { x: 100, y: 50 },
    ]);
    expect(
      stepChartPoints([], { width: 1, height: 1, padding: 0, endTime: 0 }),
    ).toEqual([]);
  });
});

describe('CostSparkline', () => {
  it('is an image described in words, with a tooltip per step', async () => {
    await renderInTestApp(
      <CostSparkline
        steps={steps}
        currency="USD"
        endTime={Date.parse('2024-05-05T00:00:00.000Z')}
      />,
    );
    const chart = screen.getByRole('img', {
      name: /from \$10\.00 on 2024-05-01 00:00:00 UTC to \$40\.00 on 2024-05-03 00:00:00 UTC/,
    });
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(chart.querySelector('circle title')?.textContent).toBe(
      '2024-05-01 00:00:00 UTC: request a +$10.00, total $10.00',
    );
  });
});
