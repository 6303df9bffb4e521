export { backoffCeiling, backoffDelay, type BackoffPolicy } from './backoff.js';
export { type CallFailure, failureFromAnswer, headerValue, type ResponseHeaders } from './failure.js';
export { exchange, type ExchangeOptions, type HttpAnswer } from './http-exchange.js';
export { type CallOptions, createInternalHttp, type InternalHttp, type InternalHttpOptions } from './internal-http.js';
