export function IndicatorInputsPanel(_props: { customerId: string }) {
  return null;
}
