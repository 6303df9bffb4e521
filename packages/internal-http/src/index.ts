export { createInternalHttp, type CallOptions, type InternalHttp, type InternalHttpOptions } from './internal-http.js';
export { failureFromAnswer, headerValue, type CallFailure, type ResponseHeaders } from './failure.js';
