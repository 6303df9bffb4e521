// The timed fake provider in a process of its own, for a benchmark that reads each process's CPU
// (bench:ceiling): in the driver's process its work could not be told apart from the driver's.
// Forked with the latency as its argument; sends its base URL once listening, exits when the parent leaves.
import { startTimedProvider } from './timed-provider.js';

const provider = await startTimedProvider(Number(process.argv[2] ?? 0));
process.send!({ baseUrl: provider.baseUrl });
process.on('disconnect', () => void provider.close().finally(() => process.exit(0)));
