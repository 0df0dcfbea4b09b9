export * from './topology';
export * from './kinds';
export * from './frame/index';
export * from './signaling/index';
export * from './compression/index';
export * from './checkpoint/checkpoint';
export * from './tasks/tasks';
