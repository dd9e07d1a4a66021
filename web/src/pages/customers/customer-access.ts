/**
 * What the signed-in user may do with customers, mirroring the server's route access so that
 * the UI hides buttons a role cannot use (the server still enforces every rule).
 */
import type { Customer } from '../../api/customers';
import type { User } from '../../api/types';

/** POST /customers: admin and kam_manager. */
export function canCreateCustomer(user: User | null): boolean {
  return user?.role === 'admin' || user?.role === 'kam_manager';
}

/** POST /customers/:id/transfer: admin and kam_manager (a kam only sees its region anyway). */
export function canTransferCustomer(user: User | null): boolean {
  return canCreateCustomer(user);
}

/**
 * PATCH /customers/:id and the customer's contacts and notes: admin, the kam_manager of the
 * region (every customer a kam can read is in its region) and the owning account manager.
 */
export function canEditCustomer(user: User | null, customer: Pick<Customer, 'accountManagerId'>): boolean {
  if (!user) return false;
  if (user.role === 'admin' || user.role === 'kam_manager') return true;
  return user.role === 'account_manager' && customer.accountManagerId === user.id;
}
