export function SatisfactionPanel(_props: { customerId: string }) {
  return null;
}
