/** Demo service desk: circuits, desk configuration, tickets across tiers, return visits. PLACEHOLDER. */
import type { DemoGenerator } from './demo.service.ts';

export const deskDemo: DemoGenerator = {
  name: 'desk',
  async run() {
    return {};
  },
};
