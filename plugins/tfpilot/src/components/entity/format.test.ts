import { formatMoney, formatMoneyChange } from './format';

describe('format', () => {
  it('formats money, with a sign for changes', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(3, 'EUR')).toBe('€3.00');
    expect(formatMoney(3, 'not a code')).toBe('3.00 not a code');
    expect(formatMoneyChange(12, 'USD')).toBe('+$12.00');
    expect(formatMoneyChange(-3.1, 'USD')).toBe('-$3.10');
    expect(formatMoneyChange(0, 'USD')).toBe('$0.00');
  });
});
