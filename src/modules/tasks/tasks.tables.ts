/**
 * tasks tables (PRODUCT.md §4). Filled in by the tasks module.
 */
export {};
