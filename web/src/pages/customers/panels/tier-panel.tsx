export function TierPanel(_props: { customerId: string }) {
  return null;
}
