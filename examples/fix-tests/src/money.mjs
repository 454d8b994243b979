/** Format an amount in cents: formatCents(1230, 'EUR') → "€12.30", formatCents(-5, 'USD') → "-$0.05". */
const SYMBOLS = { EUR: '€', USD: '$', GBP: '£' };

export function formatCents(cents, currency) {
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const units = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${symbol}${units}.${rest}`;
}
