/**
 * The tier scheme in force (PRODUCT.md §2): the one of the ACTIVE value model — China Telecom
 * 1A–5A with stars, or China Mobile group classes A/B/C. `GET /value-models` is open to every
 * signed-in user; until it answers (or when it fails) the telecom scheme is assumed.
 */
import { useApi } from '../../api/use-api';
import { findValueModels, type TierScheme } from '../../api/value';

export type ActiveScheme = { scheme: TierScheme; loading: boolean };

export function useActiveScheme(): ActiveScheme {
  const models = useApi((signal) => findValueModels(signal).catch(() => []), []);
  const active = (models.data ?? []).find((m) => m.status === 'active');
  return { scheme: active?.definition.tiering.scheme ?? 'telecom', loading: models.loading };
}
