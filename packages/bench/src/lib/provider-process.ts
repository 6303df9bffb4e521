// The timed fake provider in a process of its own, so that the driver's work (reading every process's
// CPU once a second takes ~16 ms here) neither delays the fake's answers nor mixes with its CPU.
// Forked with the latency as its argument; sends its base URL once listening, answers probe requests
// (`ProviderRequest`) with what the provider saw, exits when the parent leaves.
import { startTimedProvider } from './timed-provider.js';

/** What the parent asks of the provider process, answered with the same `id`. */
export interface ProviderRequest {
  id: number;
  ask: 'probe' | 'resetProbe';
}

const provider = await startTimedProvider(Number(process.argv[2] ?? 0));
process.send!({ baseUrl: provider.baseUrl });
process.on('message', (request: ProviderRequest) => {
  void provider[request.ask]().then((answer) => process.send!({ id: request.id, answer }));
});
process.on('disconnect', () => void provider.close().finally(() => process.exit(0)));
