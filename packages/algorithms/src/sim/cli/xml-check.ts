/**
 * A minimal well-formedness check for the SVG we write (tests only; no XML parser is installed):
 * tags balance, attributes are quoted, text holds no raw '<' and only known entities.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
}

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;
const ENTITY = /&(?!(amp|lt|gt|quot|apos);)/;

/** Returns every element in document order, or throws describing the first defect. */
export function parseXml(source: string): XmlElement[] {
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const open: { name: string; index: number }[] = [];
  let pos = 0;
  let roots = 0;
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const text = source.slice(pos, lt === -1 ? source.length : lt);
    if (ENTITY.test(text)) throw new Error(`bad entity in text near ${pos}`);
    if (text.includes('>')) throw new Error(`stray '>' near ${pos}`);
    const parent = open.at(-1);
    if (parent) elements[parent.index]!.text += text;
    else if (text.trim() !== '') throw new Error(`text outside the root element near ${pos}`);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const match = TAG.exec(source);
    if (!match) throw new Error(`malformed tag near ${lt}: ${source.slice(lt, lt + 40)}`);
    const [whole, closing, name = '', attrText = '', selfClosing] = match;
    if (closing) {
      const top = open.pop();
      if (top?.name !== name) throw new Error(`</${name}> closes <${top?.name ?? 'nothing'}>`);
    } else {
      if (open.length === 0) roots += 1;
      const attributes: Record<string, string> = {};
      for (const [, key = '', value = ''] of attrText.matchAll(ATTRIBUTE)) {
        if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
        if (ENTITY.test(value)) throw new Error(`bad entity in attribute ${key}`);
        attributes[key] = value;
      }
      elements.push({ name, attributes, text: '' });
      if (!selfClosing) open.push({ name, index: elements.length - 1 });
    }
    pos = lt + whole.length;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.at(-1)?.name}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return elements;
}
