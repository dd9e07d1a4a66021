/** Demo customers, contacts, 24 months of billing, indicator inputs and satisfaction (owner: imports/demo). */
import type { DemoGenerator } from './demo.service.ts';

export const customersDemo: DemoGenerator = { name: 'customers', run: async () => ({}) };
