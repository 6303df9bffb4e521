export { TEST_RETRY_DELAYS_MS, TEST_SECRETS, testEnv } from './env.js';
export {
  base64Embedding,
  fakeEmbedding,
  type FakeLlmProvider,
  type FakeReply,
  type RecordedRequest,
  startFakeLlmProvider,
} from './fake-llm-provider.js';
export { type FakeService, problemBody, type ReceivedServiceRequest, type ScriptedAnswer, startFakeService } from './fake-service.js';
export { createActivePersonas } from './fixtures.js';
export { rejectionOf, useStarted } from './lifecycle.js';
export { type Platform, type PlatformOptions, startPlatform } from './platform.js';
export {
  freePort,
  parseStartCommand,
  type ServiceBuild,
  serviceBuildFromEnv,
  serviceCommand,
  type ServiceProcess,
  type StartServiceOptions,
  startServiceProcess,
} from './service-process.js';
export { spyOnNamedStatements } from './statements.js';
export { type CraftedToken, craftToken, validClaims } from './tokens.js';
export { createUser, type SignedInUser, signIn, tokenFor } from './users.js';
export { waitFor } from './wait-for.js';
export { createTestDatabase, type TestDatabase } from '@persona-lab/db/testing';
