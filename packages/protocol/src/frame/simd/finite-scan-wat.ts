/**
 * Source of the WebAssembly SIMD finite scan (./finite-scan-bytes holds it assembled; a test re-assembles
 * this text with wabt and checks the committed bytes match).
 *
 * A float is NaN or ±Inf exactly when its exponent bits are all ones. Each 32-bit lane is masked so that
 * only sign-less high bits remain, and the largest masked lane (unsigned) must stay below the first
 * non-finite pattern: f32 lanes keep bits 0-30 against 0x7f800000; f64 keeps the high word of each value
 * (bits 0-30 of it) and zeroes the low word, against 0x7ff00000. Three integer operations per 16 bytes,
 * no branch on the data: memory bandwidth is the limit. Only whole 16-byte vectors are scanned (bytes
 * & ~15); the caller checks the last elements itself.
 */
export const FINITE_SCAN_WAT = `(module
  (import "env" "memory" (memory 0))
  (func $scan (param $ptr i32) (param $bytes i32) (param $mask v128) (param $limit i32) (result i32)
    (local $end i32) (local $acc v128)
    (local.set $end (i32.add (local.get $ptr) (i32.and (local.get $bytes) (i32.const -64))))
    (block $done64
      (loop $by64
        (br_if $done64 (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $acc (i32x4.max_u (local.get $acc) (v128.and (v128.load offset=0 (local.get $ptr)) (local.get $mask))))
        (local.set $acc (i32x4.max_u (local.get $acc) (v128.and (v128.load offset=16 (local.get $ptr)) (local.get $mask))))
        (local.set $acc (i32x4.max_u (local.get $acc) (v128.and (v128.load offset=32 (local.get $ptr)) (local.get $mask))))
        (local.set $acc (i32x4.max_u (local.get $acc) (v128.and (v128.load offset=48 (local.get $ptr)) (local.get $mask))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
        (br $by64)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $bytes) (i32.const 48))))
    (block $done16
      (loop $by16
        (br_if $done16 (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $acc (i32x4.max_u (local.get $acc) (v128.and (v128.load (local.get $ptr)) (local.get $mask))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $by16)))
    (i32x4.all_true (i32x4.lt_u (local.get $acc) (i32x4.splat (local.get $limit)))))
  (func (export "finite32") (param $ptr i32) (param $bytes i32) (result i32)
    (call $scan (local.get $ptr) (local.get $bytes)
      (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff) (i32.const 0x7f800000)))
  (func (export "finite64") (param $ptr i32) (param $bytes i32) (result i32)
    (call $scan (local.get $ptr) (local.get $bytes)
      (v128.const i32x4 0 0x7fffffff 0 0x7fffffff) (i32.const 0x7ff00000))))
`;
