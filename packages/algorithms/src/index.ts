export * from './node';
export * from './topology/index';
export * from './algorithms/index';
export * from './sim/index';
export * from './kernels/index';
export * from './links/index';
