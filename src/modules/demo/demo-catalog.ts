/**
 * Demo catalog data (owner: catalog module).
 */
import type { DemoGenerator } from './demo.service.ts';

export const catalogDemo: DemoGenerator = {
  name: 'catalog',
  run: async () => ({}),
};
