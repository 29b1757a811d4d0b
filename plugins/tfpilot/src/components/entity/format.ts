/** `1234.5` in `USD` → `$1,234.50`; an unknown currency code is written after the amount. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Like {@link formatMoney}, with a sign for increases: `+$12.00`, `-$3.10`. */
export function formatMoneyChange(amount: number, currency: string): string {
  const text = formatMoney(Math.abs(amount), currency);
  if (amount > 0) return `+${text}`;
  if (amount < 0) return `-${text}`;
  return text;
}
