export { type CallFailure, failureFromAnswer, headerValue, type ResponseHeaders } from './failure.js';
export { type CallOptions, createInternalHttp, type InternalHttp, type InternalHttpOptions } from './internal-http.js';
