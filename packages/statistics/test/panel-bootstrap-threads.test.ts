// The panel bootstrap shared with a helper thread gives exactly what it gives on one thread.
import { describe, expect, it } from 'vitest';

import { alongsideHelperThread } from '../src/helper-thread.js';
import { bootstrapPanel, type PanelAnswers, startPanelHelperThread } from '../src/index.js';
import { PANEL_WORKER } from '../src/panel-bootstrap.js';
import { type GroupResult, type GroupsJob, resampleGroups } from '../src/panel-groups.js';

const SEED = 20_261_201;

/** 60 personas, 4 items, 3 measures, seeded, with missing values of several patterns. */
function panelWithGaps(): PanelAnswers {
  const [personas, items, measures] = [60, 4, 3];
  let state = 11;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const values = new Float64Array(personas * items * measures);
  for (let i = 0; i < personas; i++) {
    for (let k = 0; k < items; k++) {
      for (let m = 0; m < measures; m++) {
        const missing = i % 7 === 3 || (k === 2 && i % 5 === 1) || (m === 2 && (i + k) % 4 === 0);
        values[(i * items + k) * measures + m] = missing ? Number.NaN : 1 + next() * 9;
      }
    }
  }
  return { personas, items, measures, values };
}

const panel = panelWithGaps();
const everyone = Array.from({ length: panel.personas }, (_, i) => i);
const request = {
  // Two halves, three thirds, a group of everyone (not resampled), a small group and an empty one.
  groups: [
    ...[0, 1].map((r) => everyone.filter((i) => i % 2 === r)),
    ...[0, 1, 2].map((r) => everyone.filter((i) => i % 3 === r)),
    everyone,
    [3, 11, 18],
    [],
  ],
  differences: [
    { a: 0, b: 1, measure: 0 },
    { a: 1, b: 2, measure: 2 },
    { a: 3, b: 2, measure: 1 },
  ],
};

describe('bootstrapPanel across threads', () => {
  it('gives exactly the intervals it gives on the calling thread alone', async () => {
    const alone = await bootstrapPanel(panel, request, { seed: SEED, helperThread: false });
    const shared = await bootstrapPanel(panel, request, { seed: SEED, helperThread: true });
    // Every number Object.is-equal (so -0 apart from 0), and the same text as stored.
    expect(shared).toStrictEqual(alone);
    expect(JSON.stringify(shared)).toBe(JSON.stringify(alone));
    // The panel is the one with gaps: some intervals lost resamples, and the empty group has none.
    expect(alone.groups[6]!.byItem[0]![0]!.resamples).toBeLessThan(2000);
    expect(alone.groups[7]!.allItems).toEqual([null, null, null]);
  });

  it('gives the same intervals on a helper thread started before the panel was ready', async () => {
    const helperThread = startPanelHelperThread();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const alone = await bootstrapPanel(panel, request, { seed: SEED, helperThread: false });
    expect(await bootstrapPanel(panel, request, { seed: SEED, helperThread })).toStrictEqual(alone);
  });

  it('ends a helper thread it was given when it refuses the request', async () => {
    const helperThread = startPanelHelperThread();
    const refused = bootstrapPanel(panel, { differences: [{ a: 0, b: 9, measure: 0 }] }, { seed: SEED, helperThread });
    await expect(refused).rejects.toThrow('no item 9 among 4');
    await expect(helperThread.alongside(null, () => null)).rejects.toThrow(/exited with code \d+ before answering/);
  });

  it('has the helper thread resample what it is given as the calling thread would', async () => {
    const job: GroupsJob = {
      panel,
      tasks: request.groups.slice(0, 3).map((members) => ({ members: Uint32Array.from(members), differences: request.differences })),
      seed: SEED,
      resamples: 2000,
      confidence: 0.95,
    };
    const [, there] = await alongsideHelperThread<null, GroupResult[]>(PANEL_WORKER, job, () => null);
    expect(there).toStrictEqual(resampleGroups(job));
  });

  it('rejects with the helper thread’s error when the thread fails', async () => {
    // A job the thread cannot read: the error is raised there, not here.
    const broken = { panel: { ...panel, values: null }, tasks: [], seed: SEED, resamples: 2000, confidence: 0.95 };
    await expect(alongsideHelperThread(PANEL_WORKER, broken, () => null)).rejects.toThrow(TypeError);
  });
});
