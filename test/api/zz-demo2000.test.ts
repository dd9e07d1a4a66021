import { it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { createTestContext } from '../harness.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { runAssessmentNow } from '../../src/modules/value/assessment.service.ts';
it('demo 2000', async () => {
  const ctx = await createTestContext({ demo: false });
  await runDemo(ctx.deps, systemActor('demo'), { customers: 2000, seed: 1 });
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const phases: string[] = [];
    await runAssessmentNow(ctx.deps, systemActor('x'), { trigger: 'cli', asOf: `2026-12-0${i + 1}` }, { onPhase: (p, ms) => phases.push(`${p} ${Math.round(ms)}`) });
    console.log('run', Math.round(performance.now() - t), 'ms', phases.join(', '));
  }
  await ctx.close();
}, 600000);
