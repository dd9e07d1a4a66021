import type { DemoGenerator } from './demo.service.ts';

/** Demo orders (being built; see /work/notes/contracts-brief.md). */
export const ordersDemo: DemoGenerator = {
  name: 'orders',
  async run() {
    return {};
  },
};
