import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { describeError } from '../i18n/describe-error';

type Props = { error: unknown; onClose?: () => void; showFieldIssues?: boolean };

/** A failed request, translated by its problem `code`, with the request id for support. */
export function ErrorAlert({ error, onClose, showFieldIssues = true }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const issues = showFieldIssues ? (apiError?.fieldIssues ?? []) : [];
  const requestId = apiError?.problem.requestId;
  return (
    <Alert
      type="error"
      showIcon
      closable={Boolean(onClose)}
      onClose={onClose}
      message={describeError(error, t)}
      data-testid="error-alert"
      description={
        issues.length > 0 || requestId ? (
          <>
            {issues.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {issues.map((issue) => (
                  <li key={`${issue.field}:${issue.message}`}>
                    <Typography.Text code>{issue.field}</Typography.Text> {issue.message}
                  </li>
                ))}
              </ul>
            )}
            {requestId && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('errors.requestId', { requestId })}
              </Typography.Text>
            )}
          </>
        ) : undefined
      }
    />
  );
}
