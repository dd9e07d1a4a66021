/** The customer's mandatory-action tasks (PRODUCT.md §4). */
export function CustomerTasksPanel(_props: { customerId: string }) {
  return null;
}
