/** Demo value model, a first assessment and tier decisions (owner: value module). */
import type { DemoGenerator } from './demo.service.ts';

export const valueDemo: DemoGenerator = { name: 'value', run: async () => ({}) };
