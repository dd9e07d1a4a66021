/** "What this customer gets": its entitlements per service item (PRODUCT.md §4). */
export function EntitlementsPanel(_props: { customerId: string }) {
  return null;
}
