export { type AiGatewayClient, type AiGatewayClientOptions, type CallOptions, createAiGatewayClient } from './client.js';
export { type AiFailure, AiGatewayError, type AiGatewayErrorDetails, classifyAiFailure } from './errors.js';
