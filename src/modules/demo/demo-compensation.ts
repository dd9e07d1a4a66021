import type { DemoGenerator } from './demo.service.ts';

/** Demo compensation (being built; see /work/notes/contracts-brief.md). */
export const compensationDemo: DemoGenerator = {
  name: 'compensation',
  async run() {
    return {};
  },
};
