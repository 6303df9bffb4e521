export { createTestDatabase, type TestDatabase } from '@persona-lab/db/testing';
export { waitFor } from './wait-for.js';
export { TEST_RETRY_DELAYS_MS, TEST_SECRETS, testEnv } from './env.js';
export { startFakeLlmProvider, type FakeLlmProvider, type FakeReply, type RecordedRequest } from './fake-llm-provider.js';
export { problemBody, startFakeService, type FakeService, type ReceivedServiceRequest, type ScriptedAnswer } from './fake-service.js';
export { startServiceProcess, freePort, type ServiceProcess } from './service-process.js';
export { createActivePersonas } from './fixtures.js';
export { craftToken, validClaims, type CraftedToken } from './tokens.js';
export { createUser, signIn, tokenFor, type SignedInUser } from './users.js';
