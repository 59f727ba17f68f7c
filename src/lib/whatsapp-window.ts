/** WhatsApp's customer service window: free-form replies are allowed for 24 hours after the customer's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowClosesAt(lastCustomerMessageAt: Date | string | null | undefined): Date | null {
  if (!lastCustomerMessageAt) return null;
  return new Date(new Date(lastCustomerMessageAt).getTime() + CUSTOMER_SERVICE_WINDOW_MS);
}

export function isWindowOpen(lastCustomerMessageAt: Date | string | null | undefined, now = new Date()): boolean {
  const closes = windowClosesAt(lastCustomerMessageAt);
  return closes !== null && closes.getTime() > now.getTime();
}
