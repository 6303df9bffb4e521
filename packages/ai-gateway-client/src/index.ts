export { createAiGatewayClient, type AiGatewayClient, type AiGatewayClientOptions, type CallOptions } from './client.js';
export { AiGatewayError, type AiGatewayErrorDetails } from './errors.js';
