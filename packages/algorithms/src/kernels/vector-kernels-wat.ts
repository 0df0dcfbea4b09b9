/**
 * Source of the WebAssembly SIMD vector kernels (./vector-kernels-bytes holds it assembled; a test
 * re-assembles this text with wabt and checks the committed bytes match).
 *
 * Each kernel is the JavaScript loop it replaces (./vector-kernels.ts), two elements at a time in f64x2
 * lanes: f32 inputs are widened exactly, every operation is the same IEEE operation in the same order
 * (no fused multiply-add), and f32 outputs are rounded to nearest like a Float32Array store. So the
 * results are bit for bit those of the loop, about ten times faster. Pointers are byte offsets into the
 * imported memory; an odd last element goes through the scalar tail.
 *
 *   descend32: d = x[k] − γ·z[k];  v[k] = d;  out[k] = s·d        (x, v, out f32; z f64)
 *   track32:   f = grad[k];  z[k] = z[k] + (f − g[k]);  g[k] = f   (z, g f64; grad f32)
 *   sgd32:     x[k] = x[k] − η·grad[k]                              (x, grad f32)
 */
export const VECTOR_KERNELS_WAT = `(module
  (import "env" "memory" (memory 0))
  (func (export "descend32") (param $x i32) (param $z i32) (param $v i32) (param $out i32) (param $n i32) (param $gamma f64) (param $self f64)
    (local $i i32) (local $pairs i32) (local $d v128) (local $g v128) (local $s v128) (local $df f64)
    (local.set $g (f64x2.splat (local.get $gamma)))
    (local.set $s (f64x2.splat (local.get $self)))
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
      (local.set $d (f64x2.sub
        (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
        (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3)))))))
      (v128.store64_lane 0 (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $d)))
      (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (f32x4.demote_f64x2_zero (f64x2.mul (local.get $s) (local.get $d))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $pair)))
    (if (i32.lt_u (local.get $i) (local.get $n)) (then
      (local.set $df (f64.sub
        (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
        (f64.mul (local.get $gamma) (f64.load (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3)))))))
      (f32.store (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (local.get $df)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (f64.mul (local.get $self) (local.get $df)))))))
  (func (export "track32") (param $z i32) (param $g i32) (param $grad i32) (param $n i32)
    (local $i i32) (local $pairs i32) (local $f v128) (local $zp i32) (local $gp i32) (local $ff f64)
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
      (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $f (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 2))))))
      (v128.store (local.get $zp) (f64x2.add (v128.load (local.get $zp)) (f64x2.sub (local.get $f) (v128.load (local.get $gp)))))
      (v128.store (local.get $gp) (local.get $f))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $pair)))
    (if (i32.lt_u (local.get $i) (local.get $n)) (then
      (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $ff (f64.promote_f32 (f32.load (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 2))))))
      (f64.store (local.get $zp) (f64.add (f64.load (local.get $zp)) (f64.sub (local.get $ff) (f64.load (local.get $gp)))))
      (f64.store (local.get $gp) (local.get $ff)))))
  (func (export "sgd32") (param $x i32) (param $grad i32) (param $n i32) (param $eta f64)
    (local $i i32) (local $pairs i32) (local $e v128) (local $xp i32)
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
      (local.set $xp (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
      (v128.store64_lane 0 (local.get $xp) (f32x4.demote_f64x2_zero (f64x2.sub
        (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $xp)))
        (f64x2.mul (local.get $e) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 2)))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $pair)))
    (if (i32.lt_u (local.get $i) (local.get $n)) (then
      (local.set $xp (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
      (f32.store (local.get $xp) (f32.demote_f64 (f64.sub
        (f64.promote_f32 (f32.load (local.get $xp)))
        (f64.mul (local.get $eta) (f64.promote_f32 (f32.load (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 2))))))))))))
)
`;
