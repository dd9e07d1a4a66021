import type { TFunction } from 'i18next';
import { ApiError, isErrorCode, NetworkError } from '../api/client';
import { isRole } from '../api/types';

/**
 * The message to show for a failed request: the translation of the problem's `code` when we
 * know it, otherwise the server's `detail` (already safe to show), otherwise a generic line.
 */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (isErrorCode(error.code)) return t(`errors.${error.code}`);
    return error.problem.detail ?? error.problem.title ?? t('errors.UNKNOWN', { status: error.status });
  }
  if (error instanceof NetworkError) return t('errors.NETWORK');
  if (error instanceof Error && error.message) return error.message;
  return t('errors.UNKNOWN', { status: '?' });
}

/** The role's display name, or the raw value for a role this UI does not know yet. */
export function roleLabel(role: string, t: TFunction): string {
  return isRole(role) ? t(`roles.${role}`) : role;
}
