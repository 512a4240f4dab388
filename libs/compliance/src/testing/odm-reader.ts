import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Values kept as written (no trimming, no number parsing) and numeric character references decoded, so that a
// test sees exactly what an XML reader would; the repeating elements are always lists, even with one item.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  isArray: (name) => name === 'AuditRecord' || name === 'tl:FieldChange',
});

/** Parses an ODM-style export after checking it is well-formed XML. The tree is untyped, as any reader's is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an XML tree has no static type
export const readOdm = (xml: string): any => {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Not well-formed XML: ${JSON.stringify(valid.err)}`);
  return parser.parse(xml);
};
