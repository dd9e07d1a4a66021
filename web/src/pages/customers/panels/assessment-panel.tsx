export function AssessmentPanel(_props: { customerId: string }) {
  return null;
}
