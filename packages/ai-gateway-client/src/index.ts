export { createAiGatewayClient, type AiGatewayClient, type AiGatewayClientOptions, type CallOptions } from './client.js';
export { AiGatewayError, classifyAiFailure, type AiFailure, type AiGatewayErrorDetails } from './errors.js';
