export * from './http/problem.js';
export * from './http/pagination.js';
export * from './http/auth.js';
export * from './http/products.js';
export * from './messages/message-contract.js';
export * from './messages/persona-generation-task.js';
export * from './messages/feedback-generation-task.js';
export * from './messages/persona-status-changed.js';
