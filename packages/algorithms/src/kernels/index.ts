export { VectorArena, MAX_LIVE_ARENAS } from './vector-arena';
export { descend, track, sgd } from './vector-kernels';
export { kernelModule, type KernelExports, type KernelModule } from './kernel-module';
export { MIN_ARENA_ELEMENTS } from './tracking-vectors';
