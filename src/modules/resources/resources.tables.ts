/**
 * resources tables (PRODUCT.md §4). Filled in by the resources module.
 */
export {};
