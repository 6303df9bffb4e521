// The bootstrap of a panel whose personas each answer several items (products): the persona is the
// sampling unit. A resample draws personas, and the same draws serve every item's means, the means
// of all items together and the paired differences between items, so a session's intervals cost
// one set of draws per group of personas instead of one per figure.
import { type BootstrapOptions, checkedOptions, type Interval } from './bootstrap.js';
import { type HelperThread, startHelperThread, workerEntry } from './helper-thread.js';
import { checkDifference, checkPanel, type GroupResult, type GroupsJob, type GroupTask, resampleGroups } from './panel-groups.js';

/** Every persona's values of every measure of every item; NaN where a persona has no value. */
export interface PanelAnswers {
  personas: number;
  items: number;
  measures: number;
  /**
   * `values[(persona * items + item) * measures + measure]`; NaN where the persona has no value of
   * the measure for the item (no answer, a failed one, an unrated one).
   */
  values: Float64Array;
}

/** mean(measure of item a − measure of item b) over the personas with both values. */
export interface ItemDifference {
  a: number;
  b: number;
  measure: number;
}

export interface PanelBootstrapRequest {
  /**
   * Further groups of personas (segments), each resampled within itself: n draws among its n members
   * (a persona listed twice is two members, as in a sample that holds it twice).
   */
  groups?: readonly (readonly number[])[];
  /** Paired differences between items, from the whole panel's draws. */
  differences?: readonly ItemDifference[];
}

/** A group's intervals; null where no persona of the group has a value. */
export interface PanelGroupIntervals {
  /** `byItem[item][measure]`: the mean over the group's values of that item. */
  byItem: (Interval | null)[][];
  /** `allItems[measure]`: the mean over every value of the group, all items together. */
  allItems: (Interval | null)[];
}

export interface PanelBootstrapOptions extends BootstrapOptions {
  /**
   * Whether about half of the groups' work goes to a helper thread (the output is the same either way):
   * one started for this call, or the one given, started earlier by `startPanelHelperThread` (then used
   * whatever the work, and ended in every case). By default, one started for this call when the panel
   * is large enough for it to pay: see HELPER_THREAD_MIN_WORK.
   */
  helperThread?: boolean | HelperThread;
}

export interface PanelIntervals {
  whole: PanelGroupIntervals;
  groups: PanelGroupIntervals[];
  differences: (Interval | null)[];
}

/**
 * The percentile bootstrap intervals of a panel's means. Each group (the whole panel, then each of
 * `groups`) is resampled on its own: every resample draws as many personas as the group has, with
 * replacement, from a generator seeded with `options.seed`, and a figure's resampled mean is the
 * sum of the drawn personas' values over the number of drawn personas with a value.
 *
 * - An item on which every persona of the group has a value gets the interval
 *   `bootstrapMeansTogether` gives that item's values: the same draws (sums added in persona order
 *   rather than draw order, so equal up to the rounding of the last bit).
 * - All items together is a cluster bootstrap: a persona's answers to every item move together,
 *   which widens the interval when a persona's answers are correlated, as they are.
 * - A resample that draws no persona with a value of a figure has no mean of it and is left out of
 *   that figure's percentiles; `resamples` counts those kept. Only a group with missing values can
 *   lose any, and only a small one loses more than a handful.
 *
 * The values are laid out once as one row per persona (values with 0 for missing, then one 0/1
 * column per distinct pattern of missing values), and a group's rows as columns: four resamples at a
 * time count how often each drew each member, and each column is read once for the four weighted
 * sums, in tight loops over typed arrays.
 *
 * The groups are independent, each drawn from its own generator, so a large panel's groups are
 * shared between this thread and a helper thread (node:worker_threads), by their number of personas.
 */
export async function bootstrapPanel(
  panel: PanelAnswers,
  request: PanelBootstrapRequest,
  options: PanelBootstrapOptions,
): Promise<PanelIntervals> {
  try {
    return await intervalsOfPanel(panel, request, options);
  } finally {
    // A helper thread given is ended also when the request is refused.
    if (typeof options.helperThread === 'object') options.helperThread.end();
  }
}

async function intervalsOfPanel(
  panel: PanelAnswers,
  request: PanelBootstrapRequest,
  options: PanelBootstrapOptions,
): Promise<PanelIntervals> {
  const { resamples, confidence } = checkedOptions(options);
  checkPanel(panel);
  const differences = request.differences ?? [];
  for (const difference of differences) checkDifference(panel, difference);
  const groups = (request.groups ?? []).map((members, g) => checkedMembers(members, panel.personas, g));
  // A group of every persona in order (the one country of an audience) draws exactly as the whole
  // panel does, from the same seed: its intervals are the whole's, not resampled a second time.
  const resampled = groups.map((members) => !isEveryone(members, panel.personas));
  const tasks: GroupTask[] = [
    { members: Uint32Array.from({ length: panel.personas }, (_, i) => i), differences },
    ...groups.filter((_, g) => resampled[g]).map((members) => ({ members, differences: [] })),
  ];
  const job: GroupsJob = { panel, tasks, seed: options.seed, resamples, confidence };
  const [whole, ...others] = await resampleOnThreads(job, options.helperThread);
  let next = 0;
  return {
    whole: whole!.intervals,
    groups: groups.map((_, g) => (resampled[g] ? others[next++]!.intervals : copyOf(whole!.intervals))),
    differences: whole!.differences,
  };
}

/**
 * The work of a job, in values added: every resample adds up a row of the panel (its figures, and
 * about four more for the draw and the missing-value counts) per persona of the group, drawn or not.
 * One unit costs 0.8–1.6 ns on this project's machine (2,000 personas, 5 groups' worth of draws,
 * one thread: 1 item × 4 measures 13 ns per persona, 10 items 33 ns, at load average 1–2).
 */
const workOf = ({ panel, tasks, resamples }: GroupsJob) =>
  tasks.reduce((sum, { members }) => sum + members.length, 0) * resamples * (panel.items * panel.measures + 4);

/**
 * From this much work (0.2–0.3 s on one thread) a helper thread started for the call pays: starting
 * one, loading its modules and answering took 85–93 ms of CPU, mostly on the other core, and 85–92 ms
 * of wall time (medians of 20 from dist, load average 7–10), while it takes about half of the work.
 * Medians from dist, one thread against shared (the handicap at 0.16), 2,000 personas, 5 groups:
 * 1 item (160 million units) 281 against 291 ms; 2 items 384 against 355; 3 items 428 against 360;
 * 5 items 560 against 410. A 20,000-result session's bootstrap is about 4.5 times this.
 */
export const HELPER_THREAD_MIN_WORK = 200_000_000;

/** The helper thread's entry module. */
export const PANEL_WORKER = workerEntry('panel-bootstrap-worker', import.meta.url);

/**
 * A helper thread for a `bootstrapPanel` call to come (its `helperThread` option), started now so that
 * its start and module loading (60–110 ms) overlap the caller's own work, such as reading the panel.
 * The caller ends it if it makes no such call.
 */
export const startPanelHelperThread = (): HelperThread => startHelperThread(PANEL_WORKER);

/**
 * The helper thread's handicap, as a share of the personas to resample: one started for the call
 * starts 60–110 ms after this thread, about a tenth of a 20,000-result session's resampling. With
 * 0.16, this thread's share of 2,000 × 10 (5,666 of 10,000 personas to resample) took 540–740 ms and
 * the helper's 410–530 ms after its start; 0.08 ended sooner in 2 of 3 alternating sets of 8 runs.
 */
const HELPER_THREAD_HEAD_START = 0.08;

/**
 * The handicap of a helper thread started earlier, its modules loaded: none. Its first resamples run
 * before V8 has optimized them, but the largest task, the whole panel, goes to this thread, and it
 * carries the paired differences besides. With 0.07, this thread's share of 2,000 × 10 (5,333 of
 * 10,000 personas) took 510–690 ms and the helper's (4,667) 430–500 ms, six runs from dist; with
 * none, the whole ended sooner in 3 of 3 alternating sets of 8 runs (medians 661, 517, 544 ms
 * against 702, 730, 575).
 */
const STARTED_HELPER_HEAD_START = 0;

/** The groups' results, on this thread alone or shared with a helper thread (see PanelBootstrapOptions). */
async function resampleOnThreads(job: GroupsJob, helperThread: boolean | HelperThread | undefined): Promise<GroupResult[]> {
  if (typeof helperThread === 'object') return resampleAcrossThreads(job, helperThread, STARTED_HELPER_HEAD_START);
  if (helperThread ?? workOf(job) >= HELPER_THREAD_MIN_WORK)
    return resampleAcrossThreads(job, startPanelHelperThread(), HELPER_THREAD_HEAD_START);
  return resampleGroups(job);
}

/**
 * The tasks shared between this thread and a helper thread, by their personas (a resample's cost
 * is about proportional to them), the largest first, each to the side with less so far, the helper
 * counted from its handicap (a share of all the personas to resample).
 */
async function resampleAcrossThreads(job: GroupsJob, helper: HelperThread, headStart: number): Promise<GroupResult[]> {
  const sides: [number[], number[]] = [[], []];
  const load = [0, headStart * job.tasks.reduce((sum, { members }) => sum + members.length, 0)];
  const bySize = job.tasks.map((task, t) => ({ t, size: task.members.length })).sort((a, b) => b.size - a.size || a.t - b.t);
  for (const { t, size } of bySize) {
    const side = load[0]! <= load[1]! ? 0 : 1;
    sides[side].push(t);
    load[side]! += size;
  }
  const [here, there] = sides.map((side) => ({ ...job, tasks: side.map((t) => job.tasks[t]!) }));
  const [hereResults, thereResults] = await helper.alongside<GroupResult[], GroupResult[]>(there, () => resampleGroups(here!));
  const results: GroupResult[] = new Array<GroupResult>(job.tasks.length);
  sides[0].forEach((t, i) => (results[t] = hereResults[i]!));
  sides[1].forEach((t, i) => (results[t] = thereResults[i]!));
  return results;
}

function checkedMembers(members: readonly number[], personas: number, g: number): Uint32Array {
  for (const i of members) {
    if (!Number.isSafeInteger(i) || i < 0 || i >= personas)
      throw new RangeError(`group ${g} names persona ${i}, not one of 0..${personas - 1}`);
  }
  return Uint32Array.from(members);
}

const isEveryone = (members: Uint32Array, personas: number) => members.length === personas && members.every((persona, j) => persona === j);

/** A group's intervals apart from another's: the caller may change one without the other. */
const copyOf = ({ byItem, allItems }: PanelGroupIntervals): PanelGroupIntervals => ({
  byItem: byItem.map((measures) => measures.map((interval) => interval && { ...interval })),
  allItems: allItems.map((interval) => interval && { ...interval }),
});
