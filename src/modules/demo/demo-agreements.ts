import type { DemoGenerator } from './demo.service.ts';

/** Demo agreements (being built; see /work/notes/contracts-brief.md). */
export const agreementsDemo: DemoGenerator = {
  name: 'agreements',
  async run() {
    return {};
  },
};
