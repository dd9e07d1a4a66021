/**
 * Demo resources data (owner: resources module).
 */
import type { DemoGenerator } from './demo.service.ts';

export const resourcesDemo: DemoGenerator = {
  name: 'resources',
  run: async () => ({}),
};
