export * from './http/problem.js';
export * from './http/pagination.js';
export * from './http/auth.js';
export * from './http/products.js';
