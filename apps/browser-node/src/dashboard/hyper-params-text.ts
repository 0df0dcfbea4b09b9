/**
 * The dashboard's hyper-parameter field: "stableDelay=20, H=4" for the chosen algorithm, checked against the
 * same catalogue as `pnpm sim --param` (a name the algorithm does not read, or a value out of range, is a
 * sentence for the teacher, never a control the server would refuse). The field shows the room's params with
 * describeParams, the form this parser reads.
 */
import { parseParamSetting, resolveParams } from '@canopy/algorithms';
import type { SignalingAlgorithmName } from '@canopy/protocol';

export type ParamsText = { readonly ok: true; readonly params: Readonly<Record<string, number>> } | { readonly ok: false; readonly problem: string };

/** Settings separated by commas or spaces; empty text means the algorithm's defaults. */
export function parseParamsText(text: string, algorithm: SignalingAlgorithmName): ParamsText {
  const settings = [];
  for (const raw of text.split(/[\s,;]+/).filter((part) => part !== '')) {
    const parsed = parseParamSetting(raw);
    if (!parsed.ok) return { ok: false, problem: parsed.problem };
    settings.push(parsed.value);
  }
  const resolved = resolveParams(settings, [algorithm]);
  if (!resolved.ok) return { ok: false, problem: resolved.problem };
  return { ok: true, params: resolved.value[algorithm] ?? {} };
}
